"""ConsoleLink: one console's incident service kept in sync with the central server.

The `SyncClient` runs over `IncidentService.sync_store()` as an asyncio task on the
console's loop (qasync in the window, asyncio headless). The service is not thread-safe,
so the client never offloads store calls. A local write (an incident raised, a note,
an acknowledgement) wakes the client to push at once; what it pulls reaches the
service's caches and listeners through the adapter. `on_status` hears every change of
the sync state, including the waiting count growing while the server is away.

With `plant_file`, each time the link comes online, and every `plant_recheck_s` while it
stays online (a plant uploaded meanwhile), it compares that file with the plant file the
server holds (`app.sync.plant_drift`, off the loop's thread for the file, with the
client's timeout for the request) and puts the outcome in the status (`plant`).
`sync_notices` turns two statuses into the lines a headless console prints: each event
the server rejected, with its reason, and the plant check's outcome.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from app.incidents.service import IncidentService
from app.sync.backoff import Backoff
from app.sync.client import ConsoleCredential, SyncClient
from app.sync.plant_drift import PlantMetaError, compare, fetch_meta, local_digests
from app.sync.plant_drift import plant_check_text as plant_check_text
from app.sync.status import CATCH_UP_SHOWN, PlantCheck, Rejection, SyncStatus
from models.incidents.events import Event
from models.store.audit import DiagnosticRecord
from models.store.suppression_repo import MaintenanceRecord
from models.store.sync_adapter import StoreSyncAdapter

log = logging.getLogger("plantconsole.sync")
WINDOW_CATCH_UP_BATCH = 5000  # events applied per transaction on the service's thread
PLANT_RECHECK_S = 600.0  # while online, the plant file is compared again this often

StatusCallback = Callable[[SyncStatus], None]


class _LinkedStore:
    """The service's sync adapter, telling remote applies from local writes."""

    def __init__(self, adapter: StoreSyncAdapter) -> None:
        self.adapter = adapter
        self.applying = False

    def batch_outbox(self, n: int) -> Sequence[Event]:
        return self.adapter.batch_outbox(n)

    def batch_audit(self, n: int) -> Sequence[DiagnosticRecord]:
        return self.adapter.batch_audit(n)  # diagnostic audit records travel too

    def batch_maintenance(self, n: int) -> Sequence[MaintenanceRecord]:
        return self.adapter.batch_maintenance(n)  # windows and shelvings travel too

    def apply_maintenance(self, records: Sequence[Mapping[str, Any]], cursor: int) -> None:
        self.adapter.apply_maintenance(records, cursor)

    def maintenance_cursor(self) -> int:
        return self.adapter.maintenance_cursor()

    def confirm(self, ids: Sequence[str]) -> None:
        self.adapter.confirm(ids)

    def apply_remote(self, events: Sequence[Event], cursor: int) -> None:
        self.applying = True
        try:
            self.adapter.apply_remote(events, cursor)
        finally:
            self.applying = False

    def cursor(self) -> int:
        return self.adapter.cursor()

    def pending_count(self) -> int:
        return self.adapter.pending_count()


