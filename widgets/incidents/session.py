"""The incident side of a console window: store, service, auto-raise and their Qt wrapper.

What `app.commands.monitor_commands._watch` builds headless (`HeadlessIncidents`), for
the window: the launcher opens it beside the monitor, starts its timer once the window
shows and closes the store when the window has closed.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from app.incidents.auto_raise import AutoRaiser
from app.incidents.headless import IncidentOptions
from app.incidents.qt_service import IncidentServiceQt
from app.incidents.service import IncidentService
from app.monitor.plant_monitor import PlantMonitor
from models.store import Store, open_store


def incident_options_of(args: argparse.Namespace, default_store: Path) -> IncidentOptions | None:
    """--store, --console-id, --user, --no-incidents of `demo`/`run` (absent when the
    welcome page started the console: then the defaults)."""
    if getattr(args, "no_incidents", False):
        return None
    user = getattr(args, "user", None) or _login() or "operator"
    store = getattr(args, "store", None) or default_store
    return IncidentOptions(Path(store), getattr(args, "console_id", None), user)


class IncidentSession:
    """Opens the store (StoreError when it cannot: the caller says so and stops)."""

    def __init__(
        self,
        monitor: PlantMonitor,
        options: IncidentOptions,
        lang: str = "en",
        interval_ms: int = 250,
    ) -> None:
        options.store_path.parent.mkdir(parents=True, exist_ok=True)
        self.store: Store = open_store(options.store_path)
        try:
            self.service = IncidentService(
                self.store, monitor.plant, user=options.user, console_id=options.console_id
            )
            self.raiser = AutoRaiser(monitor, self.service, settle_s=options.settle_s, lang=lang)
            self.qt = IncidentServiceQt(self.service, self.raiser, interval_ms)
        except BaseException:
            self.store.close()
            raise

    def start(self) -> None:
        self.qt.start()

    def close(self) -> None:
        self.qt.stop()
        self.qt.deleteLater()
        self.store.close()


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
