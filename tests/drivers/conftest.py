"""Fixtures and helpers for the driver tests: real peers on loopback, bounded in time.

pytest-asyncio is not used: each test runs its coroutine with `run()`, which bounds it.
"""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T], timeout: float = 20.0) -> T:
    """Run a test coroutine on a fresh loop; fail instead of hanging."""

    async def bounded() -> T:
        return await asyncio.wait_for(coro, timeout)

    return asyncio.run(bounded())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def eventually(check: Callable[[], bool], limit_s: float = 8.0, step: float = 0.02) -> None:
    """Wait until `check()` is true (AssertionError after `limit_s`)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + limit_s
    while not check():
        if loop.time() > end:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(step)


class RecordingProxy:
    """A TCP proxy that forwards to a real server and keeps what the client sent."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target_port = target_port
        self.target_host = target_host
        self.sent = bytearray()
        self.port = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: list[asyncio.StreamWriter] = []

    async def start(self) -> RecordingProxy:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, record: bool
    ) -> None:
        try:
            while data := await reader.read(65536):
                if record:
                    self.sent.extend(data)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _handle(self, creader: asyncio.StreamReader, cwriter: asyncio.StreamWriter) -> None:
        sreader, swriter = await asyncio.open_connection(self.target_host, self.target_port)
        self._writers += [cwriter, swriter]
        for coro in (self._pipe(creader, swriter, True), self._pipe(sreader, cwriter, False)):
            task = asyncio.create_task(coro)
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for w in self._writers:
            w.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()


def modbus_function_codes(stream: bytes) -> list[tuple[int, int, bytes]]:
    """(unit id, function code, pdu) of each MBAP frame in a client byte stream."""
    out = []
    i = 0
    while i + 7 <= len(stream):
        _tid, _proto, length, unit = struct.unpack(">HHHB", stream[i : i + 7])
        pdu = stream[i + 7 : i + 6 + length]
        out.append((unit, pdu[0], pdu))
        i += 6 + length
    return out


def opcua_requests(stream: bytes) -> list[str]:
    """Message types and request type names in a client OPC UA binary stream (security None)."""
    from asyncua import ua
    from asyncua.ua.ua_binary import nodeid_from_binary

    names = {}
    for attr in dir(ua.ObjectIds):
        if attr.endswith("Request_Encoding_DefaultBinary"):
            names[getattr(ua.ObjectIds, attr)] = attr[: -len("Request_Encoding_DefaultBinary")]
    out: list[str] = []
    i = 0
    while i + 8 <= len(stream):
        kind = stream[i : i + 3].decode("ascii", "replace")
        size = struct.unpack("<I", stream[i + 4 : i + 8])[0]
        chunk = stream[i : i + size]
        i += size
        if kind == "HEL":
            out.append("Hello")
            continue
        body_at = 12  # header (8) + secure channel id (4)
        if kind == "OPN":
            pos = body_at
            for _ in range(3):  # policy uri, sender certificate, receiver thumbprint
                (n,) = struct.unpack("<i", chunk[pos : pos + 4])
                pos += 4 + max(n, 0)
            body_at = pos
        else:
            body_at += 4  # symmetric token id
        body_at += 8  # sequence number + request id
        buf = ua.utils.Buffer(chunk[body_at:])
        nid = nodeid_from_binary(buf)
        out.append(names.get(nid.Identifier, f"unknown:{nid.to_string()}"))
    return out


@pytest.fixture
def pki(tmp_path: Path) -> Path:
    return tmp_path / "pki"


Waiter = Callable[[], Awaitable[None]]
