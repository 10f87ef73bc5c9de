"""HealthMonitorService: the monitor as a QObject, with changes coalesced for views.

Signals:
    healthChanged(object): set of CI ids whose shown (rolled) health changed
    valuesChanged(object): set of CI ids whose readings or link changed
    summaryChanged(): lines stopped, cost at risk, console path or link counts may differ
    consoleOfflineChanged(bool): the console lost / regained its path to the plant

Views get at most one emission per signal every `interval_ms` (default 250 ms),
however many thousand values change in between.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from app.monitor.plant_monitor import PlantMonitor
from models.cmdb import Plant
from models.health import Changes, HealthEngine


class HealthMonitorService(QObject):
    healthChanged = Signal(object)
    valuesChanged = Signal(object)
    summaryChanged = Signal()
    consoleOfflineChanged = Signal(bool)

    def __init__(
        self, monitor: PlantMonitor, interval_ms: int = 250, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.monitor = monitor
        self._health: set[str] = set()
        self._values: set[str] = set()
        self._offline = monitor.engine.console_offline
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.on_tick)
        monitor.add_listener(self._on_changes)
        monitor.add_value_listener(self._values.update)

    @property
    def plant(self) -> Plant:
        return self.monitor.plant

    @property
    def engine(self) -> HealthEngine:
        return self.monitor.engine

    async def start(self) -> None:
        await self.monitor.start()
        self._timer.start()

    async def stop(self) -> None:
        self._timer.stop()
        await self.monitor.stop()

    def _on_changes(self, changes: Changes) -> None:
        self._health |= changes.rolled

    def on_tick(self) -> None:
        """Emit what accumulated since the last tick."""
        offline = self.monitor.engine.console_offline
        if offline != self._offline:
            self._offline = offline
            self.consoleOfflineChanged.emit(offline)
        if self._health:
            health, self._health = self._health, set()
            self.healthChanged.emit(health)
            self.summaryChanged.emit()
        if self._values:
            # The monitor's listener holds this very set: copy and clear, never rebind.
            values = set(self._values)
            self._values.clear()
            self.valuesChanged.emit(values)
