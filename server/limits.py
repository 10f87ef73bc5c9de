"""Refuse oversized requests with 413: bodies over a size limit, before they are read
into memory (`BodyLimit`), and batches of more items than a request may carry
(`batch_too_large`: the schemas' `maxItems`, e.g. 1,000 events per upload).

A batch over the count is too large, not malformed: each of its items may be fine, and a
client that gets 413 splits the batch and sends the halves (`app.sync.client`), where a
422 would say the same request can never succeed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("plantconsole.server")


class BodyLimit:
    """Pure ASGI middleware: checks Content-Length, or counts a chunked body."""

    def __init__(self, app: ASGIApp, default: int, per_path: Mapping[str, int]) -> None:
        self.app = app
        self.default = default
        self.per_path = dict(per_path)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope.get("path", ""), self.default)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    if int(value) > limit:
                        await _drain(receive, int(value), limit)
                        await _refuse(send, limit, scope, int(value))
                        return
                except ValueError:
                    pass
        if any(name == b"content-length" for name, _ in scope.get("headers", [])):
            await self.app(scope, receive, send)  # the server stops at Content-Length
            return
        # Chunked: buffer up to the limit, then replay (FastAPI turns errors raised
        # while it reads the body into 400s, so the limit is enforced before it).
        chunks: list[Message] = []
        seen = 0
        while True:
            message = await receive()
            chunks.append(message)
            if message["type"] != "http.request":
                break
            seen += len(message.get("body", b""))
            if seen > limit:
                await _refuse(send, limit, scope, seen)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return chunks.pop(0) if chunks else await receive()

        await self.app(scope, replay, send)


DRAIN_FACTOR = 8
"""A body refused by its Content-Length is read and dropped first when at most this many
times the limit: closing the connection on a body still arriving resets it, and the
client (httpx, in the middle of sending) then sees only the reset, never the 413."""


async def _drain(receive: Receive, size: int, limit: int) -> None:
    """Read and drop the request body (nothing kept), when it is not absurdly large."""
    if size > DRAIN_FACTOR * limit:
        return
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


async def _refuse(send: Send, limit: int, scope: Scope, size: int) -> None:
    """413, said in the log too: the client may see only the connection closed on it."""
    path, client = scope.get("path", ""), scope.get("client")
    log.warning(
        "refused %s %s: request body of %d bytes or more, over %d",
        scope.get("method", ""),
        path,
        size,
        limit,
        extra={"bytes": size, "limit": limit, "client": client[0] if client else None},
    )
    body = json.dumps({"detail": f"request body over {limit} bytes"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _over_count(error: Mapping[str, Any]) -> tuple[str, int, int] | None:
    """(field, items sent, limit) when `error` is a top-level batch list over its
    `maxItems` (loc ('body', FIELD)), else None."""
    loc = tuple(error.get("loc", ()))
    ctx = error.get("ctx") or {}
    if error.get("type") != "too_long" or len(loc) != 2 or loc[0] != "body":
        return None
    if not isinstance(ctx.get("max_length"), int) or not isinstance(ctx.get("actual_length"), int):
        return None
    return str(loc[1]), ctx["actual_length"], ctx["max_length"]


async def batch_too_large(request: Request, exc: Exception) -> Response:
    """413 for a batch with more items than allowed, on a route that documents 413 (the
    batch uploads); any other validation error as usual (422 with FastAPI's details)."""
    assert isinstance(exc, RequestValidationError)
    route = request.scope.get("route")
    documented = 413 in (getattr(route, "responses", None) or {})
    for error in exc.errors() if documented else ():
        over = _over_count(error)
        if over is not None:
            field, sent, limit = over
            detail = f"batch too large: {sent} {field}, at most {limit} per request"
            log.info("refused %s %s: %s", request.method, request.url.path, detail)
            return JSONResponse({"detail": detail}, status_code=413)
    return await request_validation_exception_handler(request, exc)
