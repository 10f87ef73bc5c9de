"""Each fault kind, seen from a plain client; restore brings everything back."""

from __future__ import annotations

import asyncio
import time

import pytest
from asyncua import Client
from conftest import RunningPlant
from sim_clients import modbus_address, opcua_url, read_opcua, read_registers, tcp_probe

from simulator.faults import FaultError


def _host_port(plant_sim: RunningPlant, ci: str) -> tuple[str, int]:
    assert plant_sim.plant is not None
    node = plant_sim.plant.nodes[ci]
    assert node.ci is not None
    if node.ci.opcua is not None:
        rest = node.ci.opcua.endpoint.split("://", 1)[1].split("/", 1)[0]
        host, port = rest.rsplit(":", 1)
        return host, int(port)
    if node.ci.modbus is not None:
        return node.ci.modbus.host, node.ci.modbus.port
    assert node.ci.reach is not None
    return node.ci.reach.host, node.ci.reach.ports[0]


def test_switch_down_blackholes_dependents(plant_sim: RunningPlant) -> None:
    plant = plant_sim.plant
    assert plant is not None
    result = plant_sim.inject("SW-L3-043", "down")
    assert {"SW-L3-043", "AR-042-PLC", "CONV-L5-PLC"} <= set(result["affected"])
    assert "PB-101-PLC" not in result["affected"]
    # New connections get no answer at all (SYNs dropped): a timeout, not a refusal.
    assert tcp_probe(*_host_port(plant_sim, "AR-042-RC"), wait=0.5) == "connect-timeout"
    assert tcp_probe(*_host_port(plant_sim, "SW-L3-043"), wait=0.5) == "connect-timeout"
    with pytest.raises((TimeoutError, asyncio.TimeoutError)):
        asyncio.run(read_opcua(plant, "AR-042-PLC", "run_state", request_timeout=1.0))
    # Unaffected devices keep answering.
    assert asyncio.run(read_registers(plant, "OV-103-PLC", "holding", 0, 1)).registers == [1]
    plant_sim.restore()
    assert asyncio.run(read_opcua(plant, "AR-042-PLC", "run_state"))["run_state"] == 1
    assert asyncio.run(read_registers(plant, "AR-042-RC", "holding", 0, 1)).registers == [1]


def test_down_drops_an_open_connection_silently(plant_sim: RunningPlant) -> None:
    plant = plant_sim.plant
    assert plant is not None

    async def scenario() -> None:
        async with Client(opcua_url(plant, "AR-052-PLC"), timeout=1.0) as client:
            await client.get_namespace_array()
            plant_sim.inject("SW-L3-043", "down")
            with pytest.raises((TimeoutError, asyncio.TimeoutError)):
                await client.get_namespace_array()
            plant_sim.restore()

    asyncio.run(scenario())  # closing the broken session is logged by asyncua, not raised


def test_redundancy_group_needs_both_ring_switches_down(plant_sim: RunningPlant) -> None:
    first = plant_sim.inject("SW-L1-A", "down")
    assert "PB-101-PLC" not in first["affected"]
    assert tcp_probe(*_host_port(plant_sim, "PB-101-PLC"), b"x", wait=0.3) != "refused"
    second = plant_sim.inject("SW-L1-B", "down")
    assert {"RING-L1", "PB-101-PLC", "OV-103-PLC"} <= set(second["affected"])


def test_crash_refuses_and_restore_listens_again(plant_sim: RunningPlant) -> None:
    address = _host_port(plant_sim, "AR-043-PLC")
    plant_sim.inject("AR-043-PLC", "crash")
    assert tcp_probe(*address, wait=0.5) == "refused"
    plant_sim.restore("AR-043-PLC")
    assert plant_sim.plant is not None
    assert asyncio.run(read_opcua(plant_sim.plant, "AR-043-PLC", "run_state"))["run_state"] == 1


def test_restart_comes_back_by_itself(plant_sim: RunningPlant) -> None:
    address = _host_port(plant_sim, "AR-061-RC")
    plant_sim.inject("AR-061-RC", "restart", 1.0)
    assert tcp_probe(*address, wait=0.5) == "refused"
    deadline = time.monotonic() + 5
    while tcp_probe(*address, wait=0.3) == "refused":
        assert time.monotonic() < deadline, "device did not come back"
        time.sleep(0.2)
    assert plant_sim.plant is not None
    assert asyncio.run(read_registers(plant_sim.plant, "AR-061-RC", "holding", 0, 1)).registers == [
        1
    ]


