"""Modbus register maps: group points into few requests, decode values per point."""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass

from .base import BAD_DECODING_ERROR, BAD_OUT_OF_RANGE, GOOD, Quality, Value
from .config import ModbusPointSpec

MAX_REGISTERS = 125  # per read request (Modbus spec, functions 3 and 4)
MAX_BITS = 2000  # per read request (functions 1 and 2)
BIT_TABLES = ("coil", "discrete")
FUNCTION_CODES = {"coil": 1, "discrete": 2, "holding": 3, "input": 4}
_WIDTH = {"bool": 1, "int16": 1, "uint16": 1, "int32": 2, "uint32": 2, "float32": 2}
_FORMAT = {
    name: struct.Struct(fmt)
    for name, fmt in (
        ("int16", ">h"),
        ("uint16", ">H"),
        ("int32", ">i"),
        ("uint32", ">I"),
        ("float32", ">f"),
    )
}


@dataclass(frozen=True)
class ReadBlock:
    """One read request: `count` registers or bits from `start` in `table`, feeding `points`."""

    table: str
    start: int
    count: int
    points: tuple[ModbusPointSpec, ...]

    @property
    def function_code(self) -> int:
        return FUNCTION_CODES[self.table]


def width(spec: ModbusPointSpec) -> int:
    """Registers (or bits, for coil/discrete tables) one point occupies."""
    return 1 if spec.table in BIT_TABLES else _WIDTH[spec.type]


def plan(points: Sequence[ModbusPointSpec], max_gap: int = 8) -> list[ReadBlock]:
    """As few requests as the map allows: contiguous or near (gap <= `max_gap`) addresses of
    one table merge while the request stays within 125 registers / 2000 bits."""
    blocks: list[ReadBlock] = []
    for table in ("coil", "discrete", "holding", "input"):
        specs = sorted((p for p in points if p.table == table), key=lambda p: p.address)
        limit = MAX_BITS if table in BIT_TABLES else MAX_REGISTERS
        current: list[ModbusPointSpec] = []
        start = end = 0
        for spec in specs:
            s_end = spec.address + width(spec)
            if current and spec.address - end <= max_gap and max(end, s_end) - start <= limit:
                current.append(spec)
                end = max(end, s_end)
                continue
            if current:
                blocks.append(ReadBlock(table, start, end - start, tuple(current)))
            current, start, end = [spec], spec.address, s_end
        if current:
            blocks.append(ReadBlock(table, start, end - start, tuple(current)))
    return blocks


def split(block: ReadBlock) -> list[ReadBlock]:
    """One block per point: used when a merged block hits an address the device lacks."""
    return [ReadBlock(block.table, p.address, width(p), (p,)) for p in block.points]


def decode_bits(spec: ModbusPointSpec, bits: Sequence[bool], start: int) -> tuple[Value, Quality]:
    index = spec.address - start
    if not 0 <= index < len(bits):
        return None, BAD_DECODING_ERROR
    return bool(bits[index]), GOOD


def decode_registers(
    spec: ModbusPointSpec, registers: Sequence[int], start: int
) -> tuple[Value, Quality]:
    """Decode one point from a register block; never raises.

    Runs for every point of every poll (1,000 devices a second): no slices or bytes for
    the common big-endian integers.
    """
    index = spec.address - start
    kind = spec.type
    if index < 0:
        return None, BAD_DECODING_ERROR
    number: float | int
    if _WIDTH[kind] == 1:
        if index >= len(registers):
            return None, BAD_DECODING_ERROR
        word = registers[index]
        if not 0 <= word <= 0xFFFF:
            return None, BAD_DECODING_ERROR
        if kind == "bool":
            return word != 0, GOOD
        if spec.byte_order == "big" and kind == "uint16":
            number = word
        else:
            number = _FORMAT[kind].unpack(word.to_bytes(2, spec.byte_order))[0]
    else:
        if index + 1 >= len(registers):
            return None, BAD_DECODING_ERROR
        high, low = registers[index], registers[index + 1]
        if not (0 <= high <= 0xFFFF and 0 <= low <= 0xFFFF):
            return None, BAD_DECODING_ERROR
        if spec.word_order == "little":
            high, low = low, high
        if spec.byte_order == "big" and kind == "uint32":
            number = (high << 16) | low
        else:
            order = spec.byte_order
            raw = high.to_bytes(2, order) + low.to_bytes(2, order)
            number = _FORMAT[kind].unpack(raw)[0]
    if kind == "float32" and not math.isfinite(number):
        return None, BAD_OUT_OF_RANGE
    if spec.scale == 1.0 and spec.offset == 0.0:
        return number, GOOD
    scaled = number * spec.scale + spec.offset
    if not math.isfinite(scaled):
        return None, BAD_OUT_OF_RANGE
    return scaled, GOOD
