"""Diagnostics against the simulated plant: each fault kind gives its own diagnosis.

On loopback ICMP always answers, so the simulator's "down" (a dead switch dropping the
TCP SYNs) reads as "host answers ping, TCP port silent"; the network-namespace test shows
the real "nothing answers".
"""

from __future__ import annotations

from app.diagnostics.core import DiagnosticsCore, Settings
from app.diagnostics.report import render
from app.diagnostics.results import ProgramStatus
from app.monitor.plant_monitor import PlantMonitor
from drivers import icmp
from tests.integration.conftest import Sim, all_ok, eventually, monitor_for, run


async def verdict(core: DiagnosticsCore, ci: str) -> str:
    diagnostic = await core.ping(ci, 1)
    assert diagnostic.ping is not None, diagnostic
    return diagnostic.ping.verdict.code


def test_each_fault_kind_reads_differently(sim: Sim) -> None:
    async def scenario() -> None:
        monitor: PlantMonitor = monitor_for(sim.plant)
        await monitor.start()
        core = DiagnosticsCore(monitor=monitor, settings=Settings(attempts=1))
        slow_core = DiagnosticsCore(sim.plant, settings=Settings(attempts=2, request_timeout_s=4))
        seen: dict[str, str] = {}
        try:
            await all_ok(monitor)
            assert await verdict(core, "AR-042-PLC") == "ok"

            await sim.inject("AR-042-PLC", "stop")
            await eventually(
                lambda: monitor.engine.effective["AR-042-PLC"].reason.code == "program_stopped"
            )
            stopped = await core.ping("AR-042-PLC", 1)
            assert stopped.ping is not None
            seen["stop"] = stopped.ping.verdict.code
            text = render(stopped)
            assert "host reachable, OPC UA up, program STOPPED since" in text, text
            assert "last change" in text
            status = (await core.program_status("AR-042-PLC")).result
            assert isinstance(status, ProgramStatus) and status.since is not None
            assert status.reused_session
            name = status.fact("program_name")
            assert name is not None and name.value == "AR042_Main"

            await sim.inject("AR-051-PLC", "fault", "0x2A")
            faulted = await core.ping("AR-051-PLC", 1)
            assert faulted.ping is not None
            seen["fault"] = faulted.ping.verdict.code
            assert "0x2A Safety door open" in render(faulted)

            await sim.inject("MES-OPCUA", "crash")
            seen["crash"] = await verdict(core, "MES-OPCUA")

            await sim.inject("AR-061-RC", "modbus-exception", "4")
            exc = await core.ping("AR-061-RC", 1)
            assert exc.ping is not None and "Slave Device Failure" in render(exc)
            seen["modbus-exception"] = exc.ping.verdict.code

            await sim.inject("CONV-L3-PLC", "slow", "1.5")
            seen["slow"] = await verdict(slow_core, "CONV-L3-PLC")

            await sim.inject("SW-L3-043", "down")
            seen["down"] = await verdict(core, "AR-043-RC")
        finally:
            await sim.restore()
            await monitor.stop()
        assert seen == {
            "stop": "program_stopped",
            "fault": "program_fault",
            "crash": "server_stopped",
            "modbus-exception": "modbus_exception",
            "slow": "protocol_slow",
            # without ICMP (not root) the dead switch reads as plain "nothing answers"
            "down": "port_silent" if icmp.available() else "no_answer",
        }

    run(scenario(), timeout=150)
