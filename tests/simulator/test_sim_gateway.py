"""Gateway mode: many generated PLCs behind one OPC UA endpoint."""

from __future__ import annotations

import asyncio
import time

import pytest
from asyncua import Client, ua
from conftest import RunningPlant

from simulator.gateway import gateway_ci_ids


def _start_gateway(devices: int) -> tuple[RunningPlant, float]:
    running = RunningPlant(free_ports=True, devices=devices, control_port=None)
    started = time.monotonic()
    running.start()
    return running, time.monotonic() - started


async def _read_gateway_device(url: str, ci: str) -> tuple[int, str]:
    async with Client(url, timeout=3) as client:
        index = await client.get_namespace_index("urn:plantconsole:sim")
        run_state = await client.get_node(ua.NodeId(f"{ci}.RunState", index)).read_value()
        name = await client.get_node(ua.NodeId(f"{ci}.ProgramName", index)).read_value()
        return run_state, name


def _check_gateway(devices: int, budget_s: float) -> None:
    running, elapsed = _start_gateway(devices)
    try:
        print(f"gateway with {devices} devices started in {elapsed:.1f} s")
        assert elapsed < budget_s
        plant = running.plant
        assert plant is not None
        ids = gateway_ci_ids(devices)
        assert all(ci in plant.nodes and plant.nodes[ci].protocol == "opcua" for ci in ids)
        url = plant.nodes[ids[-1]].ci.opcua.endpoint  # type: ignore[union-attr]
        assert asyncio.run(_read_gateway_device(url, ids[-1])) == (
            1,
            f"{ids[-1].replace('-', '')[:-4]}_Main",
        )
        running.inject(ids[0], "stop")
        assert asyncio.run(_read_gateway_device(url, ids[0]))[0] == 0
    finally:
        running.stop()


def test_gateway_50_devices() -> None:
    _check_gateway(50, budget_s=30)


@pytest.mark.slow
def test_gateway_500_devices() -> None:
    _check_gateway(500, budget_s=60)
