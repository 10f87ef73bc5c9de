"""No exception goes silent: one in a Qt slot, a worker thread, an asyncio task or callback
is logged and shown in the crash dialog (a stand-in box, or the real one closed by a
timer), and the console goes on."""

from __future__ import annotations

import asyncio
import logging
import threading
import zipfile
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import pytest
import qasync
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from widgets import crash

T = TypeVar("T")
WAIT_MS = 30_000  # generous: the machine is shared


class Button(QObject):
    clicked = Signal()


class FakeBox:
    """Stands in for QMessageBox: records what would be shown, never blocks."""

    shown: ClassVar[list[object]] = []
    click_copy = False

    def __init__(self, icon: Any, title: str, text: str) -> None:
        self.title, self.text, self.details, self.info = title, text, "", ""
        self.buttons: list[str] = []
        self._copy: object = None

    def setObjectName(self, name: str) -> None: ...

    def setInformativeText(self, text: str) -> None:
        self.info = text

    def setDetailedText(self, text: str) -> None:
        self.details = text

    def addButton(self, what: Any, role: Any = None) -> object:
        marker = object()
        self.buttons.append(str(what))
        if role is QMessageBox.ButtonRole.ActionRole:
            self._copy = marker
        return marker

    def exec(self) -> int:
        FakeBox.shown.append(self)
        return 0

    def clickedButton(self) -> object:
        return self._copy if FakeBox.click_copy else None

    # QMessageBox's names used as class attributes in crash.py
    Icon = QMessageBox.Icon
    ButtonRole = QMessageBox.ButtonRole
    StandardButton = QMessageBox.StandardButton
    information = staticmethod(lambda *a: FakeBox.shown.append(a))
    warning = staticmethod(lambda *a: FakeBox.shown.append(a))


@pytest.fixture
def fake_box(monkeypatch: pytest.MonkeyPatch) -> type[FakeBox]:
    FakeBox.shown, FakeBox.click_copy = [], False
    monkeypatch.setattr(crash, "QMessageBox", FakeBox)
    return FakeBox


@pytest.mark.qt_no_exception_capture
def test_injected_error_in_a_slot_is_logged_shown_and_survived(
    qapp: QApplication,
    fake_box: type[FakeBox],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr("sys.excepthook", crash.excepthook)
    button = Button()
    calls: list[int] = []

    def broken_slot() -> None:
        calls.append(1)
        raise ZeroDivisionError("injected")

    button.clicked.connect(broken_slot)
    with caplog.at_level(logging.ERROR, logger="plantconsole.crash"):
        button.clicked.emit()
        button.clicked.emit()  # the console keeps running: the slot is still connected
    assert calls == [1, 1]
    assert "unhandled exception" in caplog.text and "ZeroDivisionError" in caplog.text
    boxes = [b for b in fake_box.shown if isinstance(b, FakeBox)]
    assert len(boxes) == 2
    assert boxes[0].text == "ZeroDivisionError: injected"
    assert "broken_slot" in boxes[0].details
    assert "keeps running" in boxes[0].info and "plantconsole.log" in boxes[0].info
    assert "Copy diagnostics" in boxes[0].buttons


def test_copy_diagnostics_from_the_dialog(
    qapp: QApplication, fake_box: type[FakeBox], private_home: Path
) -> None:
    fake_box.click_copy = True
    crash.show_error("PlantConsole", "boom", "details")
    zips = list((private_home / "data" / "diagnostics").glob("*.zip"))
    assert len(zips) == 1 and "versions.json" in zipfile.ZipFile(zips[0]).namelist()
    assert QApplication.clipboard().text() == str(zips[0])


def test_thread_errors_are_logged_and_shown_in_the_gui_thread(
    qapp: QApplication,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    fake_box: type[FakeBox],
) -> None:
    """A worker thread's error is shown by the GUI thread: a box built (and exec()'d) in the
    worker would crash Qt, as it once did when a later test's thread failed."""
    shown_in: list[object] = []
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)
    monkeypatch.setattr(crash, "_relay", None)

    def record_exec(self: FakeBox) -> int:
        shown_in.append(threading.current_thread())
        FakeBox.shown.append(self)
        return 0

    monkeypatch.setattr(FakeBox, "exec", record_exec)
    crash.install()
    assert crash._relay is not None

    def work() -> None:
        raise RuntimeError("worker failed")

    with caplog.at_level(logging.ERROR, logger="plantconsole.crash"):
        thread = threading.Thread(target=work, name="import-worker")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(fake_box.shown))
    assert "import-worker" in caplog.text
    box = fake_box.shown[0]
    assert isinstance(box, FakeBox) and box.text == "RuntimeError: worker failed"
    assert shown_in == [threading.main_thread()]


