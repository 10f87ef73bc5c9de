"""PlantMonitor over fake drivers: samples -> own health -> engine -> listeners."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from app.monitor.bindings import Binding, Intervals
from app.monitor.console_path import ConsolePath
from app.monitor.plant_monitor import PlantMonitor
from drivers.base import LinkState
from drivers.fake import FakeDriver
from drivers.reachability import ProbeResult
from models.cmdb import Plant
from models.health import Changes
from models.states import State


class FakePlant:
    """Fake drivers for every binding, all connected with healthy values."""

    def __init__(self) -> None:
        self.drivers: dict[str, FakeDriver] = {}
        self.bindings: dict[str, Binding] = {}

    def factory(self, binding: Binding, floor_ms: int) -> FakeDriver:
        driver = FakeDriver(list(binding.points))
        for ci_id in binding.cis:
            self.drivers[ci_id] = driver
            self.bindings[ci_id] = binding
        return driver

    def healthy(self) -> None:
        for ci_id, driver in self.drivers.items():
            binding = self.bindings[ci_id]
            values: dict[str, object] = {}
            for name, (ci, point) in binding.points.items():
                if ci != ci_id:
                    continue
                values[name] = {
                    "run_state": 1,
                    "fault_code": 0,
                    "fault_flag": False,
                    "line_running": True,
                    "reachable": True,
                    "rtt_ms": 0.1,
                    "method": "tcp",
                }.get(point, 3.0)
            driver.set_values(values)  # type: ignore[arg-type]


def run(coro: object) -> object:
    return asyncio.run(coro)  # type: ignore[arg-type]


@pytest.fixture
def fakes() -> Iterator[FakePlant]:
    yield FakePlant()


async def started(plant: Plant, fakes: FakePlant, path_ok: bool = True) -> PlantMonitor:
    async def prober(host: str, ports: tuple[int, ...], timeout_s: float) -> ProbeResult:
        return ProbeResult(host, path_ok, "tcp", 0.1 if path_ok else None)

    monitor = PlantMonitor(
        plant,
        Intervals(poll_ms=500, timeout_s=1.0),
        driver_factory=fakes.factory,
        console_path=ConsolePath(plant.source.console.reference_targets, prober=prober),
        path_check_s=0.05,
    )
    await monitor.start()
    return monitor


def test_all_ok_then_switch_down(demo_plant: Plant, fakes: FakePlant) -> None:
    async def scenario() -> None:
        monitor = await started(demo_plant, fakes)
        seen: list[Changes] = []
        monitor.add_listener(seen.append)
        fakes.healthy()
        monitor.flush()
        assert {monitor.engine.state(c) for c in demo_plant.nodes} == {State.OK}
        assert monitor.settled()
        # The switch and everything behind it stop answering.
        for ci_id in ["SW-L3-043", *demo_plant.dependents["SW-L3-043"]]:
            if ci_id in fakes.drivers:
                fakes.drivers[ci_id].set_link_state(
                    LinkState.RECONNECTING, "no answer within 1.0 s", "timeout"
                )
        for ci_id in ["SW-L3-043", *demo_plant.dependents["SW-L3-043"]]:
            if ci_id in fakes.drivers and fakes.bindings[ci_id].key.protocol == "reach":
                fakes.drivers[ci_id].set_value("reachable", False)
        monitor.flush()
        engine = monitor.engine
        assert engine.effective["SW-L3-043"].state is State.DOWN
        assert engine.effective["AR-042-PLC"].state is State.IMPACTED
        assert engine.effective["AR-042-RC"].state is State.IMPACTED
        assert sorted(engine.stopped_lines()) == ["L3", "L4", "L5"]
        assert engine.cost_at_risk() == 11_400
        assert seen and "L4" in set().union(*(c.rolled for c in seen))
        assert monitor.history["L4"][-1].health.state is State.IMPACTED
        await monitor.stop()

    run(scenario())


def test_program_stop_and_running_tag(demo_plant: Plant, fakes: FakePlant) -> None:
    async def scenario() -> None:
        monitor = await started(demo_plant, fakes)
        fakes.healthy()
        fakes.drivers["AR-042-PLC"].set_value("AR-042-PLC:run_state", 0)
        fakes.drivers["CONV-L4-PLC"].set_value("CONV-L4-PLC:line_running", False)
        monitor.flush()
        engine = monitor.engine
        assert engine.effective["AR-042-PLC"].reason.code == "program_stopped"
        assert engine.rolled["L4"].reason.code == "line_stopped"
        assert sorted(engine.stopped_lines()) == ["L3", "L4"]
        await monitor.stop()

    run(scenario())


def test_console_path_lost_makes_everything_unknown(demo_plant: Plant, fakes: FakePlant) -> None:
    async def scenario() -> None:
        monitor = await started(demo_plant, fakes, path_ok=False)
        fakes.healthy()
        monitor.flush()
        for _ in range(100):
            if monitor.engine.console_offline:
                break
            await asyncio.sleep(0.02)
        assert monitor.engine.console_offline
        assert monitor.engine.rolled["L3"].reason.code == "console_offline"
        assert monitor.engine.stopped_lines() == []
        await monitor.stop()

    run(scenario())


def test_one_driver_per_endpoint(demo_plant: Plant, fakes: FakePlant) -> None:
    async def scenario() -> None:
        monitor = await started(demo_plant, fakes)
        endpoints = {n.endpoint for n in demo_plant.nodes.values() if n.monitored}
        assert len(monitor.drivers) == len(endpoints)
        assert monitor.driver_for("AR-042-PLC") is fakes.drivers["AR-042-PLC"]
        await monitor.stop()
        assert all(d.closed for d in fakes.drivers.values())

    run(scenario())


def test_start_lets_the_loop_run_between_slices(
    demo_plant: Plant, fakes: FakePlant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """start() yields while it makes and starts the drivers (a 10k-CI plant takes most of
    a second: the window must paint meanwhile), and ends with every driver started."""
    import app.monitor.plant_monitor as plant_monitor

    monkeypatch.setattr(plant_monitor, "START_SLICE_S", 0.0)  # yield after every driver

    async def scenario() -> None:
        ticks: list[int] = []

        async def other_work() -> None:
            while True:
                ticks.append(len(ticks))
                await asyncio.sleep(0)

        beside = asyncio.create_task(other_work())
        monitor = await started(demo_plant, fakes)
        during = len(ticks)
        beside.cancel()
        # the loop ran other work while start() was going on, once per driver at least
        assert during >= len(monitor.drivers) > 1
        assert set(monitor.drivers.values()) == set(fakes.drivers.values())
        assert all(d.started for d in fakes.drivers.values())
        await monitor.stop()

    run(scenario())