def test_stop_sets_run_state_stop(plant_sim: RunningPlant) -> None:
    plant = plant_sim.plant
    assert plant is not None
    plant_sim.inject("AR-042-PLC", "stop")
    values = asyncio.run(read_opcua(plant, "AR-042-PLC", "run_state", "line_running"))
    assert values == {"run_state": 0, "line_running": False}
    plant_sim.inject("CONV-L3-PLC", "stop")
    assert asyncio.run(read_registers(plant, "CONV-L3-PLC", "holding", 0, 1)).registers == [0]
    assert asyncio.run(read_registers(plant, "CONV-L3-PLC", "coil", 0, 1)).bits[0] is False
    plant_sim.restore("AR-042-PLC")
    assert asyncio.run(read_opcua(plant, "AR-042-PLC", "run_state"))["run_state"] == 1


def test_fault_code_opcua_and_modbus(plant_sim: RunningPlant) -> None:
    plant = plant_sim.plant
    assert plant is not None
    plant_sim.inject("AR-051-PLC", "fault", "0x2A")
    values = asyncio.run(read_opcua(plant, "AR-051-PLC", "run_state", "fault_code", "line_running"))
    assert values == {"run_state": 2, "fault_code": 0x2A, "line_running": False}
    plant_sim.inject("AR-042-RC", "fault", "0x31")
    assert asyncio.run(read_registers(plant, "AR-042-RC", "holding", 0, 2)).registers == [2, 0x31]
    assert asyncio.run(read_registers(plant, "AR-042-RC", "discrete", 0, 1)).bits[0] is True


def test_drift_pushes_tag_past_alarm(plant_sim: RunningPlant) -> None:
    plant = plant_sim.plant
    assert plant is not None
    plant_sim.inject("AR-052-PLC", "drift", "vibration")
    deadline = time.monotonic() + 20  # the drift shows at the simulator's next tick
    while (
        vibration := asyncio.run(read_opcua(plant, "AR-052-PLC", "vibration"))["vibration"]
    ) <= 7.1:
        assert time.monotonic() < deadline, f"vibration still {vibration} after 20 s of drift"
        time.sleep(0.1)
    with pytest.raises(FaultError, match="no analog tag 'nope'"):
        plant_sim.inject("AR-052-PLC", "drift", "nope")


def test_slow_delays_answers(plant_sim: RunningPlant) -> None:
    plant = plant_sim.plant
    assert plant is not None
    plant_sim.inject("AR-043-RC", "slow", 0.8)
    started = time.monotonic()
    assert asyncio.run(read_registers(plant, "AR-043-RC", "holding", 0, 1)).registers == [1]
    assert time.monotonic() - started >= 0.75


def test_modbus_exception_code(plant_sim: RunningPlant) -> None:
    plant = plant_sim.plant
    assert plant is not None
    plant_sim.inject("AR-051-RC", "modbus-exception", "2")
    reply = asyncio.run(read_registers(plant, "AR-051-RC", "holding", 0, 1))
    assert reply.isError() and reply.exception_code == 2
    with pytest.raises(FaultError, match="not a Modbus exception code"):
        plant_sim.inject("AR-051-RC", "modbus-exception", "99")
    with pytest.raises(FaultError, match="needs a Modbus device"):
        plant_sim.inject("AR-051-PLC", "modbus-exception", "2")


def test_malformed_modbus_reply_is_short(plant_sim: RunningPlant) -> None:
    plant = plant_sim.plant
    assert plant is not None
    plant_sim.inject("PR-102-RC", "malformed")
    try:
        reply = asyncio.run(read_registers(plant, "PR-102-RC", "holding", 0, 4))
        short = reply.isError() or len(reply.registers) < 4
    except Exception:  # a client that checks the length rejects the reply
        short = True
    assert short


def test_malformed_opcua_answer_fails_the_client(plant_sim: RunningPlant) -> None:
    plant = plant_sim.plant
    assert plant is not None
    plant_sim.inject("AR-061-PLC", "malformed")
    started = time.monotonic()
    with pytest.raises(Exception):  # noqa: B017 - garbled bytes: any decoding error
        asyncio.run(read_opcua(plant, "AR-061-PLC", "run_state", request_timeout=1.5))
    assert time.monotonic() - started < 6


def test_unknown_ci_and_kind_are_refused(plant_sim: RunningPlant) -> None:
    with pytest.raises(FaultError, match="unknown CI 'NOPE'") as unknown:
        plant_sim.inject("NOPE", "down")
    assert unknown.value.status == 404
    with pytest.raises(FaultError, match="unknown fault kind 'explode'"):
        plant_sim.inject("AR-042-PLC", "explode")
    with pytest.raises(FaultError, match="needs a CI with an endpoint"):
        plant_sim.inject("RING-L1", "crash")


def test_modbus_address_in_effective_plant_is_served(plant_sim: RunningPlant) -> None:
    assert plant_sim.plant is not None
    host, port, unit = modbus_address(plant_sim.plant, "AR-042-RC")
    assert host.startswith("127.") and port > 0 and unit == 1
