"""Issue 5's incident scenarios against the simulated plant in its own process (OPC UA,
Modbus and reachability on loopback), faults injected through its control API:
flapping stays on one incident with a count, a fault inside a maintenance window or on a
shelved CI raises nothing, and a recovered incident auto-resolves after the quiet time.

Switch down -> one P1 and its recovery: test_incidents_with_simulator.py. The same
scenarios on fake drivers with a fake clock: tests/app/incidents/test_auto_raise.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import tomllib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.incidents.auto_raise import AutoRaiser
from app.incidents.service import IncidentService
from app.monitor.plant_monitor import PlantMonitor
from models.cmdb import Plant
from models.incidents.lifecycle import Status
from models.incidents.maintenance import ChangeKind, MaintenanceWindow
from models.incidents.priority import Priority
from models.plant_loader import load_plant
from models.states import State
from models.store import open_store
from simulator.effective_plant import write_plant
from tests.integration.conftest import (
    Sim,
    all_ok,
    eventually,
    healthy_monitor,
    monitor_for,
    run,
)

SWITCH = "SW-L3-043"
PLC = "AR-051-PLC"  # OPC UA PLC of line L4 (behind SW-L3-043); its profile names 0x2A
HOUR_MS = 3_600_000
QUIET_MIN = 1  # the least auto_resolve_quiet_min the plant file accepts
TEST_QUIET_MIN = 0.1  # 6 s: what the test then waits for


@dataclass
class Console:
    monitor: PlantMonitor
    service: IncidentService
    raiser: AutoRaiser

    def kinds(self, incident_id: str) -> list[str]:
        return [entry.type for entry in self.service.incident(incident_id).timeline]

    def done(self, kind: str) -> int:
        return sum(1 for d in self.raiser.done if d.kind == kind)


@contextlib.asynccontextmanager
async def console(sim: Sim, store_path: Path, plant: Plant | None = None) -> AsyncIterator[Console]:
    """A monitor on the simulated plant (all OK first), its incident service and
    auto-raiser ticking as headless does; every fault restored and all OK again after."""
    if plant is None:
        async with healthy_monitor(sim) as monitor, _incidents(monitor, store_path) as con:
            yield con
        return
    monitor = monitor_for(plant)
    async with _incidents(monitor, store_path) as con:
        await monitor.start()
        try:
            await all_ok(monitor)
            yield con
            await sim.restore()
            await all_ok(monitor)
        finally:
            await sim.restore()
            await monitor.stop()


@contextlib.asynccontextmanager
async def _incidents(monitor: PlantMonitor, store_path: Path) -> AsyncIterator[Console]:
    with open_store(store_path) as store:
        service = IncidentService(store, monitor.plant, user="anna", console_id="CR1")
        raiser = AutoRaiser(monitor, service)  # the default settle, as the consoles run it
        ticker = asyncio.create_task(raiser.run(0.1))
        try:
            yield Console(monitor, service, raiser)
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker


@pytest.fixture
def quiet_plant(sim: Sim, tmp_path: Path) -> Iterator[Plant]:
    """The simulator's plant file with the shortest auto-resolve quiet time."""
    raw = tomllib.loads(sim.process.effective_plant_path.read_text(encoding="utf-8"))
    raw.setdefault("incidents", {})["auto_resolve_quiet_min"] = QUIET_MIN
    path = tmp_path / "quiet_plant.toml"
    write_plant(raw, path)
    yield load_plant(path)


