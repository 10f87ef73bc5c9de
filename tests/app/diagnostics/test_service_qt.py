"""DiagnosticsService on a qasync loop (pytest-qt does not drive asyncio): runs, progress,
busy state, history per CI, cancel, refusal, the incident hook."""

from __future__ import annotations

import asyncio
from typing import Any

import qasync

from app.diagnostics.audit import MemorySink
from app.diagnostics.core import DiagnosticsCore, Settings
from app.diagnostics.report import WorkNote
from app.diagnostics.results import Kind, Outcome
from app.diagnostics.service import DiagnosticsService
from tests.drivers.conftest import free_port


async def until(check: Any, limit: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + limit
    while not check():
        assert loop.time() < end, "condition not met in time"
        await asyncio.sleep(0.02)


def test_service_runs_cancels_refuses_and_attaches(qapp: Any) -> None:
    events: list[tuple[str, Any]] = []
    notes: list[WorkNote] = []

    async def scenario() -> None:
        core = DiagnosticsCore(
            audit=MemorySink(), settings=Settings(request_timeout_s=3, attempts=1)
        )
        service = DiagnosticsService(core)
        service.busyChanged.connect(lambda b: events.append(("busy", b)))
        service.progress.connect(lambda p: events.append(("progress", p.step)))
        service.finished.connect(lambda r: events.append(("finished", r)))
        service.failed.connect(lambda t: events.append(("failed", t)))
        target = f"127.0.0.1:{free_port()}"
        assert service.start(Kind.PING, target)
        assert service.busy and not service.start(Kind.PING, target)  # one at a time
        await service.wait()
        assert ("busy", True) in events and events[-1][0] == "finished"
        assert ("busy", False) in events and ("progress", 1) in events
        (run,) = service.runs_of(target)
        assert run.ping is not None and run.ping.verdict.code == "server_stopped"

        hold: list[asyncio.StreamWriter] = []
        server = await asyncio.start_server(lambda _r, w: hold.append(w), "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            assert service.start(Kind.PROGRAM, f"modbus://127.0.0.1:{port}")
            await asyncio.sleep(0.3)
            service.cancel()
            await service.wait()
            last = events[-1][1]
            assert last.outcome is Outcome.CANCELLED and not service.busy
        finally:
            server.close()
            for w in hold:
                w.close()

        assert service.attach_to_incident is None and not service.attach(run)

        async def hook(note: WorkNote) -> None:
            notes.append(note)

        service.attach_to_incident = hook
        assert service.attach(run)
        await service.wait()
        assert notes and notes[0].run is run and "refused" in notes[0].text

        core_viewer = DiagnosticsCore(role=lambda: "viewer")
        viewer = DiagnosticsService(core_viewer)
        failures: list[str] = []
        viewer.failed.connect(failures.append)
        assert viewer.start(Kind.PING, "127.0.0.1")
        await viewer.wait()
        assert failures and "only technicians" in failures[0]
        service.deleteLater()
        viewer.deleteLater()

    qasync.run(scenario())
