"""The window closed while its incident store still opens: nothing starts (no driver, no
sync), the store is closed and unlocked, and the coroutine returns (review finding 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.incidents.options import IncidentOptions
from app.monitor.bindings import Intervals
from app.monitor.service import HealthMonitorService
from models.cmdb import Plant
from models.store.console_lock import try_lock
from tests.widgets.launcher_rig import run_in_loop
from widgets import launcher
from widgets.incidents.session import IncidentSession
from widgets.main_window import MainWindow


def test_closing_the_window_while_the_store_opens_starts_nothing(
    qapp: QApplication, tmp_path: Path, demo_plant: Plant, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "console.sqlite"
    started: list[str] = []
    real_start, real_session_start = HealthMonitorService.start, IncidentSession.start

    async def monitor_start(self: HealthMonitorService) -> None:
        started.append("monitor")
        await real_start(self)

    def session_start(self: IncidentSession) -> None:
        started.append("session")
        real_session_start(self)

    monkeypatch.setattr(HealthMonitorService, "start", monitor_start)
    monkeypatch.setattr(IncidentSession, "start", session_start)

    def close_at_once() -> None:
        """Close the console window the moment it is on screen (the store opens after)."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                widget.close()
                return
        QTimer.singleShot(0, close_at_once)

    QTimer.singleShot(0, close_at_once)
    intervals = Intervals(poll_ms=500, timeout_s=1.0)
    console = launcher.show_console(
        demo_plant, intervals, "en", incidents=IncidentOptions(store, "CR1", "anna")
    )
    run_in_loop(qapp, console)

    assert started == [], f"started after the window closed: {started}"
    lock = try_lock(store)
    assert lock is not None, "the store was left locked"
    lock.release()
