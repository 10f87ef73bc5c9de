"""A device known only by reachability (HMI, camera, switch): a port that accepts and holds."""

from __future__ import annotations

import asyncio
import contextlib


class ReachBackend:
    """Accepts connections on a private loopback port and keeps them open until the peer leaves."""

    def __init__(self) -> None:
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._on_client, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.close()

    async def _on_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            with contextlib.suppress(OSError):
                while await reader.read(4096):
                    pass
        finally:
            self._writers.discard(writer)
            writer.close()
