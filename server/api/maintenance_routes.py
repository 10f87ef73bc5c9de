"""Maintenance windows and shelvings of every console: upload (consoles), feed (viewers)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from server.api.deps import EngineDep, Uploading, Viewer
from server.api.schemas import MAX_BATCH, EventResult, Responses, Strict
from server.clock import now_ms
from server.maintenance import ingest_maintenance, page
from server.push import HeadWatcher
from server.rights import Uploader

router = APIRouter(prefix="/v1", tags=["maintenance"])
AUTH: Responses = {401: {"description": "no valid token"}, 403: {"description": "role too low"}}


class MaintenanceBatch(Strict):
    records: list[dict[str, Any]] = Field(max_length=MAX_BATCH)


class MaintenanceUploadResult(BaseModel):
    results: list[EventResult]


class MaintenanceRecordOut(BaseModel):
    seq: int
    id: str
    kind: str
    updated_hlc: str
    console_id: str
    user: str
    body: dict[str, Any]
    uploaded_by_console: str
    received_ms: int
    flags: list[str]


@router.post("/maintenance", responses={**AUTH, 413: {"description": "batch too large"}})
def upload_maintenance(
    body: MaintenanceBatch, who: Uploading, request: Request, engine: EngineDep
) -> MaintenanceUploadResult:
    """Store versions of maintenance windows and shelvings: per version accepted (with
    its seq), duplicate (already stored, or older than the stored one: last writer by
    (updated_hlc, console_id) wins), or rejected (422 schema, 403 rights: a technician
    or above) and quarantined. Idempotent by (id, updated_hlc); replied after the commit."""
    assert who.console_id is not None and who.site is not None
    uploader = Uploader(who.console_id, who.site, who.user)
    results = ingest_maintenance(engine, body.records, uploader, now_ms())
    seqs = [int(r["seq"]) for r in results if isinstance(r.get("seq"), int)]
    if seqs:  # streaming consoles hear of it now, not at the next counter poll
        watcher: HeadWatcher = request.app.state.watcher
        loop: asyncio.AbstractEventLoop = request.app.state.loop
        loop.call_soon_threadsafe(watcher.offer_maintenance, max(seqs))
    return MaintenanceUploadResult.model_validate({"results": results})


@router.get("/maintenance", responses={**AUTH})
def maintenance_feed(
    who: Viewer,
    engine: EngineDep,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[MaintenanceRecordOut]:
    """The latest version of each window and shelving changed after `after` (a `seq`),
    in commit order; page with `after` = the last `seq` seen."""
    return [MaintenanceRecordOut.model_validate(row) for row in page(engine, after, limit)]