def test_flapping_switch_stays_on_one_incident_with_a_count(sim: Sim, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with console(sim, tmp_path / "console.db") as con:
            service = con.service
            await sim.inject(SWITCH, "down")
            await eventually(lambda: bool(service.heads()), what="an incident raised")
            (head,) = service.heads()

            async def flap(n: int) -> None:  # up, then down again while the incident is open
                await sim.restore()
                await eventually(lambda: not service.heads()[0].is_down, what=f"recovered {n}")
                await sim.inject(SWITCH, "down")
                await eventually(
                    lambda: service.incident(head.id).repeat_count == n, what=f"repeat {n}"
                )

            await flap(1)
            await flap(2)
            await asyncio.sleep(4.0)  # devices behind it time out too: still one incident
            assert [h.id for h in service.heads()] == [head.id]
            state = service.incident(head.id)
            assert state.root_cause_ci == SWITCH and state.priority is Priority.P1
            assert state.repeat_count == 2 and service.heads()[0].is_down
            assert con.kinds(head.id) == ["created", "recovered", "repeat", "recovered", "repeat"]
            assert con.done("created") == 1

    run(scenario())


def test_a_fault_inside_a_maintenance_window_raises_nothing(sim: Sim, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with console(sim, tmp_path / "console.db") as con:
            service, engine = con.service, con.monitor.engine
            now = service.now_ms()
            window = MaintenanceWindow(
                "CHG-CR1-1",
                ChangeKind.NETWORK_CONFIG,
                "switch firmware update",
                frozenset({SWITCH}),
                now - 60_000,
                now + HOUR_MS,
                "restore the config backup",
            )
            service.suppressions.add_window(window, "anna")
            await eventually(
                lambda: engine.effective[SWITCH].state is State.MAINTENANCE, what="maintenance"
            )
            await sim.inject(SWITCH, "down")
            # The fault is real: the devices behind the switch stop answering ...
            await eventually(
                lambda: engine.own["AR-042-PLC"].state is not State.OK, what="devices cut off"
            )
            await asyncio.sleep(10.0)  # settle and the after-upstream wait pass: nothing
            # ... but the window marks the switch and nothing is raised for it or behind it.
            health = engine.effective[SWITCH]
            assert health.state is State.MAINTENANCE
            assert health.reason.code == "maintenance"
            assert health.reason.param("window") == "CHG-CR1-1"
            assert service.heads() == [], [h.title for h in service.heads()]
            assert con.raiser.done == []

            service.suppressions.end_window("CHG-CR1-1", "anna")  # the change is done ...
            await eventually(lambda: bool(service.heads()), what="raised after the window")
            assert [h.root_ci for h in service.heads()] == [SWITCH]  # ... the fault remains

    run(scenario())


def test_a_shelved_ci_raises_nothing(sim: Sim, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with console(sim, tmp_path / "console.db") as con:
            service, engine, readings = con.service, con.monitor.engine, con.monitor.readings
            service.suppressions.shelve(PLC, "anna", "door sensor chatter", HOUR_MS, 8 * HOUR_MS)
            await sim.inject(PLC, "fault", "0x2A")

            def fault_seen() -> bool:
                point = readings.cis[PLC].points.get("fault_code")
                return point is not None and point.value == 0x2A

            await eventually(fault_seen, what="the PLC's fault code read")
            await eventually(lambda: engine.effective[PLC].reason.code == "shelved", what="shelved")
            await asyncio.sleep(5.0)  # the settle delay passes many times over: nothing
            health = engine.effective[PLC]
            assert health.state is State.MAINTENANCE and health.reason.param("by") == "anna"
            assert health.reason.param("why") == "door sensor chatter"
            assert service.heads() == [] and con.raiser.done == []

            service.suppressions.unshelve(PLC, "ben")  # the fault is still there: raised now
            await eventually(lambda: bool(service.heads()), what="raised after unshelving")
            (head,) = service.heads()
            assert head.root_ci == PLC and head.fault_text == "Safety door open"

    run(scenario())


@pytest.mark.timeout(300)
def test_recovery_then_auto_resolve_after_the_quiet_time(
    sim: Sim, tmp_path: Path, quiet_plant: Plant
) -> None:
    async def scenario() -> None:
        async with console(sim, tmp_path / "console.db", quiet_plant) as con:
            service = con.service
            assert con.raiser.quiet_min == QUIET_MIN  # read from the plant file
            con.raiser.quiet_min = TEST_QUIET_MIN  # shorter than the file allows: CI time
            await sim.inject(SWITCH, "down")
            await eventually(lambda: bool(service.heads()), what="an incident raised")
            (head,) = service.heads()
            await sim.restore()
            await eventually(lambda: con.done("recovered") == 1, what="recovered")
            recovered_ms = service.heads()[0].recovered_ms
            assert recovered_ms is not None
            state = service.incident(head.id)
            assert state.status is Status.NEW and state.recovered_at_ms is not None
            assert con.kinds(head.id) == ["created", "recovered"]

            await eventually(
                lambda: service.incident(head.id).status is Status.RESOLVED,
                limit_s=TEST_QUIET_MIN * 60 + 60,
                what="auto-resolved after the quiet time",
            )
            state = service.incident(head.id)
            assert state.timeline[-1].user == "system"
            assert con.kinds(head.id) == ["created", "recovered", "resolved"]
            resolved = next(e for e in state.timeline if e.type == "resolved")
            assert resolved.hlc.wall_ms - recovered_ms >= TEST_QUIET_MIN * 60_000  # not before
            assert len(service.heads()) == 1  # devices reconnecting raised nothing

    run(scenario(), timeout=280)
