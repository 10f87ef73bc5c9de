"""Modbus peers for the tests: the pymodbus server (SimDevice datastore) and a tiny raw
MBAP server whose answers the test chooses (short replies, silence, garbage)."""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Callable
from typing import Any

from pymodbus.pdu.device import ModbusControlBlock, ModbusDeviceIdentification
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice


async def start_pymodbus(unit: int = 1) -> tuple[Any, int]:
    """A pymodbus server: 100 coils/discretes/holding/input registers, protocol address 0..99.

    pymodbus 3.16's SimData addresses are the protocol addresses (the deprecated
    ModbusSequentialDataBlock shifts them by one)."""
    device = SimDevice(
        id=unit,
        simdata=(
            [SimData(0, count=100, values=False, datatype=DataType.BITS)],
            [SimData(0, count=100, values=False, datatype=DataType.BITS)],
            [SimData(0, count=100, values=0, datatype=DataType.REGISTERS)],
            [SimData(0, count=100, values=0, datatype=DataType.REGISTERS)],
        ),
    )
    # pymodbus keeps the device identity in a process-wide singleton (ModbusControlBlock):
    # a simulator run earlier in this process (tests/simulator, in another order under
    # pytest-xdist) left its WAGO identity there, and this "identity unsupported" peer
    # answered 43/14 with it. Start every peer with an empty identity.
    ModbusControlBlock._identity = ModbusDeviceIdentification()  # a class attribute
    server = ModbusTcpServer(device, address=("127.0.0.1", 0))
    await server.serve_forever(background=True)
    port: int = server.transport.sockets[0].getsockname()[1]
    return server, port


# answer(unit, function_code, pdu) -> PDU bytes to send back (MBAP added), or None for silence.
Answer = Callable[[int, int, bytes], bytes | None]


class RawModbusServer:
    def __init__(self, answer: Answer, raw: Callable[[bytes], bytes] | None = None) -> None:
        self.answer = answer
        self.raw = raw  # if set: full reply bytes from the request frame (fuzzing)
        self.requests: list[tuple[int, int, bytes]] = []
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []

    async def start(self) -> RawModbusServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.append(writer)
        try:
            while True:
                head = await reader.readexactly(7)
                tid, _proto, length, unit = struct.unpack(">HHHB", head)
                pdu = await reader.readexactly(length - 1)
                self.requests.append((unit, pdu[0], pdu))
                if self.raw is not None:
                    writer.write(self.raw(head + pdu))
                else:
                    reply = self.answer(unit, pdu[0], pdu)
                    if reply is None:
                        continue
                    writer.write(struct.pack(">HHHB", tid, 0, len(reply) + 1, unit) + reply)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for w in self._writers:
            w.close()
        if self._server is not None:
            await self._server.wait_closed()


def registers_reply(values: list[int]) -> bytes:
    return bytes([len(values) * 2]) + b"".join(struct.pack(">H", v) for v in values)


def echo_registers(
    fill: Callable[[int, int], list[int]] = lambda start, n: list(range(start, start + n)),
) -> Answer:
    def answer(unit: int, fc: int, pdu: bytes) -> bytes | None:
        if fc in (3, 4):
            start, count = struct.unpack(">HH", pdu[1:5])
            return bytes([fc]) + registers_reply(fill(start, count))
        return bytes([fc | 0x80, 1])

    return answer
