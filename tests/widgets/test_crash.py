"""An exception in a slot: logged, shown in a dialog (not blocking here), the console goes on."""

from __future__ import annotations

import logging
import threading
import zipfile
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from widgets import crash


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
    information = staticmethod(lambda *a: FakeBox.shown.append(a))  # type: ignore[arg-type]
    warning = staticmethod(lambda *a: FakeBox.shown.append(a))  # type: ignore[arg-type]


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
