"""No exception goes silent: unhandled ones (Qt slots, asyncio callbacks) are logged and shown."""

from __future__ import annotations

import asyncio
import logging
import sys
import traceback
from types import TracebackType
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("plantconsole.crash")
_showing = False


def show_error(title: str, text: str, details: str = "") -> None:
    """A modal error box (at most one at a time, so a failing timer cannot flood the screen)."""
    global _showing
    if _showing or QApplication.instance() is None:
        return
    _showing = True
    try:
        box = QMessageBox(QMessageBox.Icon.Critical, title, text)
        if details:
            box.setDetailedText(details)
        box.exec()
    finally:
        _showing = False


def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    log.error("unhandled exception", exc_info=(kind, exc, tb))
    details = "".join(traceback.format_exception(kind, exc, tb))
    show_error("PlantConsole: unexpected error", f"{kind.__name__}: {exc}", details)


def loop_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    exc = context.get("exception")
    if isinstance(exc, BaseException):
        excepthook(type(exc), exc, exc.__traceback__)
    else:
        log.error("asyncio: %s", context.get("message", context))


def install() -> None:
    """Route Qt-slot exceptions (sys.excepthook) to the log and a message box."""
    sys.excepthook = excepthook
