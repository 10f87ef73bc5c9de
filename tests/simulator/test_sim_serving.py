"""The demo plant served in-process: OPC UA nodes, Modbus registers, reach ports."""

from __future__ import annotations

import asyncio
import time

from asyncua import Client, ua
from conftest import RunningPlant
from sim_clients import read_opcua, read_registers, tcp_probe


def test_opcua_node_values_and_types(plant_sim: RunningPlant) -> None:
    plant = plant_sim.plant
    assert plant is not None
    values = asyncio.run(
        read_opcua(
            plant,
            "AR-042-PLC",
            "run_state",
            "fault_code",
            "program_name",
            "program_version",
            "last_change",
            "cycle_counter",
            "line_running",
        )
    )
    assert values["run_state"] == 1
    assert values["fault_code"] == 0
    assert values["program_name"] == "AR042_Main"
    assert values["program_version"] == "V2.4.1"
    assert values["last_change"].year == 2024
    assert values["line_running"] is True
    assert values["cycle_counter"] > 0


def test_opcua_server_object_build_info_and_limits(plant_sim: RunningPlant) -> None:
    assert plant_sim.plant is not None
    url = plant_sim.plant.nodes["MES-OPCUA"].ci.opcua.endpoint  # type: ignore[union-attr]

    async def read() -> tuple[str, int, ua.VariantType]:
        async with Client(url, timeout=3) as client:
            manufacturer = await client.get_node(
                ua.NodeId(ua.ObjectIds.Server_ServerStatus_BuildInfo_ManufacturerName)
            ).read_value()
            limit = client.get_node(
                ua.NodeId(ua.ObjectIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerRead)
            )
            index = await client.get_namespace_index("urn:plantconsole:sim")
            run_state = client.get_node(ua.NodeId("AR-042-PLC.RunState", index))
            return (
                manufacturer,
                await limit.read_value(),
                await run_state.read_data_type_as_variant_type(),
            )

    manufacturer, max_read, run_state_type = asyncio.run(read())
    assert manufacturer == "PlantConsole Simulator"
    assert max_read == 1000
    assert run_state_type == ua.VariantType.Int32


def test_opcua_values_move(plant_sim: RunningPlant) -> None:
    assert plant_sim.plant is not None
    first = asyncio.run(read_opcua(plant_sim.plant, "AR-043-PLC", "cycle_counter"))
    time.sleep(1.1)
    second = asyncio.run(read_opcua(plant_sim.plant, "AR-043-PLC", "cycle_counter"))
    assert second["cycle_counter"] > first["cycle_counter"]


def test_modbus_register_map(plant_sim: RunningPlant) -> None:
    plant = plant_sim.plant
    assert plant is not None
    holding = asyncio.run(read_registers(plant, "CONV-L3-PLC", "holding", 0, 2))
    assert holding.registers == [1, 0]  # RUN, no fault
    speed = asyncio.run(read_registers(plant, "CONV-L3-PLC", "input", 0, 2))
    words = speed.registers[::-1]  # word_order = "little"
    value = ModbusCodecCheck.float_from_words(words)
    assert 4.0 < value < 6.0  # belt speed around 5 m/min
    running = asyncio.run(read_registers(plant, "CONV-L3-PLC", "coil", 0, 1))
    assert running.bits[0] is True
    temp = asyncio.run(read_registers(plant, "AR-042-RC", "input", 0, 1))
    assert 300 < temp.registers[0] < 420  # int16, scale 0.1: about 36 °C


def test_modbus_answers_only_its_own_unit_id(plant_sim: RunningPlant) -> None:
    assert plant_sim.plant is not None
    started = time.monotonic()
    try:
        result = asyncio.run(read_registers(plant_sim.plant, "AR-042-RC", "holding", 0, 1, unit=7))
    except Exception:  # pymodbus raises ModbusIOException on timeout
        result = None
    assert result is None or result.isError()
    assert time.monotonic() - started >= 1.0  # silence, not an exception reply


def test_reach_ports_accept(plant_sim: RunningPlant) -> None:
    assert plant_sim.plant is not None
    reach = plant_sim.plant.nodes["AR-042-HMI"].ci.reach  # type: ignore[union-attr]
    assert reach is not None and reach.ports
    assert tcp_probe(reach.host, reach.ports[0], wait=0.3) == "timeout"  # open, silent
    target = plant_sim.plant.source.console.reference_targets[0]
    switch = plant_sim.plant.nodes["SW-CORE-01"].ci.reach  # type: ignore[union-attr]
    assert switch is not None and (target.host, target.port) == (switch.host, switch.ports[0])


class ModbusCodecCheck:
    @staticmethod
    def float_from_words(words: list[int]) -> float:
        import struct

        return float(struct.unpack(">f", b"".join(w.to_bytes(2, "big") for w in words))[0])
