"""SyncClient: the console's side of sync, plain asyncio (qasync's loop in the console).

- push: outbox events in FIFO batches of at most `batch_size` items and `batch_bytes`
  bytes (below the server's body limit); event ids are the idempotency keys; an event
  leaves the outbox (`confirm`) only after the server acknowledged it (accepted,
  duplicate, or rejected and quarantined: a rejection never blocks the queue). A batch
  the server finds too large (413, or the connection it drops on one) is split; a single
  item too large for it is set aside and reported, never blocking the items behind it.
- pull: feed pages after the store's cursor, each applied with its new cursor in one
  `apply_remote` call.
- run: keeps a push stream open; a new head (or a maintenance window/shelving changed on
  another console) triggers a sync, `notify_local_write()` a push; when the server is
  away it backs off and retries, and the console works on.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import gc
import json
import logging
import ssl
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from app.sync.api import FeedPage, NotSupported, ServerApi, TokenExpired
from app.sync.backoff import Backoff
from app.sync.errors import (
    AuthFailed,
    CertificateChanged,
    CertificateNotTrusted,
    ServerUnavailable,
    SyncError,
    TooLarge,
)
from app.sync.offline_login import LoginResult, OfflineLogins
from app.sync.pinning import PinStore, cert_failure, fetch_certificate, pinned_context
from app.sync.protocol import (
    AuditRecord,
    CountsPending,
    SyncsMaintenance,
    SyncStore,
    UploadsAudit,
)
from app.sync.remote import parse_page
from app.sync.status import Rejection, SyncStatus
from models.incidents.events import Event, to_json

log = logging.getLogger("plantconsole.sync")
T = TypeVar("T")
TrustCallback = Callable[[str], bool | Awaitable[bool]]
CATCH_UP_PAGE = 5000
"""Feed page size while far behind (the server's largest page)."""
CATCH_UP_BATCH = 20_000
"""At most this many events of consecutive catch-up pages go into one store transaction."""
BATCH_BYTES = 1024 * 1024
"""An upload's body at most about this many bytes: a quarter of the server's default
limit (4 MB), and room for 15 events of the largest size (64 KB)."""
SPLIT_FLOOR = 16 * 1024
"""A batch whose upload lost the connection is split only when larger than this: a
server dropping the connection on a body over its limit looks like that to httpx."""
_DROPPED = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)


class _CyclicGcPause:
    """No cyclic garbage collection while pulled events wait to be applied.

    A page makes ~10 objects per event, nearly all freed by reference counting; with
    100,000+ events alive during an initial sync, the collector's full passes over them
    took about a third of the console's CPU. Held from a page's parse until its batch is
    applied (seconds at most: one catch-up batch), so the collector never walks events
    that are about to be freed anyway; then back as it was, and cycles made meanwhile
    are collected after."""

    def __init__(self) -> None:
        self._restore: bool | None = None  # None: not holding

    def hold(self) -> None:
        if self._restore is None:
            self._restore = gc.isenabled()
            gc.disable()

    def release(self) -> None:
        if self._restore is not None:
            if self._restore:
                gc.enable()
            self._restore = None


@dataclass(frozen=True)
class ConsoleCredential:
    console_id: str
    secret: str = field(repr=False)  # never in a repr, a log line or a test failure


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _event_bytes(event: Event) -> int:
    """The event's share of an upload body (its canonical text and a comma)."""
    return len(to_json(event).encode("utf-8")) + 1


def _record_bytes(record: AuditRecord) -> int:
    """An upper bound of the record's share of an upload body (ASCII-escaped JSON)."""
    return len(json.dumps(record.as_dict(), default=str)) + 1


def _fit(items: Sequence[T], size_of: Callable[[T], int], limit: int) -> tuple[Sequence[T], int]:
    """The longest prefix of `items` (at least one) within `limit` bytes, and its bytes."""
    total = 0
    for n, item in enumerate(items):
        size = size_of(item)
        if n and total + size > limit:
            return items[:n], total
        total += size
    return items, total


