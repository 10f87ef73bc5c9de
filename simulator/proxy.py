"""The simulated network: a TCP proxy in front of every device listener.

The public address is the proxy; the real server listens on a private loopback
port. Network faults act here:

- blackhole (a dead switch): open connections forward nothing in either direction
  and are not closed; new connection attempts get no answer at all (the listener
  is replaced by one whose accept queue is full, so the kernel drops the SYNs):
  clients hang and time out, they are not refused;
- delay: every answer is held back for a number of seconds;
- garble: answer bytes after the first 8 of each chunk are scrambled (OPC UA);
- crashed: the listener is closed (connection refused) and open connections are
  closed, as when the server process on a powered device stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket

from simulator.listen import open_listener

log = logging.getLogger(__name__)
CHUNK = 65536


class NetworkProxy:
    """Forwards one public host:port to a backend port on 127.0.0.1."""

    def __init__(self, name: str, host: str, port: int, backend_port: int) -> None:
        self.name = name
        self.requested = (host, port)
        self.host = host
        self.port = port
        self.backend_port = backend_port
        self.blackhole = False
        self.delay_s = 0.0
        self.garble = False
        self._server: asyncio.Server | None = None
        self._links: set[_Link] = set()
        self._hole: BlackHole | None = None

    @property
    def crashed(self) -> bool:
        return self._server is None

    async def start(self, free_port: bool) -> None:
        host, port = self.requested
        self._server, self.host, self.port = await open_listener(
            self._on_client, host, port, free_port
        )

    async def set_blackhole(self, on: bool) -> None:
        """A dead switch in front of the device: nothing answers, nothing is refused."""
        if on == self.blackhole:
            return
        self.blackhole = on
        if self._server is None and self._hole is None:
            return  # crashed: the listener stays closed either way
        if on:
            await self._close_listener()
            self._hole = BlackHole(self.host, self.port)
        else:
            if self._hole is not None:
                self._hole.close()
                self._hole = None
            self._server, _, _ = await open_listener(self._on_client, self.host, self.port, False)

    async def _close_listener(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def set_crashed(self, crashed: bool) -> None:
        """Close the listener and every connection, or listen again on the same address."""
        if crashed and (self._server is not None or self._hole is not None):
            if self._hole is not None:
                self._hole.close()
                self._hole = None
            if self._server is not None:
                self._server.close()
                self._server = None
            for link in list(self._links):
                link.close()
        elif not crashed and self._server is None and self._hole is None:
            if self.blackhole:
                self._hole = BlackHole(self.host, self.port)
            else:
                self._server, _, _ = await open_listener(
                    self._on_client, self.host, self.port, False
                )

    async def stop(self) -> None:
        await self.set_crashed(True)
        for link in list(self._links):
            await link.wait_closed()

    async def _on_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            backend_reader, backend_writer = await asyncio.open_connection(
                "127.0.0.1", self.backend_port
            )
        except OSError as exc:
            log.warning("%s: backend port %d not answering: %s", self.name, self.backend_port, exc)
            writer.close()
            return
        link = _Link(self, reader, writer, backend_reader, backend_writer)
        self._links.add(link)
        try:
            await link.run()
        finally:
            self._links.discard(link)


class BlackHole:
    """A listening socket whose accept queue is full: further SYNs are dropped by the kernel.

    That is what a client sees behind a dead switch: connect() hangs until its timeout.
    """

    def __init__(self, host: str, port: int) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((host, port))
        self.listener.listen(0)
        self.fillers: list[socket.socket] = []
        for _ in range(3):  # backlog 0 still queues one or two: fill whatever is there
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError, OSError):
                filler.connect((host, port))
            self.fillers.append(filler)

    def close(self) -> None:
        for sock in (*self.fillers, self.listener):
            with contextlib.suppress(OSError):
                sock.close()


class _Link:
    """One client connection and its backend connection."""

    def __init__(
        self,
        proxy: NetworkProxy,
        client_reader: asyncio.StreamReader,
        client_writer: asyncio.StreamWriter,
        backend_reader: asyncio.StreamReader,
        backend_writer: asyncio.StreamWriter,
    ) -> None:
        self.proxy = proxy
        self.client_reader = client_reader
        self.client_writer = client_writer
        self.backend_reader = backend_reader
        self.backend_writer = backend_writer
        self._answers: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        self._done = asyncio.Event()

    async def run(self) -> None:
        tasks = [
            asyncio.create_task(self._requests()),
            asyncio.create_task(self._answers_in()),
            asyncio.create_task(self._answers_out()),
        ]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self.close()
            self._done.set()

    def close(self) -> None:
        for writer in (self.client_writer, self.backend_writer):
            writer.close()

    async def wait_closed(self) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._done.wait(), 2.0)

    async def _requests(self) -> None:
        """Client -> device; dropped while blackholed."""
        with contextlib.suppress(OSError):
            while data := await self.client_reader.read(CHUNK):
                if self.proxy.blackhole:
                    continue
                self.backend_writer.write(data)
                await self.backend_writer.drain()

    async def _answers_in(self) -> None:
        """Device -> queue, stamped with the time each answer may leave."""
        loop = asyncio.get_running_loop()
        with contextlib.suppress(OSError):
            while data := await self.backend_reader.read(CHUNK):
                if self.proxy.blackhole:
                    continue
                if self.proxy.garble:
                    data = garble(data)
                self._answers.put_nowait((loop.time() + self.proxy.delay_s, data))
        await self._answers.join()
        if self.proxy.blackhole:
            await _forever()  # a dead switch does not pass on the server's FIN either

    async def _answers_out(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due, data = await self._answers.get()
            try:
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not self.proxy.blackhole:
                    self.client_writer.write(data)
                    await self.client_writer.drain()
            except OSError:
                return
            finally:
                self._answers.task_done()


def garble(data: bytes) -> bytes:
    """Keep the 8-byte OPC UA message header, scramble the rest."""
    return data[:8] + bytes(b ^ 0x5A for b in data[8:])


async def _forever() -> None:
    await asyncio.Event().wait()
