"""What the GUI benchmark measures: event-loop lateness and change-to-repaint latency.

`LatenessProbe` is a 10 ms precise QTimer that notes how late each timeout
comes: any stall of the GUI thread shows up as one late tick.

`RepaintProbe` is the tree's delegate for the state column: it paints exactly
as the default delegate and notes when each row was painted. A push that is
meant to change a watched CI's health is noted (`note_push`); if the next
monitor flush changes that CI's shown health, the change waits for the row's
next real paint, and change -> paint is one latency sample. A row that is never
repainted leaves its change pending: it counts as an infinite latency.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from app.monitor.plant_monitor import PlantMonitor
from models.health import Changes
from widgets.tree_model import CI_ID_ROLE

STALL_S = 0.05


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (math.inf counts as larger than everything); nan if empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct * len(ordered) / 100) - 1)]


class LatenessProbe(QObject):
    def __init__(self, interval_ms: int = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval_s = interval_ms / 1000
        self.lateness_s: list[float] = []
        self.stalls: list[tuple[float, float]] = []  # (seconds since start, lateness) > 50 ms
        self._start = 0.0
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.on_timeout)

    def start(self) -> None:
        self._last = self._start = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def on_timeout(self) -> None:
        now = time.perf_counter()
        late = max(0.0, now - self._last - self.interval_s)
        self.lateness_s.append(late)
        if late > STALL_S:
            self.stalls.append((round(now - self._start, 3), round(late, 4)))
        self._last = now


class RepaintProbe(QStyledItemDelegate):
    def __init__(self, monitor: PlantMonitor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.active = False
        self.paints = 0
        self.pushes_without_change = 0
        self.latency_s: list[float] = []  # push -> row painted
        self.to_flush_s: list[float] = []  # push -> the flush that changed health
        self._pushed: dict[str, float] = {}  # CI -> first push not yet evaluated
        self._pending: dict[str, tuple[float, float]] = {}  # CI -> (push, flush) not painted
        monitor.add_listener(self.on_changes)
        monitor.add_value_listener(self.on_evaluated)

    @property
    def unpainted(self) -> int:
        return len(self._pending)

    def note_push(self, ci_id: str, at: float) -> None:
        if self.active:
            self._pushed.setdefault(ci_id, at)

    def on_changes(self, changes: Changes) -> None:
        now = time.perf_counter()
        for ci_id in changes.rolled & self._pushed.keys():
            if ci_id not in self._pending:
                self._pending[ci_id] = (self._pushed[ci_id], now)
                self.to_flush_s.append(now - self._pushed[ci_id])

    def on_evaluated(self, dirty: set[str]) -> None:
        for ci_id in dirty & self._pushed.keys():
            pushed = self._pushed.pop(ci_id)
            if self._pending.get(ci_id, (None,))[0] != pushed:
                self.pushes_without_change += 1

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        self.paints += 1
        pending = self._pending.pop(index.data(CI_ID_ROLE), None)
        if pending is not None:
            self.latency_s.append(time.perf_counter() - pending[0])

    def all_latencies(self) -> list[float]:
        """Painted latencies plus one infinity per change that was never painted."""
        return [*self.latency_s, *[math.inf] * self.unpainted]
