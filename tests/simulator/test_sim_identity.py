"""Each simulated Modbus device answers Read Device Identification (43/14) with its own
model, although pymodbus serves one process-wide identity."""

from __future__ import annotations

import asyncio
from typing import Any

from conftest import RunningPlant
from pymodbus.client import AsyncModbusTcpClient
from sim_clients import modbus_address

from models.cmdb import Plant
from simulator.modbus_backend import own_identity


async def identity(plant: Plant, ci: str) -> dict[int, bytes]:
    host, port, unit = modbus_address(plant, ci)
    client = AsyncModbusTcpClient(host, port=port, timeout=1.5, retries=0)
    try:
        assert await client.connect()
        reply: Any = await client.read_device_information(device_id=unit)
        assert not reply.isError(), reply
        return dict(reply.information)
    finally:
        client.close()


def test_robot_and_conveyor_controllers_report_their_own_vendor(
    running_plant: RunningPlant,
) -> None:
    plant = running_plant.plant
    assert plant is not None
    robot = asyncio.run(identity(plant, "AR-042-RC"))
    conveyor = asyncio.run(identity(plant, "CONV-L3-PLC"))
    assert robot[0] == b"KUKA" and conveyor[0] == b"WAGO"


def test_an_unexpected_identity_reply_passes_unchanged() -> None:
    mbap = bytes([0, 1, 0, 0, 0, 4, 1])
    for pdu in (bytes([0x2B, 0x0D, 1]), bytes([0x2B, 0x0E, 1, 1, 0, 0, 3, 0, 9])):
        packet = mbap + pdu
        assert own_identity(packet, {0: b"X"}) == packet


def test_an_empty_process_identity_still_gives_the_devices_own() -> None:
    """pymodbus listed nothing (its process-wide identity was empty, e.g. reset by another
    server in the same process): the device's basic objects are answered anyway."""
    empty = bytes([0, 1, 0, 0, 0, 8, 1]) + bytes([0x2B, 0x0E, 1, 1, 0, 0, 0])
    reply = own_identity(empty, {0: b"KUKA", 1: b"KRC5", 2: b"8.7", 4: b"Simulated KRC5"})
    pdu = reply[7:]
    assert pdu[:7] == bytes([0x2B, 0x0E, 1, 1, 0, 0, 3])
    assert pdu[7:] == b"\x00\x04KUKA\x01\x04KRC5\x02\x038.7"
    assert int.from_bytes(reply[4:6], "big") == 1 + len(pdu)
