"""Auto-raise against the simulated plant in its own process: a dead switch is one P1."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from app.incidents.auto_raise import AutoRaiser
from app.incidents.service import IncidentService
from models.incidents.priority import Priority
from models.store import open_store
from tests.integration.conftest import Sim, all_ok, eventually, monitor_for, run


def test_switch_down_raises_exactly_one_p1_and_recovers(sim: Sim, tmp_path: Path) -> None:
    async def scenario() -> None:
        monitor = monitor_for(sim.plant)
        with open_store(tmp_path / "console.db") as store:
            service = IncidentService(store, sim.plant, user="anna", console_id="CR1")
            raiser = AutoRaiser(monitor, service)  # the default: waits for the switch's next probe
            ticker = asyncio.create_task(raiser.run(0.1))
            await monitor.start()
            try:
                await all_ok(monitor)
                assert service.heads() == []
                await sim.inject("SW-L3-043", "down")
                await eventually(lambda: bool(service.heads()), what="an incident raised")
                await asyncio.sleep(4.0)  # devices behind it time out too: still one
                (head,) = service.heads()
                state = service.incident(head.id)
                assert state.root_cause_ci == "SW-L3-043" and state.priority is Priority.P1
                assert [x.id for x in state.lines] == ["L3", "L4", "L5"]
                assert state.cost_per_hour == 11_400
                assert state.title == "LINE STOP — 3 lines (SW-L3-043: no answer)"
                await sim.restore()
                await all_ok(monitor)
                await eventually(lambda: not service.heads()[0].is_down, what="recovered")
                await asyncio.sleep(10.0)  # devices reconnecting after the switch: no incidents
                assert len(service.heads()) == 1
                assert service.incident(head.id).recovered_at_ms is not None
            finally:
                ticker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ticker
                await sim.restore()
                await monitor.stop()

    run(scenario())
