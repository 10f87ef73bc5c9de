"""First start without a plant file: the welcome page, its three choices, and its languages."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.settings import Settings
from widgets import i18n, launcher
from widgets.welcome_page import WelcomePage


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    i18n.install_language(qapp, "de")
    yield
    i18n.install_language(qapp, "en")


def test_three_choices_emit_their_signals(qtbot: Any) -> None:
    page = WelcomePage(choose_file=lambda parent, title: "/plants/werk.toml")
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.demoRequested):
        page.demo_button.click()
    with qtbot.waitSignal(page.openRequested) as opened:
        page.open_button.click()
    with qtbot.waitSignal(page.importRequested) as imported:
        page.import_button.click()
    assert opened.args == ["/plants/werk.toml"] and imported.args == ["/plants/werk.toml"]


def test_cancelled_file_choice_emits_nothing(qtbot: Any) -> None:
    page = WelcomePage(choose_file=lambda parent, title: "")
    qtbot.addWidget(page)
    with qtbot.assertNotEmitted(page.openRequested):
        page.open_button.click()


def test_texts_in_german(qtbot: Any, german: None) -> None:
    page = WelcomePage()
    qtbot.addWidget(page)
    assert page.demo_button.text() == "Demo starten"
    assert page.open_button.text() == "Anlagendatei öffnen…"
    assert page.windowTitle() == "Willkommen bei PlantConsole"


def test_live_switch_retranslates_an_open_page(qtbot: Any, qapp: QApplication) -> None:
    page = WelcomePage()
    qtbot.addWidget(page)
    page.show()
    assert page.import_button.text() == "Import a plant file…"
    i18n.install_language(qapp, "de")  # Qt posts LanguageChange to every widget
    try:
        qtbot.waitUntil(lambda: page.import_button.text() == "Anlagendatei importieren…")
    finally:
        i18n.install_language(qapp, "en")
    qtbot.waitUntil(lambda: page.import_button.text() == "Import a plant file…")


def test_no_arguments_and_no_plant_opens_the_gui_home(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[argparse.Namespace] = []
    monkeypatch.setattr(launcher, "start_gui", lambda args: calls.append(args) or 0)
    assert launcher.main([]) == 0
    assert launcher.main(["-v"]) == 0
    assert [(a.command, a.verbose) for a in calls] == [(None, False), (None, True)]


def test_first_run_shows_the_welcome_page(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`plantconsole` with nothing configured: the page, not an error; closing it quits."""
    shown: list[str] = []

    class Recorded(WelcomePage):
        def showEvent(self, event: Any) -> None:
            super().showEvent(event)
            shown.append(self.intro.text())
            QTimer.singleShot(50, self.close)

    monkeypatch.setattr(launcher, "WelcomePage", Recorded)
    args = argparse.Namespace(command=None, verbose=False, lang="en", settings=Settings())
    loop = qasync.QEventLoop(qapp)  # pytest-qt does not drive qasync: a loop of our own
    qapp.setQuitOnLastWindowClosed(False)  # as start_gui does: the coroutine ends the loop
    try:
        assert loop.run_until_complete(asyncio.wait_for(launcher.home(args), 10)) == 0
    finally:
        qapp.setQuitOnLastWindowClosed(True)
        loop.close()
        asyncio.set_event_loop(None)
    assert len(shown) == 1 and shown[0].startswith("No plant file is configured yet")


def test_a_configured_plant_skips_the_welcome_page(
    monkeypatch: pytest.MonkeyPatch, demo_path: Path
) -> None:
    ran: list[Path] = []

    async def fake_run(args: argparse.Namespace, plant: object) -> int:
        ran.append(args.config)
        return 0

    monkeypatch.setattr(launcher, "_run", fake_run)  # the plant loads; no console window
    args = argparse.Namespace(
        command=None, verbose=False, lang="en", settings=Settings(plant_file=str(demo_path))
    )
    assert asyncio.run(launcher.home(args)) == 0
    assert ran == [demo_path]


def test_open_choice_is_remembered(monkeypatch: pytest.MonkeyPatch, demo_path: Path) -> None:
    async def fake_welcome(notice: str = "") -> tuple[str, str]:
        return ("open", str(demo_path))

    async def fake_run(args: argparse.Namespace, plant: object) -> int:
        return 0

    monkeypatch.setattr(launcher, "welcome", fake_welcome)
    monkeypatch.setattr(launcher, "_run", fake_run)  # remembered once it loaded
    args = argparse.Namespace(command=None, verbose=False, lang="en", settings=Settings())
    assert asyncio.run(launcher.home(args)) == 0
    assert Settings.load()[0].plant_file == str(demo_path)
