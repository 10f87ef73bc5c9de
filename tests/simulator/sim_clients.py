"""Plain protocol clients for the simulator tests (asyncua, pymodbus, raw TCP)."""

from __future__ import annotations

import socket
from typing import Any

from asyncua import Client
from pymodbus.client import AsyncModbusTcpClient

from models.cmdb import Plant

SIM_NS = "urn:plantconsole:sim"


def opcua_url(plant: Plant, ci: str) -> str:
    ci_model = plant.nodes[ci].ci
    assert ci_model is not None and ci_model.opcua is not None
    return ci_model.opcua.endpoint


def modbus_address(plant: Plant, ci: str) -> tuple[str, int, int]:
    ci_model = plant.nodes[ci].ci
    assert ci_model is not None and ci_model.modbus is not None
    return ci_model.modbus.host, ci_model.modbus.port, ci_model.modbus.unit_id


async def read_opcua(
    plant: Plant, ci: str, *names: str, request_timeout: float = 3.0
) -> dict[str, Any]:
    """Read points of a CI by point name (the `nsu=` node ids resolved to an index)."""
    points = {p.name: p for p in plant.opcua_points(ci)}
    async with Client(opcua_url(plant, ci), timeout=request_timeout) as client:
        index = await client.get_namespace_index(SIM_NS)
        values = {}
        for name in names:
            node = points[name].node.replace(f"nsu={SIM_NS}", f"ns={index}")
            values[name] = await client.get_node(node).read_value()
        return values


async def read_registers(
    plant: Plant, ci: str, table: str, address: int, count: int, unit: int | None = None
) -> Any:
    host, port, unit_id = modbus_address(plant, ci)
    client = AsyncModbusTcpClient(host, port=port, timeout=1.5, retries=0)
    try:
        assert await client.connect()
        read = {
            "holding": client.read_holding_registers,
            "input": client.read_input_registers,
            "coil": client.read_coils,
            "discrete": client.read_discrete_inputs,
        }[table]
        return await read(address, count=count, device_id=unit if unit is not None else unit_id)
    finally:
        client.close()


def tcp_probe(host: str, port: int, payload: bytes = b"ping", wait: float = 1.0) -> str:
    """'refused', 'timeout' (connected, nothing came back), 'answered' or 'closed'."""
    try:
        sock = socket.create_connection((host, port), timeout=wait)
    except ConnectionRefusedError:
        return "refused"
    except TimeoutError:
        return "connect-timeout"
    with sock:
        sock.settimeout(wait)
        try:
            sock.sendall(payload)
            data = sock.recv(1024)
        except TimeoutError:
            return "timeout"
        except ConnectionResetError:
            return "closed"
        return "answered" if data else "closed"