class ConsoleLink:
    """`start()` syncing `service` with the server at `url` as `credential`; `stop()`."""

    def __init__(
        self,
        service: IncidentService,
        url: str,
        credential: ConsoleCredential,
        *,
        on_status: StatusCallback | None = None,
        backoff: Backoff | None = None,
        plant_file: Path | None = None,
        plant_recheck_s: float = PLANT_RECHECK_S,
        **client_options: Any,
    ) -> None:
        if credential.console_id != service.console_id:
            raise ValueError(
                f"the store writes as console {service.console_id!r}, "
                f"the credential is for {credential.console_id!r}"
            )
        self.service = service
        self.url = url
        self.on_status = on_status
        self.store = _LinkedStore(service.sync_store())
        client_options["offload"] = False  # the service is not thread-safe
        # Batches are applied on the window's thread: a 20,000-event batch held it for
        # ~0.5 s; 5,000 keep a first sync's pauses near 0.13 s (more, smaller commits).
        client_options.setdefault("catch_up_batch", WINDOW_CATCH_UP_BATCH)
        self.client = SyncClient(
            self.store,
            url,
            credential,
            backoff=backoff or Backoff(0.5, 5.0),
            on_status=self._status_changed,
            **client_options,
        )
        self._task: asyncio.Task[None] | None = None
        self.plant_file = plant_file
        self.plant_recheck_s = plant_recheck_s
        self._plant_started: float | None = None  # loop time of the last comparison
        self._plant_task: asyncio.Task[PlantCheck | None] | None = None
        self._plant: PlantCheck | None = None
        self._status = dataclasses.replace(SyncStatus(), waiting=self.store.pending_count())
        service.add_listener(self._incidents_changed)
        service.suppressions.local_write_listeners.append(self.client.notify_local_write)

    @property
    def status(self) -> SyncStatus:
        return self._status

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Start the sync task on the running loop (idempotent)."""
        if self.running:
            return
        self._emit(dataclasses.replace(self._status, paused=False))
        name = f"sync-{self.service.console_id}"
        self._task = asyncio.get_running_loop().create_task(self._run(), name=name)

    async def stop(self) -> None:
        plant_task, self._plant_task = self._plant_task, None
        if plant_task is not None:
            plant_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await plant_task
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.client.close()
        self._emit(dataclasses.replace(self._status, online=False))

    async def pause(self) -> None:
        """Stop syncing until `start()` (a long first sync can be cancelled this way):
        what was pulled is kept with its cursor, what waits to upload stays in the outbox."""
        await self.stop()
        self._emit(dataclasses.replace(self._status, paused=True))

    async def _run(self) -> None:
        try:
            await self.client.run()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug, not the network: say so, the console works on
            log.exception("sync stopped")
            self._emit(dataclasses.replace(self._status, online=False, last_error=str(exc)))

    def _incidents_changed(self, _ids: Collection[str]) -> None:
        if self.store.applying:
            return  # pulled from the server: nothing new to push
        self.client.notify_local_write()
        if not self._status.online:
            self._emit(dataclasses.replace(self._status, waiting=self.store.pending_count()))

    def _status_changed(self, status: SyncStatus) -> None:
        if status.waiting is None:  # the client counts only after a sync or a failure
            status = dataclasses.replace(status, waiting=self.store.pending_count())
        came_online = status.online and not self._status.online
        self._emit(dataclasses.replace(status, plant=self._plant))
        if came_online or status.online:
            self._start_plant_check(came_online)

    def _start_plant_check(self, now: bool) -> None:
        """Compare the plant file with the server's in a task: `now` (a new connection),
        or when the last comparison is `plant_recheck_s` old."""
        if self.plant_file is None or not self.running:
            return
        if self._plant_task is not None and not self._plant_task.done():
            return
        loop = asyncio.get_running_loop()
        last = self._plant_started
        if not now and last is not None and loop.time() - last < self.plant_recheck_s:
            return
        self._plant_started = loop.time()
        name = f"plant-check-{self.service.console_id}"
        self._plant_task = loop.create_task(self.check_plant(), name=name)

    async def check_plant(self) -> PlantCheck | None:
        """Compare now; the outcome goes into the status (None: it could not be compared,
        said in the log, tried again at the next connection)."""
        path = self.plant_file
        if path is None:
            return None
        try:
            digests = await asyncio.to_thread(local_digests, path)
            meta = await asyncio.wait_for(self.client._call(fetch_meta), self.client.timeout_s * 2)
            check = compare(path, digests, meta)
        except asyncio.CancelledError:
            raise
        except OSError as exc:
            log.warning("plant file %s not compared with the server's: %s", path, exc)
            return None
        except PlantMetaError as exc:
            log.warning("the server's plant file version is not understood: %s", exc)
            return None
        except Exception as exc:  # the server went away meanwhile: next connection
            log.info("plant file not compared with the server's: %s", exc or type(exc).__name__)
            return None
        if check.differs:
            log.warning("%s", plant_check_text(check))
        self._plant = check
        self._emit(dataclasses.replace(self._status, plant=check))
        return check

    def _emit(self, status: SyncStatus) -> None:
        self._status = status
        if self.on_status is not None:
            try:
                self.on_status(status)
            except Exception:
                log.exception("sync status listener failed")


def sync_notices(before: SyncStatus | None, after: SyncStatus) -> list[str]:
    """Lines for a headless console about what changed from `before` to `after`: one per
    event the server rejected (with its reason), and the plant check when it changed."""
    lines = []
    seen = set(before.rejections) if before is not None else set()
    lines += [rejection_text(r) for r in after.rejections if r not in seen]
    if after.plant is not None and (before is None or before.plant != after.plant):
        lines.append(plant_check_text(after.plant))
    return lines


def rejection_text(rejection: Rejection) -> str:
    what = f"event {rejection.event_id}" if rejection.event_id else "an item"
    return f"rejected by the server: {what} ({rejection.code}): {rejection.reason}"


def status_text(status: SyncStatus | None) -> str:
    """'sync: online', 'sync: offline (3 waiting)', 'sync: local only' (no server),
    'sync: connecting' (not yet reached the server, nor failed to)."""
    if status is None:
        return "sync: local only"
    if status.paused:
        return "sync: paused"
    if status.online and status.behind > CATCH_UP_SHOWN:
        return f"sync: catching up ({status.cursor:,} of {status.server_head:,})"
    if status.online:
        return "sync: online"
    if status.last_sync_ms is None and status.last_error is None:
        return "sync: connecting"
    waiting = f"{status.waiting} waiting" if status.waiting is not None else "waiting"
    return f"sync: offline ({waiting})"
