"""A lightweight Modbus TCP responder for the polling benchmark, run in its own process.

    python -m bench.modbus_responder --ports 10   # prints "READY port,port,...", then serves

Plain asyncio (a pymodbus server costs several times more CPU per request, and no C server
is installed here): every connection on every port answers every unit id. Functions 3 and 4
return a fixed register image (run state RUN, a moving counter, 25.0 °C, 2.0 mm/s), 1 and 2
return zero bits, anything else (43/14 device identification included) exception 1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import struct
import sys
import time
from collections.abc import Sequence

HOLDING = {0: 1, 1: 0}  # run_state RUN, fault_code 0; 20-21: a uint32 counter
INPUT = {0: 250, 20: 0x4000, 21: 0x0000}  # axis temp 25.0 (scale 0.1), vibration 2.0 (float32)
MBAP = struct.Struct(">HHHB")  # transaction, protocol, length, unit id


def registers(function: int, start: int, count: int) -> list[int]:
    if function == 4:
        return [INPUT.get(a, 0) for a in range(start, start + count)]
    counter = int(time.monotonic() * 80) & 0xFFFFFFFF
    image = {**HOLDING, 20: counter >> 16, 21: counter & 0xFFFF}
    return [image.get(a, 0) for a in range(start, start + count)]


def answer(unit: int, pdu: bytes) -> bytes:
    """The reply PDU for a request PDU."""
    function = pdu[0]
    if function in (3, 4) and len(pdu) >= 5:
        start, count = struct.unpack(">HH", pdu[1:5])
        values = registers(function, start, min(count, 125))
        return struct.pack(f">BB{len(values)}H", function, 2 * len(values), *values)
    if function in (1, 2) and len(pdu) >= 5:
        _start, count = struct.unpack(">HH", pdu[1:5])
        size = (min(count, 2000) + 7) // 8
        return bytes([function, size]) + bytes(size)
    return bytes([function | 0x80, 1])


class Responder(asyncio.Protocol):
    """One client connection: split the stream into MBAP frames, answer each at once."""

    def __init__(self) -> None:
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        out: list[bytes] = []
        while len(self.buffer) >= 7:
            tid, _proto, length, unit = MBAP.unpack_from(self.buffer)
            end = 6 + length
            if len(self.buffer) < end:
                break
            pdu = self.buffer[7:end]
            self.buffer = self.buffer[end:]
            reply = answer(unit, pdu)
            out.append(MBAP.pack(tid, 0, len(reply) + 1, unit) + reply)
        if out and self.transport is not None:
            self.transport.write(b"".join(out))


async def serve(ports: int, host: str) -> None:
    loop = asyncio.get_running_loop()
    servers = [
        await loop.create_server(Responder, host, 0, backlog=1024) for _ in range(max(1, ports))
    ]
    numbers = [str(s.sockets[0].getsockname()[1]) for s in servers]
    print("READY " + ",".join(numbers), flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for server in servers:
        server.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.modbus_responder")
    parser.add_argument("--ports", type=int, default=10)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.ports, args.host))
    return 0


if __name__ == "__main__":
    sys.exit(main())
