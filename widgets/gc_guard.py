"""Python's cyclic garbage collector, run only on the GUI thread.

Automatic collection runs in whichever thread happens to allocate when a threshold is
crossed: an asyncua executor thread, the sync client's thread. If the cycle it frees
holds a QObject (a timer, a closed event loop's helper), Qt destroys that object from the
wrong thread ("QObject::~QObject: Timers cannot be stopped from another thread") and
may crash. So automatic collection is switched off and a GUI-thread timer does the same
work at the same thresholds: the pattern PyQt applications use for this.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

_active: GuiThreadCollector | None = None
FULL_EVERY_S = 600.0  # full collections on the GUI thread at most this often


def pause() -> None:
    """No collections for now (start-up builds objects that live all shift)."""
    if _active is not None:
        _active.pause()
    else:
        gc.disable()


def resume() -> None:
    """Collections again: by the GUI-thread collector where one runs, else automatic."""
    if _active is not None:
        _active.resume()
    else:
        gc.enable()


class GuiThreadCollector(QObject):
    """While alive: no automatic GC; the GUI thread collects what the thresholds ask for."""

    def __init__(self, interval_ms: int = 500, parent: QObject | None = None) -> None:
        global _active
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.collections = 0
        self._was_enabled = gc.isenabled()
        self._last_full = time.monotonic()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        _active = self

    def pause(self) -> None:
        self._timer.stop()

    def resume(self) -> None:
        self._timer.start()

    def check(self) -> None:
        """Collect the oldest generation whose count passed its threshold (as gc would).

        CPython also holds back full collections until enough long-lived objects are new
        (a heuristic it does not expose); without it a full collection would rescan the
        whole heap on the GUI thread every minute. So at most one per `FULL_EVERY_S`."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                if generation == 2 and time.monotonic() - self._last_full < FULL_EVERY_S:
                    continue  # a younger generation may still be due
                gc.collect(generation)
                if generation == 2:
                    self._last_full = time.monotonic()
                self.collections += 1
                return

    def stop(self) -> None:
        global _active
        self._timer.stop()
        if _active is self:
            _active = None
        if self._was_enabled:
            gc.enable()
