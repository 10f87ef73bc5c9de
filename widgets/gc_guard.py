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

from PySide6.QtCore import QObject, QTimer

_active: GuiThreadCollector | None = None


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
        """Collect the oldest generation whose count passed its threshold (as gc would)."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                self.collections += 1
                return

    def stop(self) -> None:
        global _active
        self._timer.stop()
        if _active is self:
            _active = None
        if self._was_enabled:
            gc.enable()