def _too_large(exc: Exception, items: int, size: int) -> bool:
    """Whether a failed upload says its body was over the server's limit: a 413, or a
    connection dropped while a large batch of several items was on its way (a server
    refusing a body closes the connection, and httpx may see only the reset)."""
    if isinstance(exc, TooLarge):
        return True
    dropped = isinstance(exc, ServerUnavailable) and isinstance(exc.__cause__, _DROPPED)
    return dropped and items > 1 and size > SPLIT_FLOOR


async def _upload(batch: Sequence[Event], api: ServerApi) -> dict[str, Any]:
    return await api.upload(batch)


async def _upload_audit(batch: Sequence[AuditRecord], api: ServerApi) -> dict[str, Any]:
    return await api.upload_diagnostics([r.as_dict() for r in batch])


async def _upload_maintenance(batch: Sequence[AuditRecord], api: ServerApi) -> dict[str, Any]:
    return await api.upload_maintenance([r.as_dict() for r in batch])


async def _feed(after: int, limit: int, sent: asyncio.Event | None, api: ServerApi) -> FeedPage:
    return await api.feed(after, limit, sent)


async def _on_the_wire(sent: asyncio.Event, fetch: asyncio.Future[Any]) -> None:
    """Until the prefetch's request has been written (or the fetch ended, e.g. failed).

    A task only runs when the loop gets control; the store is called on the loop's
    thread without yielding, so without this the next page's request left only once
    the current page was parsed and applied: the server and the console took turns."""
    if fetch.done() or sent.is_set():
        return
    waiter = asyncio.ensure_future(sent.wait())
    try:
        await asyncio.wait({waiter, fetch}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()


def _drop_outcome(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


class SyncClient:
    """Sync one console store with the server. Watch `status` or pass `on_status`."""

    def __init__(
        self,
        store: SyncStore,
        server_url: str,
        credential: ConsoleCredential,
        *,
        pins: PinStore | None = None,
        trust: TrustCallback | None = None,
        offline_logins: OfflineLogins | None = None,
        batch_size: int = 100,
        batch_bytes: int = BATCH_BYTES,
        page_size: int = 1000,
        catch_up_page_size: int = CATCH_UP_PAGE,
        catch_up_batch: int = CATCH_UP_BATCH,
        timeout_s: float = 10.0,
        poll_s: float = 30.0,
        offload: bool = False,
        backoff: Backoff | None = None,
        on_status: Callable[[SyncStatus], None] | None = None,
    ) -> None:
        self.store = store
        self.server_url = server_url.rstrip("/")
        self.credential = credential
        self.pins, self.trust = pins, trust
        self.offline_logins = offline_logins or OfflineLogins()
        self.batch_size, self.page_size = batch_size, page_size
        self.batch_bytes = max(1, batch_bytes)
        self.catch_up_page_size = max(page_size, catch_up_page_size)
        self.catch_up_batch = max(1, catch_up_batch)
        self.timeout_s, self.poll_s = timeout_s, poll_s
        self.offload = offload
        self.backoff = backoff or Backoff()
        self.on_status = on_status
        self._status = SyncStatus()
        self._api: ServerApi | None = None
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._no_audit_endpoint = False
        self._no_maintenance_endpoint = False
        self._maintenance_seen: int | None = None  # the maintenance cursor last pulled to

    # -- state -------------------------------------------------------------------------
    @property
    def status(self) -> SyncStatus:
        return self._status

    def _set(self, **changes: Any) -> None:
        self._status = dataclasses.replace(self._status, **changes)
        if self.on_status is not None:
            self.on_status(self._status)

    async def _store(self, fn: Callable[..., T], *args: Any) -> T:
        if self.offload:
            return await asyncio.to_thread(fn, *args)
        return fn(*args)

    async def _waiting(self) -> int | None:
        if isinstance(self.store, CountsPending):
            return await self._store(self.store.pending_count)
        return None

    def notify_local_write(self) -> None:
        """The console wrote an event: push soon."""
        self._wake.set()

    # -- connection --------------------------------------------------------------------
    async def _verify(self) -> ssl.SSLContext | bool:
        parts = urlsplit(self.server_url)
        if parts.scheme != "https":
            return True  # plain HTTP: the server allows it on loopback only
        host, port = parts.hostname or "", parts.port or 443
        key = f"{host}:{port}"
        pin = self.pins.load(key) if self.pins else None
        if pin is None:
            pin = await fetch_certificate(host, port, self.timeout_s)
            answer = self.trust(pin.sha256) if self.trust else False
            if isinstance(answer, Awaitable):
                answer = await answer
            if not answer:
                raise CertificateNotTrusted(f"server certificate SHA-256 {pin.sha256} not trusted")
            if self.pins:
                self.pins.save(key, pin)
        self._set(certificate_sha256=pin.sha256)
        return pinned_context(pin)

    async def _api_ready(self) -> ServerApi:
        if self._api is None:
            api = ServerApi(self.server_url, await self._verify(), self.timeout_s)
            try:
                await self._console_login(api)
            except BaseException:
                await api.close()
                raise
            self._api = api
        return self._api

    async def _console_login(self, api: ServerApi) -> None:
        data = await api.login(
            console_id=self.credential.console_id, console_secret=self.credential.secret
        )
        api.token = data["token"]

    async def _call(self, fn: Callable[[ServerApi], Awaitable[T]]) -> T:
        """One API call; a 401 (token expired or revoked) logs in again once."""
        try:
            api = await self._api_ready()
            try:
                return await fn(api)
            except TokenExpired:
                await self._console_login(api)
                try:
                    return await fn(api)
                except TokenExpired:
                    raise AuthFailed("the server refuses this console's credential") from None
        except ServerUnavailable as exc:
            if cert_failure(exc):
                await self._drop_api()
                raise await self._changed_certificate() from exc
            raise

    async def _changed_certificate(self) -> SyncError:
        parts = urlsplit(self.server_url)
        host, port = parts.hostname or "", parts.port or 443
        pin = self.pins.load(f"{host}:{port}") if self.pins else None
        try:
            now = (await fetch_certificate(host, port, self.timeout_s)).sha256
        except (OSError, ssl.SSLError, TimeoutError):
            now = None
        return CertificateChanged(pin.sha256 if pin else "?", now)

    async def _drop_api(self) -> None:
        if self._api is not None:
            await self._api.close()
            self._api = None

    async def close(self) -> None:
        await self._drop_api()

    # -- login -------------------------------------------------------------------------
    async def login(self, user: str, password: str) -> LoginResult:
        """Check a user with the server; when it is out of reach, against the last
        verified credentials (bounded in time). Raises AuthFailed."""
        try:
            api = ServerApi(self.server_url, await self._verify(), self.timeout_s)
        except (OSError, TimeoutError, ssl.SSLError) as exc:
            return self._offline_login(user, password, exc)
        try:
            data = await api.login(
                user=user,
                password=password,
                console_id=self.credential.console_id,
                console_secret=self.credential.secret,
            )
        except AuthFailed:
            self.offline_logins.forget(user)
            raise
        except ServerUnavailable as exc:
            return self._offline_login(user, password, exc)
        finally:
            await api.close()
        roles = dict(data.get("roles", {}))
        now = _now_ms()
        self.offline_logins.remember(user, password, roles, now)
        return LoginResult(user, roles, True, now, None)

    def _offline_login(self, user: str, password: str, why: BaseException) -> LoginResult:
        result = self.offline_logins.check(user, password)
        if result is None:
            raise AuthFailed(
                f"the server cannot be reached ({why}) and there is no recent verified "
                f"login for {user!r} on this console"
            )
        return result

    # -- push and pull -----------------------------------------------------------------
    async def push(self) -> int:
        """Upload the outbox in FIFO batches (incident events, then diagnostic audit
        records when the store keeps them); returns how many items the server acked."""
        acked = await self._push_kind(self.store.batch_outbox, _upload, _event_bytes)
        if isinstance(self.store, UploadsAudit) and not self._no_audit_endpoint:
            try:
                acked += await self._push_kind(self.store.batch_audit, _upload_audit, _record_bytes)
            except NotSupported as exc:  # an older server: keep them queued, sync the rest
                self._no_audit_endpoint = True
                log.warning("diagnostic audit records stay queued: %s", exc)
        if isinstance(self.store, SyncsMaintenance) and not self._no_maintenance_endpoint:
            try:
                acked += await self._push_kind(
                    self.store.batch_maintenance, _upload_maintenance, _record_bytes
                )
            except NotSupported as exc:  # an older server: keep them queued, sync the rest
                self._no_maintenance_endpoint = True
                log.warning("maintenance windows stay queued: %s", exc)
        return acked

    async def _push_kind(
        self,
        batch_of: Callable[[int], Sequence[Any]],
        upload: Callable[[Sequence[Any], ServerApi], Awaitable[dict[str, Any]]],
        size_of: Callable[[Any], int],
    ) -> int:
        acked = 0
        limit = self.batch_bytes  # halved while the server finds batches too large
        while True:
            fetched: Sequence[Any] = await self._store(batch_of, self.batch_size)
            if not fetched:
                break
            batch, size = _fit(fetched, size_of, limit)
            try:
                reply = await self._call(functools.partial(upload, batch))
            except (TooLarge, ServerUnavailable) as exc:
                if not _too_large(exc, len(batch), size):
                    raise
                if len(batch) > 1:
                    limit = max(1, size // 2)
                    log.warning("upload of %d bytes refused as too large: splitting", size)
                    continue
                acked += await self._set_aside(batch[0], size, exc)
                continue
            done, rejections = [], []
            for result in reply["results"]:
                index = int(result["index"])
                if 0 <= index < len(batch) and result["status"] in (
                    "accepted",
                    "duplicate",
                    "rejected",
                ):
                    done.append(batch[index].id)
                if result["status"] == "rejected":
                    rejections.append(
                        Rejection(result.get("id"), int(result["code"]), str(result["reason"]))
                    )
            await self._store(self.store.confirm, done)
            acked += len(done)
            if rejections:
                log.warning("server rejected %d items: %s", len(rejections), rejections[0].reason)
                self._set(rejections=(*self._status.rejections, *rejections)[-100:])
            if "head" in reply:
                self._set(server_head=max(self._status.server_head, int(reply["head"])))
            if len(done) < len(batch):
                raise ServerUnavailable("the server did not acknowledge every item of a batch")
            if len(fetched) < self.batch_size and len(batch) == len(fetched):
                break
        return acked

    async def _set_aside(self, item: Any, size: int, why: Exception) -> int:
        """One item the server refuses as too large on its own: it leaves the outbox (it
        stays in the console's store) and is reported, so the items behind it go up."""
        reason = f"{size} bytes, too large for the server ({why})"
        log.error("not uploaded, set aside: %s %s", item.id, reason)
        await self._store(self.store.confirm, [item.id])
        rejection = Rejection(item.id, 413, reason)
        self._set(rejections=(*self._status.rejections, rejection)[-100:])
        return 1

    def _page_for(self, after: int, head: int) -> int:
        """Feed page size: `catch_up_page_size` while far behind the server (a fresh console's
        initial sync: fewer round trips and transactions), else `page_size`."""
        if after == 0 or head - after > self.page_size:
            return self.catch_up_page_size
        return self.page_size

    async def pull(self) -> int:
        """Apply feed pages after the store's cursor; returns how many events arrived.

        The next page's request is on the wire before this one is parsed and applied
        (the server and the network work while the console does); a prefetched page is
        dropped unused when applying fails, so the cursor still moves page by page.
        While far behind (initial sync), consecutive pages are applied together, with the
        last one's cursor, in one `apply_remote` call of at most `catch_up_batch` events:
        fewer transactions, and a crash loses at most that many (re-pulled, once)."""
        applied = 0
        after = await self._store(self.store.cursor)
        size = self._page_for(after, self._status.server_head)
        fetch = asyncio.ensure_future(self._call(functools.partial(_feed, after, size, None)))
        pending: list[Event] = []  # parsed, not applied yet; applied with `after`
        gc_pause = _CyclicGcPause()
        try:
            while True:
                try:
                    page = await fetch
                except Exception:  # the pages before this one are good: keep them
                    if pending:
                        await self._store(self.store.apply_remote, pending, after)
                        self._set(cursor=after)
                    raise
                last = not page.more or page.cursor <= after
                page_head = page.head
                if not last:  # the server renders the next page while this one is applied
                    sent = asyncio.Event()
                    size = self._page_for(page.cursor, page.head)
                    fetch = asyncio.ensure_future(
                        self._call(functools.partial(_feed, page.cursor, size, sent))
                    )
                    await _on_the_wire(sent, fetch)
                gc_pause.hold()
                events = parse_page(page.items)
                if page.cursor > after:
                    if pending and len(pending) + len(events) > self.catch_up_batch:
                        await self._store(self.store.apply_remote, pending, after)
                        self._set(cursor=after)
                        pending = []
                    pending += events
                    after = page.cursor
                    far = page.head - page.cursor > self.page_size
                    if last or not far or len(pending) >= self.catch_up_batch:
                        await self._store(self.store.apply_remote, pending, after)
                        pending = []
                applied += len(events)
                if not pending:
                    del events, page  # freed before the collector is back
                    gc_pause.release()
                    self._set(cursor=after, server_head=page_head)
                if last:
                    return applied
        finally:  # an unused prefetch is dropped, its outcome read so nothing is logged
            gc_pause.release()
            fetch.cancel()
            fetch.add_done_callback(_drop_outcome)

    async def _pull_maintenance(self) -> int:
        """Windows and shelvings of other consoles, page by page after their own cursor
        (stored with each applied page); an older server without the feed is skipped."""
        store = self.store
        if not isinstance(store, SyncsMaintenance) or self._no_maintenance_endpoint:
            return 0
        applied, after = 0, await self._store(store.maintenance_cursor)
        while True:
            try:
                rows = await self._call(
                    lambda api: api.maintenance_feed(after, self.page_size)  # noqa: B023
                )
            except NotSupported as exc:
                self._no_maintenance_endpoint = True
                log.warning("maintenance windows are not synced: %s", exc)
                return applied
            seqs = [r["seq"] for r in rows if isinstance(r.get("seq"), int)]
            if not seqs or max(seqs) <= after:
                self._maintenance_seen = after
                return applied
            after = max(seqs)
            await self._store(store.apply_maintenance, rows, after)
            self._maintenance_seen = after
            applied += len(rows)
            if len(rows) < self.page_size:
                return applied

    async def sync_once(self) -> None:
        """Push, then pull (one at a time)."""
        async with self._lock:
            await self.push()
            await self.pull()
            await self._pull_maintenance()
            self._set(
                online=True, last_sync_ms=_now_ms(), last_error=None, waiting=await self._waiting()
            )

    # -- the loop ----------------------------------------------------------------------
    async def run(self) -> None:
        """Sync until cancelled: push stream, pull on news, push on local writes, backoff."""
        while True:
            try:
                await self.sync_once()
                self.backoff.reset()
                await self._follow()
            except (
                ServerUnavailable,
                AuthFailed,
                SyncError,
                OSError,
                TimeoutError,
                ssl.SSLError,
            ) as exc:
                await self._drop_api()
                self._set(
                    online=False,
                    last_error=str(exc) or type(exc).__name__,
                    waiting=await self._waiting(),
                )
                log.info("sync paused: %s", exc)
                await asyncio.sleep(self.backoff.next_delay())

    async def _follow(self) -> None:
        stream = asyncio.create_task(self._listen(), name="sync-stream")
        try:
            while True:
                wake = asyncio.create_task(self._wake.wait())
                try:
                    done, _ = await asyncio.wait(
                        {stream, wake}, timeout=self.poll_s, return_when=asyncio.FIRST_COMPLETED
                    )
                finally:
                    wake.cancel()
                if stream in done:
                    stream.result()
                    raise ServerUnavailable("the push stream ended")
                self._wake.clear()
                await self.sync_once()
        finally:
            stream.cancel()
            with contextlib.suppress(asyncio.CancelledError, SyncError):
                await stream

    async def _listen(self) -> None:
        api = await self._api_ready()
        async for marks in api.heads():
            maintenance = marks.maintenance
            if marks.head > self._status.cursor or (
                maintenance is not None
                and isinstance(self.store, SyncsMaintenance)
                and not self._no_maintenance_endpoint
                and (self._maintenance_seen is None or maintenance > self._maintenance_seen)
            ):
                self._wake.set()
