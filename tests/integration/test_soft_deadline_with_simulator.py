"""Protocol devices behind a dead switch are IMPACTED at their drivers' soft deadline (the
measured round trip plus a margin), not at the 1 s request timeout; a device that merely
answers slower flips at most briefly and keeps its session (issue 3b). Conditions are
waited for, never timed."""

from __future__ import annotations

import pytest

from drivers.base import LinkState, LinkStatus
from drivers.modbus import ModbusDriver
from drivers.opcua import OpcuaDriver
from models.states import State
from tests.integration.conftest import Sim, eventually, healthy_monitor, run

pytestmark = pytest.mark.timeout(300)

PLC, RC = "AR-042-PLC", "AR-042-RC"  # OPC UA and Modbus, both behind SW-L3-043


def _drivers(monitor) -> tuple[OpcuaDriver, ModbusDriver]:  # type: ignore[no-untyped-def]
    plc, rc = monitor.driver_for(PLC), monitor.driver_for(RC)
    assert isinstance(plc, OpcuaDriver) and isinstance(rc, ModbusDriver)
    return plc, rc


def _record(driver: OpcuaDriver | ModbusDriver) -> list[LinkStatus]:
    seen: list[LinkStatus] = []
    driver.add_status_listener(seen.append)
    return seen


def _waited(status: LinkStatus) -> float:
    assert status.error is not None and status.error.startswith("no answer within "), status
    return float(status.error.rsplit("within ", 1)[1].split(" s", 1)[0])


def test_devices_behind_a_dead_switch_are_impacted_at_the_soft_deadline(sim: Sim) -> None:
    async def scenario() -> None:
        async with healthy_monitor(sim) as monitor:
            plc, rc = _drivers(monitor)
            await eventually(
                lambda: plc.rtt.srtt is not None and rc.rtt.srtt is not None,
                what="measured round trips",
            )
            seen = {PLC: _record(plc), RC: _record(rc)}
            await sim.inject("SW-L3-043", "down")
            await eventually(
                lambda: all(
                    monitor.engine.effective[ci].state is State.IMPACTED for ci in (PLC, RC)
                ),
                what="PLC and robot controller IMPACTED",
            )
            for ci, driver in ((PLC, plc), (RC, rc)):
                health = monitor.engine.effective[ci]
                assert health.reason.code == "unreachable_behind", health
                assert health.reason.param("ci") == "SW-L3-043"
                first = next(s for s in seen[ci] if s.state is not LinkState.CONNECTED)
                assert first.error_code == "timeout", first
                assert _waited(first) < driver.config.timeout_s, first

    run(scenario())


def test_a_slower_device_comes_back_without_a_reconnect(sim: Sim) -> None:
    """0.5 s answers: one request (or two) overdue at the adaptive wait, answered before
    the 1 s timeout; the estimators learn the new round trip and the devices stay in their
    sessions. (A Modbus device whose three requests a cycle now take 1.5 s is stale, as
    before: that is its readings' age, not its link.)"""

    async def scenario() -> None:
        async with healthy_monitor(sim) as monitor:
            plc, rc = _drivers(monitor)
            await eventually(
                lambda: plc.rtt.srtt is not None and rc.rtt.srtt is not None,
                what="measured round trips",
            )
            seen = {PLC: _record(plc), RC: _record(rc)}
            # Above the adaptive wait (about 250 ms on loopback), below the 1 s timeout.
            await sim.inject(PLC, "slow", "0.5")
            await sim.inject(RC, "slow", "0.5")
            await eventually(
                lambda: all(d.rtt.srtt is not None and d.rtt.srtt > 0.3 for d in (plc, rc)),
                what="the estimators learned the slower round trips",
            )
            await eventually(
                lambda: (
                    plc.status.state is LinkState.CONNECTED
                    and rc.status.state is LinkState.CONNECTED
                    and monitor.engine.effective[PLC].state is State.OK
                    and monitor.engine.effective[RC].state is not State.DOWN
                ),
                what="both connected, the PLC OK",
            )
            for ci, driver in ((PLC, plc), (RC, rc)):
                timeout = driver.config.timeout_s
                flips = [s for s in seen[ci] if s.state is not LinkState.CONNECTED]
                assert 1 <= len(flips) <= 2, seen[ci]
                for status in flips:  # at the soft deadline, never the timeout: no reconnect
                    assert status.state is LinkState.RECONNECTING, status
                    assert status.error_code == "timeout", status
                    assert _waited(status) < timeout, status
                assert driver.rtt.timeout() > 0.5

    run(scenario())
