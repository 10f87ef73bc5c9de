"""Helpers for tests that drive the launcher (`widgets.launcher`) in a qasync loop of their
own: error dialogs closed as they open, a scripted welcome page, plant files with problems.

The `dialogs` fixture (tests/widgets/conftest.py) is a `Dialogs`.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from collections.abc import Coroutine
from typing import Any, TypeVar

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.settings import Settings
from widgets.welcome_page import WelcomePage

T = TypeVar("T")
SYNTAX_ERROR = '[site\nid = "WN"\n'
INVALID = (
    '[site]\nid = "W1"\nname = "Werk"\n\n[[ci]]\nid = "PLC-1"\nkind = "plc"\nparent = "NOPE"\n'
)


class Dialogs:
    """Closes every error dialog (crash.show_error) as it opens, keeping text and details."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.seen: list[tuple[str, str]] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.on_tick)
        self.timer.start()

    def on_tick(self) -> None:
        for widget in self.app.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                self.seen.append((widget.text(), widget.detailedText()))
                widget.reject()


class Pages:
    """Stands in for WelcomePage in the launcher: records each page's notice and plays
    the next scripted click (None: close the page)."""

    def __init__(self, clicks: list[tuple[str, str] | None]) -> None:
        self.clicks = clicks
        self.notices: list[str] = []
        self.intros: list[str] = []

    def page_class(self) -> type[WelcomePage]:
        pages = self

        class Scripted(WelcomePage):
            def __init__(self, notice: str = "") -> None:
                super().__init__(notice=notice)
                self.choose_file = lambda parent, title: pages.chosen

            def showEvent(self, event: Any) -> None:
                super().showEvent(event)
                pages.notices.append(self.notice.text())
                pages.intros.append(self.intro.text())
                QTimer.singleShot(0, self.play)

            def play(self) -> None:
                click = pages.clicks.pop(0) if pages.clicks else None
                if click is None:
                    self.close()
                    return
                button, pages.chosen = click
                getattr(self, f"{button}_button").click()

        return Scripted

    chosen = ""


def run_in_loop(qapp: QApplication, coro: Coroutine[Any, Any, T], timeout_s: float = 60) -> T:
    """Run a launcher coroutine (show_console, start_gui's parts) in a qasync loop of its
    own, as start_gui does, and put back what the launcher changes: the quit-on-last-window
    rule, the event loop, and the SIGINT/SIGTERM handlers it installs."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    loop = qasync.QEventLoop(qapp)  # pytest-qt does not drive qasync: a loop of our own
    qapp.setQuitOnLastWindowClosed(False)  # as start_gui does: the coroutine ends the loop
    try:
        result: T = loop.run_until_complete(asyncio.wait_for(coro, timeout_s))
        return result
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        qapp.setQuitOnLastWindowClosed(True)
        loop.close()
        asyncio.set_event_loop(None)


def home_args(settings: Settings) -> argparse.Namespace:
    return argparse.Namespace(command=None, verbose=False, lang="en", settings=settings)
