"""File > Pause sync and the header's catch-up progress (issue 8: a first sync shows
progress and can be cancelled). The pause itself runs against a real server in
tests/app/sync/test_console_link.py; here the window side."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.monitor.service import HealthMonitorService
from app.sync.status import SyncStatus
from widgets import i18n
from widgets.header_bar import HeaderBar
from widgets.incidents.sync_pause import SyncPauseAction


class Session:
    """The three calls SyncPauseAction makes on widgets.incidents.session.IncidentSession."""

    def __init__(self) -> None:
        self.listeners: list[Callable[[SyncStatus | None], None]] = []
        self.calls: list[str] = []

    def add_sync_listener(self, listener: Callable[[SyncStatus | None], None]) -> None:
        self.listeners.append(listener)
        listener(SyncStatus(online=True))

    async def pause_sync(self) -> None:
        self.calls.append("pause")

    def resume_sync(self) -> None:
        self.calls.append("resume")


@pytest.fixture
def header(plant_feed: Any, qtbot: Any) -> Iterator[HeaderBar]:
    service: HealthMonitorService = plant_feed.service
    bar = HeaderBar(service)
    qtbot.addWidget(bar)
    yield bar


def test_header_shows_catch_up_progress_and_pause_in_both_languages(
    header: HeaderBar, qapp: QApplication
) -> None:
    far = SyncStatus(online=True, waiting=0, cursor=44_000, server_head=110_000)
    header.set_sync_status(far)
    assert header.sync_label.text() == "sync: catching up (44,000 of 110,000)"
    header.set_sync_status(SyncStatus(paused=True))
    assert header.sync_label.text() == "sync: paused"
    assert i18n.install_language(qapp, "de") == "de"
    try:
        header.set_sync_status(far)
        assert header.sync_label.text().startswith("Sync: holt auf (44")
        header.set_sync_status(SyncStatus(paused=True))
        assert header.sync_label.text() == "Sync: angehalten"
    finally:
        i18n.install_language(qapp, "en")


def test_pause_action_pauses_resumes_and_follows_the_status(qapp: QApplication) -> None:
    session = Session()
    action = SyncPauseAction(session)  # type: ignore[arg-type]
    assert action.isEnabled() and not action.isChecked()
    assert action.text() == "&Pause sync"

    async def toggle() -> None:
        action.setChecked(True)
        await asyncio.sleep(0)

    asyncio.run(toggle())
    action.setChecked(False)
    assert session.calls == ["pause", "resume"]
    session.listeners[0](SyncStatus(paused=True))  # paused elsewhere: the menu shows it
    assert action.isChecked() and session.calls == ["pause", "resume"]
    session.listeners[0](None)
    assert not action.isEnabled()
