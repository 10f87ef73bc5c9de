"""`plantconsole demo --consoles 2`, headless: the simulator, the embedded server (a real
process) and two consoles, each with its own monitor, store and console id.

SW-L3-043 down -> both show the same single P1 with the server's number; an acknowledge
on one reaches the other; with the server stopped both keep working and take notes;
after it restarts both converge with every note.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

from app.commands.demo_commands import start_embedded_server, synced_consoles
from app.incidents.auto_raise import AutoRaiser
from app.incidents.headless import IncidentOptions
from app.incidents.service import IncidentService
from app.monitor.plant_monitor import PlantMonitor
from app.sync.client import ConsoleCredential
from app.sync.console_link import ConsoleLink
from models.incidents.priority import Priority
from models.store import Store, open_store
from tests.integration.conftest import Sim, all_ok, eventually, monitor_for, run


class DemoConsole:
    def __init__(
        self, sim: Sim, options: IncidentOptions, url: str, credential: ConsoleCredential
    ) -> None:
        self.monitor: PlantMonitor = monitor_for(sim.plant)
        self.store: Store = open_store(options.store_path)
        self.service = IncidentService(
            self.store, sim.plant, user=options.user, console_id=options.console_id
        )
        self.raiser = AutoRaiser(self.monitor, self.service, settle_s=options.settle_s)
        self.link = ConsoleLink(self.service, url, credential)
        self.ticker: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.ticker = asyncio.create_task(self.raiser.run(0.1))
        self.link.start()
        await self.monitor.start()

    def open_p1s(self) -> list[str]:
        return [h.id for h in self.service.heads(open_only=True, priorities=("P1",))]

    def numbers(self) -> set[str]:
        return {h.number for h in self.service.heads(open_only=True) if h.number_final}

    def notes(self, incident_id: str) -> set[str]:
        return {n.text for n in self.service.incident(incident_id).notes}

    async def stop(self) -> None:
        if self.ticker is not None:
            self.ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.ticker
        await self.link.stop()
        await self.monitor.stop()
        self.store.close()


def test_two_demo_consoles_share_one_p1_and_converge_after_a_server_outage(
    sim: Sim, tmp_path: Path
) -> None:
    server = start_embedded_server(2, "anna")
    base = IncidentOptions(tmp_path / "unused.sqlite", None, "anna", settle_s=1.5)

    async def scenario() -> None:
        a, b = (
            DemoConsole(sim, c.incidents, c.url, c.credential)
            for c in synced_consoles(server, base, 2)
        )
        try:
            for c in (a, b):
                await c.start()
            for c in (a, b):
                await all_ok(c.monitor)
            await eventually(lambda: a.link.status.online and b.link.status.online, what="online")

            await sim.inject("SW-L3-043", "down")
            await eventually(
                lambda: all(len(c.open_p1s()) == 1 and c.numbers() for c in (a, b)),
                what="one numbered P1 on each console",
            )
            await asyncio.sleep(4.0)  # devices behind the switch time out too: still one
            (incident,) = a.open_p1s()
            assert b.open_p1s() == [incident]
            (number,) = a.numbers()
            assert number.startswith("INC-") and b.numbers() == {number}
            state = b.service.incident(incident)
            assert state.root_cause_ci == "SW-L3-043" and state.priority is Priority.P1

            a.service.acknowledge(incident, "on my way")
            acked_at = time.monotonic()
            await eventually(
                lambda: b.service.incident(incident).status.value != "new",
                limit_s=5.0,
                what="acknowledged on b",
            )
            seen = time.monotonic() - acked_at
            print(f"acknowledge seen on the other console after {seen:.3f} s")

            await asyncio.to_thread(server.stop)
            await eventually(lambda: not (a.link.status.online or b.link.status.online))
            a.service.add_note(incident, "note from a while offline")
            b.service.add_note(incident, "note from b while offline")
            assert a.link.status.waiting and b.link.status.waiting

            await asyncio.to_thread(server.restart)
            notes = {"note from a while offline", "note from b while offline"}
            await eventually(
                lambda: all(c.notes(incident) >= notes for c in (a, b)), what="every note"
            )
            await eventually(lambda: all(c.link.status.waiting == 0 for c in (a, b)))
            assert a.open_p1s() == b.open_p1s() == [incident]
        finally:
            await sim.restore()
            for c in (a, b):
                await c.stop()

    try:
        run(scenario())
    finally:
        server.stop()
        server.cleanup()