class RealDialogs:
    """Finds the real crash dialog among the top-level windows (from a timer, while its
    exec() runs), keeps what it showed and closes it with its Close button."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.seen: list[dict[str, Any]] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.on_tick)
        self.timer.start()

    def on_tick(self) -> None:
        for widget in self.app.topLevelWidgets():
            if not (isinstance(widget, QMessageBox) and widget.isVisible()):
                continue
            self.seen.append(
                {
                    "name": widget.objectName(),
                    "modal": widget.isModal(),
                    "title": widget.windowTitle(),
                    "text": widget.text(),
                    "info": widget.informativeText(),
                    "details": widget.detailedText(),
                    "buttons": [b.text() for b in widget.buttons()],
                }
            )
            close = widget.button(QMessageBox.StandardButton.Close)
            assert close is not None
            close.click()


@pytest.fixture
def real_dialogs(qapp: QApplication) -> Iterator[RealDialogs]:
    closer = RealDialogs(qapp)
    yield closer
    closer.timer.stop()


class Console(QWidget):
    """A stand-in console window with a refresh timer; its first refresh fails."""

    def __init__(self) -> None:
        super().__init__()
        self.ticks = 0
        self.timer = QTimer(self)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.on_refresh)

    def on_refresh(self) -> None:
        self.ticks += 1
        if self.ticks == 1:
            raise KeyError("injected in a slot")


@pytest.mark.qt_no_exception_capture
def test_the_real_dialog_shows_an_injected_error_and_the_console_keeps_running(
    qapp: QApplication,
    qtbot: Any,
    real_dialogs: RealDialogs,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No stand-in box: the QMessageBox that crash.show_error builds is on screen, modal,
    says what failed and that the console keeps running; after Close the window's timer
    still ticks and a second error gets a dialog of its own."""
    monkeypatch.setattr("sys.excepthook", crash.excepthook)
    console = Console()
    qtbot.addWidget(console)
    console.show()
    with caplog.at_level(logging.ERROR, logger="plantconsole.crash"):
        console.timer.start()
        qtbot.waitUntil(lambda: console.ticks >= 5, timeout=WAIT_MS)  # on after the dialog
    assert len(real_dialogs.seen) == 1
    (shown,) = real_dialogs.seen
    assert shown["name"] == "crashDialog" and shown["modal"]
    assert shown["title"] == "PlantConsole: unexpected error"
    assert shown["text"] == "KeyError: 'injected in a slot'"
    assert "keeps running" in shown["info"] and "plantconsole.log" in shown["info"]
    assert "on_refresh" in shown["details"] and "Traceback" in shown["details"]
    assert "Copy diagnostics" in shown["buttons"]
    assert "KeyError: 'injected in a slot'" in caplog.text
    assert console.isVisible()

    console.timer.stop()
    console.ticks = 0  # the next refresh fails again: a new dialog, not a dead console
    console.timer.start()
    qtbot.waitUntil(lambda: len(real_dialogs.seen) == 2 and console.ticks >= 3, timeout=WAIT_MS)


def run_qasync(qapp: QApplication, coro: Coroutine[Any, Any, T]) -> T:
    """`coro` on a qasync loop with the launcher's exception handler (as start_gui sets it)."""

    async def main() -> T:
        asyncio.get_running_loop().set_exception_handler(crash.loop_exception_handler)
        return await asyncio.wait_for(coro, WAIT_MS / 1000)

    loop = qasync.QEventLoop(qapp)
    qapp.setQuitOnLastWindowClosed(False)
    try:
        result: T = loop.run_until_complete(main())
        return result
    finally:
        qapp.setQuitOnLastWindowClosed(True)
        loop.close()
        asyncio.set_event_loop(None)


async def until(condition: Callable[[], object]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_MS / 1000
    while not condition():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


def test_an_error_in_an_asyncio_task_is_logged_shown_and_survived(
    qapp: QApplication, real_dialogs: RealDialogs, caplog: pytest.LogCaptureFixture
) -> None:
    """A fire-and-forget task fails on the qasync loop (nobody awaits it) and a callback
    fails: each is logged with its traceback and shown in the real dialog, and the loop
    goes on with its other work."""
    ticks: list[int] = []

    async def broken_task() -> None:
        await asyncio.sleep(0)
        raise ValueError("injected in a task")

    def broken_callback() -> None:
        raise OSError("injected in a callback")

    async def ticker() -> None:
        while True:
            ticks.append(1)
            await asyncio.sleep(0.01)

    async def scenario() -> int:
        running = asyncio.ensure_future(ticker())
        try:
            # no reference kept, on purpose: freed, it reports "exception never retrieved"
            asyncio.ensure_future(broken_task())  # noqa: RUF006
            await until(lambda: real_dialogs.seen)
            asyncio.get_running_loop().call_soon(broken_callback)
            await until(lambda: len(real_dialogs.seen) == 2)
            before = len(ticks)
            await until(lambda: len(ticks) >= before + 5)  # the loop still runs its tasks
            return len(ticks)
        finally:
            running.cancel()

    with caplog.at_level(logging.ERROR, logger="plantconsole.crash"):
        assert run_qasync(qapp, scenario()) > 5
    first, second = real_dialogs.seen
    assert first["name"] == "crashDialog"
    assert first["text"] == "ValueError: injected in a task"
    assert "broken_task" in first["details"]
    assert second["text"] == "OSError: injected in a callback"
    assert "broken_callback" in second["details"]
    assert "injected in a task" in caplog.text and "injected in a callback" in caplog.text


def test_an_asyncio_error_without_an_exception_is_logged_not_shown(
    qapp: QApplication, fake_box: type[FakeBox], caplog: pytest.LogCaptureFixture
) -> None:
    loop = asyncio.new_event_loop()
    try:
        with caplog.at_level(logging.ERROR, logger="plantconsole.crash"):
            crash.loop_exception_handler(loop, {"message": "Unclosed transport"})
    finally:
        loop.close()
    assert "asyncio: Unclosed transport" in caplog.text
    assert fake_box.shown == []
