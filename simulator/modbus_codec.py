"""Encode point values into Modbus registers per type, scale, word and byte order."""

from __future__ import annotations

import struct

from models.plant_schema import ModbusPoint
from simulator.device_model import Value

_INT_RANGE = {
    "int16": (-(2**15), 2**15 - 1),
    "uint16": (0, 2**16 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
}
_STRUCT = {"int16": "h", "uint16": "H", "int32": "i", "uint32": "I", "float32": "f"}


def raw_value(point: ModbusPoint, value: float) -> float:
    """Engineering value -> raw register value (the reader computes raw * scale + offset)."""
    return (value - point.offset) / point.scale


def encode_registers(point: ModbusPoint, value: Value) -> list[int]:
    """The registers (16-bit words, in address order) holding `value` for a register point."""
    number = float(value) if isinstance(value, int | float) else 0.0
    raw = raw_value(point, number)
    if point.type == "float32":
        data = struct.pack(">f", raw)
    else:
        low, high = _INT_RANGE[point.type]
        data = struct.pack(">" + _STRUCT[point.type], max(low, min(high, round(raw))))
    words = [data[i : i + 2] for i in range(0, len(data), 2)]
    if point.byte_order == "little":
        words = [w[::-1] for w in words]
    if point.word_order == "little":
        words.reverse()
    return [int.from_bytes(w, "big") for w in words]


def register_image(points: list[tuple[ModbusPoint, Value]]) -> dict[int, int]:
    """Address -> register value for the register points of one table."""
    image: dict[int, int] = {}
    for point, value in points:
        if point.type == "bool":
            continue
        for index, word in enumerate(encode_registers(point, value)):
            image[point.address + index] = word
    return image
