"""Event upload, the change feed in pages, and the push stream (SSE)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from server.api.deps import ConfigDep, EngineDep, Uploading, Viewer
from server.api.schemas import FeedPage, Responses, UploadBatch, UploadResult
from server.clock import now_ms
from server.feed import DEFAULT_PAGE, MAX_PAGE, Marks, page_json
from server.ingest import ingest
from server.push import HeadWatcher
from server.rights import Uploader

router = APIRouter(prefix="/v1", tags=["events"])
AUTH: Responses = {401: {"description": "no valid token"}, 403: {"description": "role too low"}}
HEARTBEAT_S = 15.0


@router.post("/events", responses={**AUTH, 413: {"description": "batch too large"}})
def upload(
    body: UploadBatch, who: Uploading, request: Request, engine: EngineDep, config: ConfigDep
) -> UploadResult:
    """Store a batch: per event accepted (with its seq), duplicate, or rejected (422 schema,
    403 rights) and quarantined. The reply comes after the commit: an acknowledged event
    is durable. Event ids are idempotency keys, so a retried batch is harmless."""
    assert who.console_id is not None and who.site is not None
    uploader = Uploader(who.console_id, who.site, who.user)
    outcome = ingest(
        engine,
        body.events,
        uploader,
        now_ms(),
        config.clock_ahead_ms,
        request.app.state.hlc_clock,
        owned=True,  # the request body FastAPI just parsed
    )
    watcher: HeadWatcher = request.app.state.watcher
    loop: asyncio.AbstractEventLoop = request.app.state.loop
    loop.call_soon_threadsafe(watcher.offer, outcome.head)
    return UploadResult.model_validate({"results": outcome.results, "head": outcome.head})


@router.get("/events", responses={**AUTH, 200: {"model": FeedPage}})
def feed(
    who: Viewer,
    engine: EngineDep,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
    form: Annotated[Literal["events", "rows"], Query()] = "events",
) -> Response:
    """Accepted events with seq > after, in seq order; `cursor` is the last seq returned.
    `form=rows`: `"rows"` instead of `"events"`, each event an array of its values
    (`server.feed`); consoles that do not ask get the objects."""
    page = page_json(engine, after, limit, rows_form=form == "rows")
    return Response(page, media_type="application/json")


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={**AUTH, 200: {"content": {"text/event-stream": {}}}},
)
async def stream(who: Viewer, request: Request) -> StreamingResponse:
    """Server-sent events: `event: head` with `{"head": N, "maintenance": M}` whenever
    the event feed (N) or the maintenance feed (M, the last `seq` of
    `GET /v1/maintenance`) grows, and once at the start; a comment line every 15 s
    keeps proxies from closing it."""
    watcher: HeadWatcher = request.app.state.watcher

    async def lines() -> AsyncIterator[str]:
        seen: Marks | None = None
        while not watcher.stopping and not await request.is_disconnected():
            marks = await watcher.wait_beyond(seen, HEARTBEAT_S)
            if marks != seen:
                seen = marks
                data = json.dumps({"head": marks.head, "maintenance": marks.maintenance})
                yield f"event: head\ndata: {data}\n\n"
            else:
                yield ": keep-alive\n\n"

    return StreamingResponse(
        lines(), media_type="text/event-stream", headers={"cache-control": "no-store"}
    )
