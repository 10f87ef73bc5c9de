"""Pure pieces: register encoding, impact closure, short replies, node ids, program names."""

from __future__ import annotations

import struct

from models.plant_loader import load_plant
from models.plant_schema import ModbusPoint
from simulator.default_plant import default_plant_path
from simulator.device_model import program_name
from simulator.impact import down_closure
from simulator.modbus_backend import shorten_reply
from simulator.modbus_codec import encode_registers
from simulator.nodeids import parse_node_ref


def test_encode_float_word_and_byte_order() -> None:
    big = ModbusPoint(name="v", table="input", address=0, type="float32")
    little = ModbusPoint(name="v", table="input", address=0, type="float32", word_order="little")
    words = encode_registers(big, 5.0)
    assert struct.unpack(">f", b"".join(w.to_bytes(2, "big") for w in words))[0] == 5.0
    assert encode_registers(little, 5.0) == words[::-1]
    swapped = ModbusPoint(name="v", table="input", address=0, type="uint16", byte_order="little")
    assert encode_registers(swapped, 0x1234) == [0x3412]


def test_encode_scale_offset_and_clamp() -> None:
    temp = ModbusPoint(name="t", table="input", address=0, type="int16", scale=0.1)
    assert encode_registers(temp, 36.5) == [365]
    assert encode_registers(temp, -1.0) == [(-10) & 0xFFFF]
    counter = ModbusPoint(name="c", table="holding", address=2, type="uint32")
    assert encode_registers(counter, 70000) == [1, 70000 - 65536]
    small = ModbusPoint(name="s", table="holding", address=0, type="uint16")
    assert encode_registers(small, 10**9) == [0xFFFF]


def test_down_closure_honours_redundancy() -> None:
    plant = load_plant(default_plant_path())
    one = down_closure(plant, {"SW-L1-A"})
    assert "RING-L1" not in one and "PB-101-PLC" not in one
    both = down_closure(plant, {"SW-L1-A", "SW-L1-B"})
    assert {"RING-L1", "PB-101-PLC", "OV-103-PLC", "PR-102-VIS"} <= both
    core = down_closure(plant, {"SW-CORE-01"})
    assert {"SW-L3-043", "AR-042-PLC", "MES-OPCUA", "MES-L3", "PB-101-PLC"} <= core


def test_shorten_reply_drops_a_register() -> None:
    reply = bytes([0, 1, 0, 0, 0, 7, 1, 3, 4, 0, 1, 0, 2])
    short = shorten_reply(reply)
    assert short == bytes([0, 1, 0, 0, 0, 5, 1, 3, 2, 0, 1])
    exception = bytes([0, 1, 0, 0, 0, 3, 1, 0x83, 2])
    assert shorten_reply(exception) == exception


def test_node_ref_and_program_name() -> None:
    ref = parse_node_ref("nsu=urn:plantconsole:sim;s=AR-042-PLC.RunState")
    assert (ref.namespace_uri, ref.kind, ref.browse_name) == (
        "urn:plantconsole:sim",
        "s",
        "RunState",
    )
    assert parse_node_ref("ns=3;i=42").namespace_index == 3
    assert program_name("AR-042-PLC") == "AR042_Main"
