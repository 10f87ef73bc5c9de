"""The monitor against the simulated plant: every fault scenario gives its state and reason,
and restore brings everything back to OK. Conditions are waited for, never timed."""

from __future__ import annotations

import pytest

from drivers.reachability import ReachabilityDriver
from models.states import State
from tests.integration.conftest import Sim, all_ok, eventually, healthy_monitor, run

# Real processes on a shared machine: generous bounds, conditions waited for.
pytestmark = pytest.mark.timeout(300)


def effective(monitor, ci: str):  # type: ignore[no-untyped-def]
    return monitor.engine.effective[ci]


def test_switch_down_stops_three_lines_and_recovers(sim: Sim) -> None:
    async def scenario() -> None:
        async with healthy_monitor(sim) as monitor:
            await sim.inject("SW-L3-043", "down")
            await eventually(
                lambda: (
                    sorted(monitor.engine.stopped_lines()) == ["L3", "L4", "L5"]
                    and effective(monitor, "AR-042-PLC").state is State.IMPACTED
                    and effective(monitor, "AR-042-RC").state is State.IMPACTED
                    and effective(monitor, "AR-042-HMI").state is State.IMPACTED
                ),
                what="switch DOWN, devices IMPACTED",
            )
            switch = effective(monitor, "SW-L3-043")
            assert switch.state is State.DOWN and switch.reason.code == "no_answer"
            assert effective(monitor, "AR-042-PLC").reason.param("ci") == "SW-L3-043"
            assert monitor.engine.cost_at_risk() == 11_400
            assert monitor.engine.root_causes() == ["SW-L3-043"]
            assert effective(monitor, "PB-101-PLC").state is State.OK

    run(scenario())


def test_device_faults_each_give_their_reason(sim: Sim) -> None:
    async def scenario() -> None:
        async with healthy_monitor(sim) as monitor:
            await sim.inject("AR-042-PLC", "stop")
            await sim.inject("AR-051-PLC", "fault", "0x2A")
            await sim.inject("AR-043-RC", "drift", "vibration")
            await sim.inject("CONV-L4-PLC", "fault", "0x11")
            await eventually(
                lambda: (
                    effective(monitor, "AR-042-PLC").reason.code == "program_stopped"
                    and effective(monitor, "AR-051-PLC").reason.code in ("fault", "program_stopped")
                    and effective(monitor, "AR-043-RC").state is State.DEGRADED
                    and effective(monitor, "CONV-L4-PLC").state is State.DOWN
                ),
                what="stop, fault, drift",
            )
            assert effective(monitor, "AR-042-PLC").reason.param("state") == "STOP"
            threshold = effective(monitor, "AR-043-RC").reason
            assert threshold.code == "threshold" and threshold.param("tag") == "vibration"
            await eventually(lambda: effective(monitor, "AR-051-PLC").reason.code == "fault")
            fault = effective(monitor, "AR-051-PLC").reason
            assert fault.param("code") == "0x2A" and fault.param("en") == "Safety door open"
            assert fault.param("de") == "Schutztür offen"

    run(scenario())


def test_crash_refuses_then_restart_reconnects_and_resubscribes(sim: Sim) -> None:
    async def scenario() -> None:
        async with healthy_monitor(sim) as monitor:
            await sim.inject("MES-OPCUA", "crash")
            await eventually(
                lambda: effective(monitor, "MES-OPCUA").reason.code == "refused",
                what="MES OPC UA server refused",
            )
            assert effective(monitor, "MES-L3").state is State.IMPACTED
            assert monitor.engine.stopped_lines() == []  # the MES link only degrades lines
            await sim.restore()
            await all_ok(monitor)
            # A restarted server: the monitor reconnects and its subscription works again.
            await sim.inject("AR-052-PLC", "restart")
            await eventually(lambda: effective(monitor, "AR-052-PLC").state is State.DOWN)
            await all_ok(monitor)
            await sim.inject("AR-052-PLC", "stop")
            await eventually(
                lambda: effective(monitor, "AR-052-PLC").reason.code == "program_stopped",
                what="value change seen through the new subscription",
            )

    run(scenario())


def test_slow_garbage_and_exceptions_are_states_not_crashes(sim: Sim) -> None:
    async def scenario() -> None:
        async with healthy_monitor(sim) as monitor:
            await sim.inject("AR-061-PLC", "slow", "3")
            await sim.inject("AR-061-RC", "modbus-exception", "4")
            await sim.inject("CONV-L5-PLC", "malformed")
            await eventually(
                lambda: (
                    effective(monitor, "AR-061-PLC").state is State.DOWN
                    and effective(monitor, "AR-061-RC").state is not State.OK
                    and effective(monitor, "CONV-L5-PLC").state is not State.OK
                ),
                what="slow, exception and malformed devices abnormal",
            )
            rc = monitor.readings.cis["AR-061-RC"].status
            assert rc is not None and "Slave Device Failure" in (rc.error or ""), rc

    run(scenario())


def test_console_path_lost_makes_everything_unknown(sim: Sim) -> None:
    async def scenario() -> None:
        async with healthy_monitor(sim, path_check_s=0.5) as monitor:
            await sim.inject("SW-CORE-01", "down")
            await eventually(lambda: monitor.engine.console_offline, what="console offline")
            states = {h.state for h in monitor.engine.rolled.values()}
            assert states == {State.UNKNOWN}
            assert monitor.engine.rolled["L3"].reason.code == "console_offline"
            assert monitor.engine.stopped_lines() == []

    run(scenario())


def test_a_dead_switch_fails_at_the_adaptive_wait_and_a_slow_one_stays_up(sim: Sim) -> None:
    """The switch's probes wait what its loopback round trips say (about the 250 ms floor),
    not the 1 s timeout. The simulator's `slow` holds answers back, not the TCP handshake a
    reachability probe makes: it must not fail a probe (the round-trip jump itself:
    test_adaptive_timeout_netns.py)."""

    async def scenario() -> None:
        async with healthy_monitor(sim) as monitor:
            driver = monitor.driver_for("SW-L3-043")
            assert isinstance(driver, ReachabilityDriver)
            timeout = driver.config.timeout_s
            await eventually(lambda: driver.rtt.srtt is not None, what="a measured round trip")
            assert driver.rtt.timeout() < timeout
            seen: list[bool] = []
            errors: list[str] = []
            driver.add_sample_listener(
                lambda batch: seen.extend(
                    s.value is True for s in batch if s.point == "reachable" and s.quality.is_good
                )
            )
            driver.add_status_listener(lambda st: errors.append(st.error or ""))
            await sim.inject("SW-L3-043", "slow", "3")
            await eventually(lambda: len(seen) >= 6, what="six probes of the slow switch")
            assert all(seen), seen
            await sim.restore()
            await sim.inject("SW-L3-043", "down")
            await eventually(
                lambda: effective(monitor, "SW-L3-043").state is State.DOWN, what="switch DOWN"
            )
            first = next(e for e in errors if "no answer within" in e)
            waited = float(first.rsplit("within ", 1)[1].removesuffix(" s"))
            assert waited < timeout, first
            assert effective(monitor, "SW-L3-043").reason.code == "no_answer"

    run(scenario())
