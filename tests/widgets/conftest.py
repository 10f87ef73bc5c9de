"""Widget test fixtures: a real monitor over fake drivers, driven synchronously.

pytest-qt does not run asyncio; these fixtures never start the monitor's loops.
Tests change the plant with `plant_feed` and then call `feed.flush()`, which runs
the monitor's flush and the service's coalescing tick, as the timers would.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from app.monitor.bindings import Binding, Intervals
from app.monitor.plant_monitor import PlantMonitor
from app.monitor.service import HealthMonitorService
from drivers.base import LinkState
from drivers.fake import FakeDriver
from models.cmdb import Plant

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from tests.widgets.launcher_rig import Dialogs
    from tests.widgets.test_incidents_list import Rig
    from widgets.main_window import MainWindow

HEALTHY = {
    "run_state": 1,
    "fault_code": 0,
    "fault_flag": False,
    "line_running": True,
    "reachable": True,
    "rtt_ms": 0.1,
    "method": "tcp",
}


class PlantFeed:
    """Fake drivers for every CI of a plant, and controls to change what they say."""

    def __init__(self, plant: Plant) -> None:
        self.plant = plant
        self.drivers: dict[str, FakeDriver] = {}
        self.bindings: dict[str, Binding] = {}
        self.monitor = PlantMonitor(
            plant, Intervals(poll_ms=500, timeout_s=1.0), driver_factory=self.factory
        )
        self.service = HealthMonitorService(self.monitor)
        self.monitor.attach_drivers()
        for driver in set(self.drivers.values()):
            driver.set_link_state(LinkState.CONNECTED)

    def factory(self, binding: Binding, floor_ms: int) -> FakeDriver:
        driver = FakeDriver(list(binding.points))
        for ci_id in binding.cis:
            self.drivers[ci_id] = driver
            self.bindings[ci_id] = binding
        return driver

    def set(self, ci_id: str, point: str, value: object) -> None:
        """One point of one CI takes a value (Good quality)."""
        name = point if self.bindings[ci_id].key.protocol == "reach" else f"{ci_id}:{point}"
        self.drivers[ci_id].set_value(name, value)  # type: ignore[arg-type]

    def healthy(self) -> None:
        """Every CI answers with values inside its limits."""
        for ci_id, binding in self.bindings.items():
            values = {
                name: HEALTHY.get(point, 3.0)
                for name, (ci, point) in binding.points.items()
                if ci == ci_id
            }
            self.drivers[ci_id].set_values(values)  # type: ignore[arg-type]

    def cut(self, ci_id: str) -> None:
        """The CI stops answering (as behind a dead switch)."""
        driver = self.drivers[ci_id]
        if self.bindings[ci_id].key.protocol == "reach":
            driver.set_value("reachable", False)
        driver.set_link_state(LinkState.RECONNECTING, "no answer within 1.0 s", "timeout")

    def switch_down(self, switch: str) -> None:
        """The switch and every monitored CI behind it stop answering."""
        self.cut(switch)
        for dependent in self.plant.dependents[switch]:
            if dependent in self.drivers:
                self.cut(dependent)

    def flush(self) -> None:
        """What the monitor's flush loop and the service's timer would do next."""
        self.monitor.flush()
        self.service.on_tick()


@pytest.fixture
def plant_feed(demo_plant: Plant, qapp: object) -> Iterator[PlantFeed]:
    feed = PlantFeed(demo_plant)
    feed.healthy()
    feed.flush()
    yield feed
    feed.service.deleteLater()


@pytest.fixture
def rig(plant_feed: PlantFeed, tmp_path: Path) -> Iterator[Rig]:
    """The incident side of the demo plant: service, auto-raise, Qt wrapper (test_incidents_list)."""
    from tests.widgets.test_incidents_list import incident_rig

    with incident_rig(plant_feed, tmp_path) as made:
        yield made


@pytest.fixture
def window(rig: Rig, qtbot: Any) -> Iterator[MainWindow]:
    """The main window over `rig`, shown (a hidden window's tool bars disable their widgets)."""
    from widgets.main_window import MainWindow

    win = MainWindow(rig.feed.service, incidents=rig.qt)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


@pytest.fixture
def dialogs(qapp: QApplication) -> Iterator[Dialogs]:
    """Every error dialog closed as it opens, its text and details kept (launcher_rig)."""
    from tests.widgets.launcher_rig import Dialogs

    closer = Dialogs(qapp)
    yield closer
    closer.timer.stop()
