"""The server's HTTP API as the console uses it: login, upload, feed pages, push stream.

Every request has a timeout; transport errors and 5xx become `ServerUnavailable`,
401 on login `AuthFailed`, 403 `Forbidden`. The stream yields the feeds' marks.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import httpx

from app.sync.errors import AuthFailed, Forbidden, ServerUnavailable, TooLarge
from models.gc_pause import cyclic_gc_paused
from models.incidents.events import Event, to_json


@dataclass(frozen=True)
class FeedPage:
    items: list[Any]  # {"seq", "flags", "event"}, or a compact row (`remote.parse_page`)
    cursor: int
    head: int
    more: bool


class StreamMarks(NamedTuple):
    """What the push stream announces: the event feed's head and the maintenance feed's
    last seq (None from a server that announces only events)."""

    head: int
    maintenance: int | None


class TokenExpired(Exception):
    """401 on a call with a token: log in again."""


class NotSupported(Exception):
    """The server is older than this console and has no such endpoint."""


def _check(response: httpx.Response) -> None:
    if response.status_code >= 500:
        raise ServerUnavailable(f"server error {response.status_code}")
    if response.status_code == 401:
        raise TokenExpired()
    if response.status_code == 403:
        raise Forbidden(_detail(response))
    if response.status_code == 413:
        raise TooLarge(f"request too large: {_detail(response)}")
    if response.status_code >= 400:
        raise ServerUnavailable(f"server refused: {response.status_code} {_detail(response)}")


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail", response.text))
    except ValueError:
        return response.text[:200]


def _parse_page(content: bytes) -> Any:
    """A feed page's JSON, without cyclic garbage collection meanwhile: its ~30 objects
    per event are plain dicts and lists (no cycles), and while an initial sync keeps
    100,000+ events alive, the collector's full passes over them, set off by these
    allocations, made the parse four times slower. Not awaited: the pause lasts one
    parse (~15 ms for a 5,000-event page), then the collector is as it was."""
    with cyclic_gc_paused():
        return json.loads(content)


def _tracer(sent: asyncio.Event) -> Callable[[str, dict[str, Any]], Awaitable[None]]:
    """An httpcore `trace` extension that sets `sent` when the request has been written."""

    async def trace(name: str, info: dict[str, Any]) -> None:
        if name.endswith(("send_request_body.complete", ".failed")):
            sent.set()

    return trace


class ServerApi:
    def __init__(self, base_url: str, verify: ssl.SSLContext | bool, timeout_s: float) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url,
            verify=verify,
            timeout=httpx.Timeout(timeout_s),
            limits=httpx.Limits(max_connections=4),
        )
        self.token: str | None = None

    async def close(self) -> None:
        await self._http.aclose()

    def _auth(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"} if self.token else {}

    async def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self._http.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise ServerUnavailable(f"{type(exc).__name__}: {exc or 'no answer'}") from exc

    async def login(self, **credentials: str | int | None) -> dict[str, Any]:
        body = {k: v for k, v in credentials.items() if v is not None}
        response = await self._request("POST", "/v1/login", json=body)
        if response.status_code in (401, 422):
            raise AuthFailed(_detail(response))
        if response.status_code == 429:
            raise AuthFailed("too many failed logins: wait a few minutes")
        _check(response)
        data: dict[str, Any] = response.json()
        return data

    async def upload(self, events: Sequence[Event]) -> dict[str, Any]:
        # The events' canonical texts, already made when they were checked or read back.
        body = ('{"events":[' + ",".join(to_json(e) for e in events) + "]}").encode("utf-8")
        headers = {**self._auth(), "content-type": "application/json"}
        response = await self._request("POST", "/v1/events", content=body, headers=headers)
        _check(response)
        data: dict[str, Any] = response.json()
        return data

    async def upload_diagnostics(self, records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """Diagnostic audit records; `NotSupported` from a server without the endpoint."""
        body = {"records": [dict(r) for r in records]}
        response = await self._request("POST", "/v1/diagnostics", json=body, headers=self._auth())
        if response.status_code in (404, 405):
            raise NotSupported("the server does not take diagnostic audit records")
        _check(response)
        data: dict[str, Any] = response.json()
        return data

    async def upload_maintenance(self, records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """Maintenance window/shelving versions; `NotSupported` from an older server."""
        body = {"records": [dict(r) for r in records]}
        response = await self._request("POST", "/v1/maintenance", json=body, headers=self._auth())
        if response.status_code in (404, 405):
            raise NotSupported("the server does not take maintenance windows")
        _check(response)
        data: dict[str, Any] = response.json()
        return data

    async def maintenance_feed(self, after: int, limit: int) -> list[dict[str, Any]]:
        """Window/shelving versions after `after` (their `seq`), in commit order."""
        params = {"after": after, "limit": limit}
        response = await self._request(
            "GET", "/v1/maintenance", params=params, headers=self._auth()
        )
        if response.status_code in (404, 405):
            raise NotSupported("the server has no maintenance feed")
        _check(response)
        data = response.json()
        if not isinstance(data, list):
            raise ServerUnavailable("the maintenance feed is not a list")
        return [r for r in data if isinstance(r, dict)]

    async def feed(self, after: int, limit: int, sent: asyncio.Event | None = None) -> FeedPage:
        """A feed page. `sent` is set once the request is on the wire (the server works on
        it from then on, whatever the caller's loop does meanwhile)."""
        # form=rows: each event as an array of its values (server.feed), half the parse;
        # an older server ignores the parameter and sends "events" (read as before)
        params = {"after": after, "limit": limit, "form": "rows"}
        extensions = None if sent is None else {"trace": _tracer(sent)}
        response = await self._request(
            "GET", "/v1/events", params=params, headers=self._auth(), extensions=extensions
        )
        _check(response)
        data = _parse_page(response.content)
        items = data["rows"] if "rows" in data else data["events"]
        return FeedPage(items, int(data["cursor"]), int(data["head"]), bool(data["more"]))

    async def get(self, path: str) -> httpx.Response:
        response = await self._request("GET", path, headers=self._auth())
        _check(response)
        return response

    async def heads(self, read_timeout_s: float = 40.0) -> AsyncIterator[StreamMarks]:
        """The feeds' marks from the push stream, as the server announces them."""
        timeout = httpx.Timeout(10.0, read=read_timeout_s)
        try:
            async with self._http.stream(
                "GET", "/v1/stream", headers=self._auth(), timeout=timeout
            ) as response:
                _check(response)
                async for line in response.aiter_lines():
                    if line.startswith("data:"):
                        data = json.loads(line[5:])
                        maintenance = data.get("maintenance")
                        yield StreamMarks(
                            int(data["head"]),
                            maintenance if isinstance(maintenance, int) else None,
                        )
        except httpx.TransportError as exc:
            raise ServerUnavailable(f"push stream: {type(exc).__name__}") from exc
