"""No exception goes silent: unhandled ones (Qt slots, asyncio callbacks, threads) are logged
and shown, and the console keeps running.

The dialog names the log file and offers "Copy diagnostics" (`app.diagnostics_bundle`):
a zip of logs, versions and settings (no secrets) whose path and file land on the
clipboard, ready for a support ticket. Exceptions in worker threads are logged there
and shown through a queued signal on the GUI thread (thread code never touches widgets).
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.diagnostics_bundle import write_bundle
from app.logging_setup import log_file

log = logging.getLogger("plantconsole.crash")
_showing = False


def show_error(title: str, text: str, details: str = "", informative: str | None = None) -> None:
    """A modal error box (at most one at a time, so a failing timer cannot flood the screen).
    `informative`: what follows for the person (default: the console keeps running).
    """
    global _showing
    app = QApplication.instance()
    if _showing or app is None:
        return
    if QThread.currentThread() is not app.thread():
        if _relay is not None:
            _relay.error.emit(title, text, details)
        return
    _showing = True
    try:
        box = QMessageBox(QMessageBox.Icon.Critical, title, text)
        box.setObjectName("crashDialog")
        if informative is None:
            informative = QCoreApplication.translate(
                "crash", "PlantConsole keeps running. The log is in %1"
            ).replace("%1", str(log_file()))
        box.setInformativeText(informative)
        if details:
            box.setDetailedText(details)
        copy = box.addButton(
            QCoreApplication.translate("crash", "Copy diagnostics"),
            QMessageBox.ButtonRole.ActionRole,
        )
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is copy:
            copy_diagnostics(None)
    finally:
        _showing = False


def copy_diagnostics(parent: QWidget | None) -> Path | None:
    """Write the diagnostics zip, put it (file and path) on the clipboard, say where it is."""
    try:
        path = write_bundle()
    except OSError as exc:
        log.error("could not write the diagnostics bundle: %s", exc)
        QMessageBox.warning(
            parent,
            "PlantConsole",
            QCoreApplication.translate("crash", "Could not write diagnostics: %1").replace(
                "%1", str(exc)
            ),
        )
        return None
    # The path as plain text: a QMimeData made in Python and handed to the clipboard
    # crashed the process at exit (PySide6 6.11, offscreen and xcb alike).
    QApplication.clipboard().setText(str(path))
    log.info("diagnostics written to %s", path)
    QMessageBox.information(
        parent,
        "PlantConsole",
        QCoreApplication.translate(
            "crash",
            "Diagnostics saved to\n%1\n\nThe file is on the clipboard: paste it into a "
            "support ticket or e-mail.",
        ).replace("%1", str(path)),
    )
    return path


def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    log.error("unhandled exception", exc_info=(kind, exc, tb))
    details = "".join(traceback.format_exception(kind, exc, tb))
    show_error(
        QCoreApplication.translate("crash", "PlantConsole: unexpected error"),
        f"{kind.__name__}: {exc}",
        details,
    )


def loop_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    exc = context.get("exception")
    if isinstance(exc, BaseException):
        excepthook(type(exc), exc, exc.__traceback__)
    else:
        log.error("asyncio: %s", context.get("message", context))


class _Relay(QObject):
    """Carries a worker thread's error to the GUI thread.

    The receiver is this object's own slot: it lives in the GUI thread, so Qt queues the
    call there. (Connected to a plain function, the box would be built and exec()'d in the
    worker thread: widgets outside the GUI thread crash Qt.)"""

    error = Signal(str, str, str)

    def __init__(self) -> None:
        super().__init__()
        self.error.connect(self.show)

    @Slot(str, str, str)
    def show(self, title: str, text: str, details: str) -> None:
        show_error(title, text, details)


_relay: _Relay | None = None


def thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    name = args.thread.name if args.thread else "?"
    log.error(
        "unhandled exception in thread %s",
        name,
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
    )
    if _relay is not None:
        details = "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        )
        _relay.error.emit(
            QCoreApplication.translate("crash", "PlantConsole: unexpected error"),
            f"{args.exc_type.__name__}: {args.exc_value}",
            details,
        )


def install() -> None:
    """Route Qt-slot and thread exceptions to the log and a message box."""
    global _relay
    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook
    if _relay is None and QApplication.instance() is not None:
        _relay = _Relay()
