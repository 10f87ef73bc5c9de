"""Reachability probes on loopback: open, closed, silent."""

from __future__ import annotations

import asyncio
import contextlib
import socket

import pytest

from drivers import icmp
from drivers.base import LinkState
from drivers.config import ReachConfig
from drivers.reachability import ReachabilityDriver, probe

from .conftest import eventually, free_port, run


def test_tcp_open_port_is_reachable() -> None:
    async def main() -> None:
        server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            result = await probe("127.0.0.1", (free_port(), port), 1.0)
        finally:
            server.close()
            await server.wait_closed()
        assert result.reachable and result.method == "tcp" and result.port == port
        assert result.rtt_ms is not None and result.rtt_ms < 500

    run(main())


def test_tcp_closed_port_is_refused() -> None:
    result = run(probe("127.0.0.1", (free_port(),), 1.0))
    assert not result.reachable and result.method == "tcp"
    assert result.error_code == "refused" and "connection refused" in (result.error or "")


def test_tcp_timeout_does_not_hang() -> None:
    async def main() -> None:
        # A listener whose backlog is full: further SYNs are dropped, connect stays pending.
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        fillers = []
        try:
            for _ in range(8):
                s = socket.socket()
                s.setblocking(False)
                with contextlib.suppress(BlockingIOError):
                    s.connect(("127.0.0.1", port))
                fillers.append(s)
            loop = asyncio.get_running_loop()
            start = loop.time()
            result = await probe("127.0.0.1", (port,), 0.3)
            elapsed = loop.time() - start
        finally:
            for s in fillers:
                s.close()
            listener.close()
        assert elapsed < 2.0
        if not result.reachable:  # some kernels still complete the handshake: then it is fine
            assert result.error_code == "timeout"
            assert result.error == f"TCP {port}: no answer within 0.3 s"

    run(main())


@pytest.mark.skipif(not icmp.available(), reason="ICMP sockets not permitted here")
def test_icmp_echo_loopback() -> None:
    result = run(probe("127.0.0.1", (), 1.0))
    assert result.reachable and result.method == "icmp" and result.rtt_ms is not None


def test_driver_samples_and_status() -> None:
    async def main() -> None:
        closed = free_port()
        driver = ReachabilityDriver(ReachConfig("127.0.0.1", (closed,), 50, 0.5))
        seen: dict[str, object] = {}
        driver.add_sample_listener(lambda batch: seen.update({s.point: s.value for s in batch}))
        try:
            await driver.start()
            await eventually(lambda: driver.status.error_code == "refused")
            assert seen["reachable"] is False and seen["method"] == "tcp"
            assert driver.status.state is LinkState.RECONNECTING
        finally:
            await driver.close()
        server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        driver = ReachabilityDriver(ReachConfig("127.0.0.1", (port,), 50, 0.5))
        driver.add_sample_listener(lambda batch: seen.update({s.point: s.value for s in batch}))
        try:
            await driver.start()
            await eventually(lambda: driver.status.state is LinkState.CONNECTED)
            assert seen["reachable"] is True and isinstance(seen["rtt_ms"], float)
        finally:
            await driver.close()
            server.close()
            await server.wait_closed()

    run(main())
