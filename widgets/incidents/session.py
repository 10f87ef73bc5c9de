"""The incident side of a console window: store, service, auto-raise and their Qt wrapper.

What `app.commands.monitor_commands._watch` builds headless (`HeadlessIncidents`), for
the window: the launcher opens it beside the monitor, starts its timer once the window
shows and closes the store when the window has closed. With `sync` (the demo's embedded
server) a `ConsoleLink` keeps the store in sync with the server on the loop; listeners
of `add_sync_listener` (the header bar) hear its state, with `plant_file` also whether
that file is the plant file the server holds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.incidents.auto_raise import AutoRaiser
from app.incidents.options import IncidentOptions
from app.incidents.options import incident_options_of as incident_options_of  # its old home
from app.incidents.qt_service import IncidentServiceQt
from app.incidents.service import IncidentService
from app.monitor.plant_monitor import PlantMonitor
from app.sync.client import ConsoleCredential
from app.sync.console_link import ConsoleLink
from app.sync.pinning import user_pin_store
from app.sync.status import SyncStatus
from models.store.console_lock import open_as_console


class IncidentSession:
    """Opens the store (StoreError when it cannot, or another console runs with it: the
    caller says so and stops), holding its console lock until `close`."""

    def __init__(
        self,
        monitor: PlantMonitor,
        options: IncidentOptions,
        lang: str = "en",
        interval_ms: int = 250,
        sync: tuple[str, ConsoleCredential] | None = None,
        plant_file: Path | None = None,
    ) -> None:
        options.store_path.parent.mkdir(parents=True, exist_ok=True)
        self.lock, self.store = open_as_console(options.store_path)
        try:
            self.service = IncidentService(
                self.store, monitor.plant, user=options.user, console_id=options.console_id
            )
            self.raiser = AutoRaiser(monitor, self.service, settle_s=options.settle_s, lang=lang)
            self.qt = IncidentServiceQt(self.service, self.raiser, interval_ms)
            self._sync_listeners: list[Callable[[SyncStatus | None], None]] = []
            self.link: ConsoleLink | None = None
            if sync is not None:
                url, credential = sync
                self.link = ConsoleLink(
                    self.service,
                    url,
                    credential,
                    on_status=self._sync_status,
                    plant_file=plant_file,  # compared with the server's once connected
                    pins=user_pin_store(),  # an https server: the certificate pinned at login
                )
        except BaseException:
            self.store.close()
            self.lock.release()
            raise

    def add_sync_listener(self, listener: Callable[[SyncStatus | None], None]) -> None:
        """Hear the sync state (None: local only), now and on every change."""
        self._sync_listeners.append(listener)
        listener(self.link.status if self.link is not None else None)

    def _sync_status(self, status: SyncStatus) -> None:
        for listener in list(self._sync_listeners):
            listener(status)

    def start(self) -> None:
        """Start the timers, and syncing (call it on the running loop)."""
        self.qt.start()
        if self.link is not None:
            self.link.start()

    async def stop_sync(self) -> None:
        if self.link is not None:
            await self.link.stop()

    async def pause_sync(self) -> None:
        """Stop syncing until `resume_sync` (nothing pulled or waiting is lost)."""
        if self.link is not None:
            await self.link.pause()

    def resume_sync(self) -> None:
        if self.link is not None:
            self.link.start()

    def close(self) -> None:
        self.qt.stop()
        self.qt.deleteLater()
        self.store.close()
        self.lock.release()
