"""Deadlines after an event-loop stall: the drivers share one thread with Qt (qasync), and a
GUI stall delays every callback. A deadline's timer then runs in the same loop pass as the
I/O that read the answer, before the driver took it; deadlines are judged in time the loop
was running (drivers/rtt.py), so an answer that was there in time is never a timeout.

A stall is a blocking `time.sleep` in a loop callback queued right after a request went
out. The peers answer from threads of their own, so the answer is on the socket while the
loop stalls. Also here: `ModbusDriver.close()` during a one-shot read, and a diagnostic's
timeout on the monitor's connection (`ModbusDriver.exclusive()`).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

import pytest
from pymodbus.exceptions import ModbusIOException

import drivers.reachability as reach
from drivers.backoff import Backoff
from drivers.base import BAD_NOT_CONNECTED, LinkState, LinkStatus
from drivers.config import ModbusConfig, OpcuaConfig, ReachConfig
from drivers.modbus import ModbusDriver
from drivers.modbus_probe import read_point
from drivers.opcua import OpcuaDriver
from drivers.rtt import STALL_SLACK_S, RttEstimator, stalled

from .conftest import eventually, free_port, run
from .opcua_peer import start_peer
from .test_modbus import P
from .test_opcua import points

T = TypeVar("T")
FAST = Backoff(initial=0.05, cap=0.3)


class ThreadedModbusPeer:
    """A Modbus TCP device answering from threads of its own (a loop stall on the test's
    side does not hold its answers back): registers read as 7, anything else exception 1.
    `silent` makes it read requests without answering them."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port: int = self.sock.getsockname()[1]
        self.connections = 0
        self.silent = False
        self._conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self.sock.close()
        for c in self._conns:
            with contextlib.suppress(OSError):
                c.close()

    def _accept(self) -> None:
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            self._conns.append(c)
            threading.Thread(target=self._serve, args=(c,), daemon=True).start()

    def _serve(self, c: socket.socket) -> None:
        buf = b""
        while True:
            try:
                data = c.recv(4096)
            except OSError:
                return
            if not data:
                return
            buf += data
            while len(buf) >= 8:
                tid, _pid, length, unit = struct.unpack(">HHHB", buf[:7])
                frame, buf = buf[: 6 + length], buf[6 + length :]
                if self.silent:
                    continue
                fc = frame[7]
                if fc == 3:
                    (count,) = struct.unpack(">H", frame[10:12])
                    pdu = bytes([3, 2 * count]) + b"\x00\x07" * count
                else:
                    pdu = bytes([fc | 0x80, 1])
                with contextlib.suppress(OSError):
                    c.sendall(struct.pack(">HHHB", tid, 0, len(pdu) + 1, unit) + pdu)


def _stall_after(stall_s: float) -> Callable[[], None]:
    """Queue one stall of the loop for right after the current callback (a request sent)."""
    loop = asyncio.get_running_loop()

    def stall() -> None:
        loop.call_soon(time.sleep, stall_s)

    return stall


class RecordingRtt(RttEstimator):
    """The driver's estimator, keeping the round trips it was fed."""

    def __init__(self, like: RttEstimator) -> None:
        super().__init__(like.cap_s, like.floor_s)
        self.samples: list[float] = []

    def answered(self, rtt_s: float) -> None:
        self.samples.append(rtt_s)
        super().answered(rtt_s)


def _record_rtt(driver: Any) -> RecordingRtt:
    driver.rtt = rtt = RecordingRtt(driver.rtt)
    return rtt


def _statuses(driver: Any) -> list[LinkStatus]:
    seen: list[LinkStatus] = []

    def on(status: LinkStatus) -> None:
        seen.append(status)

    driver.add_status_listener(on)
    return seen


def _on_qasync(qapp: Any, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
    """Run `coro` on a qasync loop, as the console does (bounded)."""
    import qasync

    loop = qasync.QEventLoop(qapp)
    try:
        result: T = loop.run_until_complete(asyncio.wait_for(coro, timeout))
        return result
    finally:
        loop.close()
        asyncio.set_event_loop(None)


# -- the shared helper ---------------------------------------------------------------------


def test_a_callback_later_than_the_slack_found_the_loop_stalled() -> None:
    assert not stalled(10.0, 10.0 + STALL_SLACK_S / 2)
    assert stalled(10.0, 10.0 + STALL_SLACK_S * 2)


# -- Modbus --------------------------------------------------------------------------------


async def _modbus_stall(stall_s: float, floor_s: float) -> tuple[list[LinkStatus], int, int]:
    """A Modbus device answering in well under a millisecond; the loop stalls once for
    `stall_s` right after a poll's request went out. The statuses seen from then on, and
    the device's connection count before and after."""
    peer = ThreadedModbusPeer()
    cfg = ModbusConfig(
        "127.0.0.1",
        peer.port,
        1,
        (P("a", "holding", 0),),
        poll_ms=1000,
        timeout_s=1.0,
        min_timeout_s=floor_s,
    )
    driver = ModbusDriver(cfg, backoff=FAST, phase=0)
    rtt = _record_rtt(driver)
    seen = _statuses(driver)
    try:
        await driver.start()
        await eventually(
            lambda: driver.rtt.srtt is not None and driver.status.state is LinkState.CONNECTED
        )
        ctx = driver.raw_client.ctx
        send, stall = ctx.low_level_send, _stall_after(stall_s)
        sent: list[int] = []

        def stalling_send(*args: Any, **kwargs: Any) -> Any:
            result = send(*args, **kwargs)
            if not sent:
                sent.append(1)
                stall()
            return result

        before = peer.connections
        seen.clear()
        ctx.low_level_send = stalling_send
        await eventually(lambda: bool(sent), limit_s=5)
        # The stall, and a poll after it that must go through on the same connection.
        rtt.samples.clear()
        await asyncio.sleep(stall_s + 1.5)
        assert rtt.samples, "no poll after the stall"
        assert max(rtt.samples) < stall_s / 2, f"the stall fed the estimator: {rtt.samples}"
        return seen, before, peer.connections
    finally:
        await driver.close()
        peer.close()


def test_modbus_soft_deadline_after_a_stall_keeps_an_answer_that_was_there() -> None:
    seen, before, after = run(_modbus_stall(0.5, floor_s=0.25))
    assert not [s for s in seen if s.state is LinkState.RECONNECTING], seen
    assert after == before


def test_modbus_hard_deadline_after_a_stall_keeps_the_connection() -> None:
    seen, before, after = run(_modbus_stall(1.3, floor_s=0.25))
    assert not [s for s in seen if s.state is LinkState.RECONNECTING], seen
    assert after == before, "the connection was dropped although the answer had come"


def test_modbus_hard_deadline_without_a_soft_one_after_a_stall() -> None:
    seen, before, after = run(_modbus_stall(1.3, floor_s=1.0))  # no margin: no soft deadline
    assert not [s for s in seen if s.state is LinkState.RECONNECTING], seen
    assert after == before


def test_modbus_stall_on_the_qasync_loop(qapp: Any) -> None:
    seen, before, after = _on_qasync(qapp, _modbus_stall(1.3, floor_s=0.25))
    assert not [s for s in seen if s.state is LinkState.RECONNECTING], seen
    assert after == before


def test_modbus_device_that_stopped_answering_still_times_out_after_a_stall() -> None:
    """The stall defers a deadline once, never for good: a silent device is still shown
    not answering, then reconnected."""

    async def main() -> None:
        peer = ThreadedModbusPeer()
        cfg = ModbusConfig(
            "127.0.0.1", peer.port, 1, (P("a", "holding", 0),), poll_ms=200, timeout_s=1.0
        )
        driver = ModbusDriver(cfg, backoff=FAST, phase=0)
        seen = _statuses(driver)
        try:
            await driver.start()
            await eventually(lambda: driver.status.state is LinkState.CONNECTED)
            before = peer.connections
            ctx = driver.raw_client.ctx
            send, stall = ctx.low_level_send, _stall_after(1.3)

            def stalling_send(*args: Any, **kwargs: Any) -> Any:
                result = send(*args, **kwargs)
                ctx.low_level_send = send
                stall()
                return result

            seen.clear()
            peer.silent = True
            ctx.low_level_send = stalling_send
            await eventually(lambda: peer.connections > before, limit_s=10)
            codes = [s.error_code for s in seen if s.state is LinkState.RECONNECTING]
            assert codes and set(codes) == {"timeout"}, seen
        finally:
            await driver.close()
            peer.close()

    run(main())


def test_modbus_close_during_a_one_shot_read_ends_it() -> None:
    """close() while read() waits for a silent device: the read ends (Bad_NotConnected)
    instead of waiting for ever on a request without a timer."""

    async def main() -> None:
        peer = ThreadedModbusPeer()
        cfg = ModbusConfig(
            "127.0.0.1", peer.port, 1, (P("a", "holding", 0),), poll_ms=60_000, timeout_s=30.0
        )
        driver = ModbusDriver(cfg, backoff=FAST, phase=0)
        try:
            await driver.start()
            await eventually(lambda: driver.status.state is LinkState.CONNECTED)
            peer.silent = True
            reading = asyncio.create_task(driver.read(["a"]))
            await eventually(lambda: driver._asking is reading)
            await driver.close()
            samples = await asyncio.wait_for(reading, 10)
            assert [(s.point, s.quality) for s in samples] == [("a", BAD_NOT_CONNECTED)]
        finally:
            await driver.close()
            peer.close()

    run(main())


def test_modbus_diagnostic_timeout_on_the_monitor_connection_drops_it() -> None:
    """A diagnostic through the monitor's connection runs with pymodbus' own timeout (on
    the parameters pymodbus reads); when it times out the connection is dropped (a late
    answer would be taken for the next poll's) and the monitor reconnects."""

    async def main() -> None:
        peer = ThreadedModbusPeer()
        cfg = ModbusConfig(
            "127.0.0.1", peer.port, 1, (P("a", "holding", 0),), poll_ms=300, timeout_s=0.5
        )
        driver = ModbusDriver(cfg, backoff=FAST, phase=0)
        try:
            await driver.start()
            await eventually(lambda: driver.status.state is LinkState.CONNECTED)
            before = peer.connections
            params = driver.raw_client.ctx.comm_params
            with pytest.raises(TimeoutError) as timed_out:
                async with driver.exclusive() as client:
                    assert client is not None
                    assert params.timeout_connect == cfg.timeout_s
                    peer.silent = True
                    await read_point(client, 1, "holding", 0, 1, cfg.timeout_s)
            # pymodbus' own timeout ended it ("No response received"), not the outer bound
            assert isinstance(timed_out.value.__cause__, ModbusIOException)
            assert not params.timeout_connect
            peer.silent = False
            await eventually(lambda: peer.connections > before, limit_s=10)
            await eventually(lambda: driver.status.state is LinkState.CONNECTED, limit_s=10)
        finally:
            await driver.close()
            peer.close()

    run(main())


# -- OPC UA --------------------------------------------------------------------------------


@contextlib.contextmanager
def _opcua_peer_thread(port: int) -> Iterator[None]:
    """The OPC UA peer on a loop and thread of its own (it answers while ours stalls)."""
    ready = threading.Event()
    box: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []

    def main() -> None:
        async def serve() -> None:
            peer = await start_peer(port)
            stop = asyncio.Event()
            box.append((asyncio.get_running_loop(), stop))
            ready.set()
            try:
                await stop.wait()
            finally:
                await peer.stop()

        asyncio.run(serve())

    thread = threading.Thread(target=main, daemon=True)
    thread.start()
    try:
        assert ready.wait(30), "the OPC UA peer did not start"
        yield
    finally:
        if box:
            loop, stop = box[0]
            loop.call_soon_threadsafe(stop.set)
        thread.join(30)


async def _opcua_stall(stall_s: float, port: int) -> list[LinkStatus]:
    cfg = OpcuaConfig(
        f"opc.tcp://127.0.0.1:{port}/plc/", points("speed"), publish_ms=500, timeout_s=1.0
    )
    driver = OpcuaDriver(cfg, backoff=FAST)
    rtt = _record_rtt(driver)
    seen = _statuses(driver)
    try:
        await driver.start()
        await eventually(
            lambda: driver.rtt.srtt is not None and driver.status.state is LinkState.CONNECTED,
            limit_s=20,
        )
        uac = driver.raw_client.uaclient
        read, stall = uac.read, _stall_after(stall_s)
        sent: list[int] = []

        async def stalling_read(params: Any) -> Any:  # the liveness read
            if not sent:
                sent.append(1)
                stall()
            return await read(params)

        seen.clear()
        uac.read = stalling_read
        await eventually(lambda: bool(sent), limit_s=5)
        rtt.samples.clear()
        await asyncio.sleep(stall_s + 1.5)
        assert rtt.samples, "no liveness read after the stall"
        assert max(rtt.samples) < stall_s / 2, f"the stall fed the estimator: {rtt.samples}"
        return seen
    finally:
        await driver.close()


def test_opcua_liveness_read_after_a_stall() -> None:
    port = free_port()
    with _opcua_peer_thread(port):
        seen = run(_opcua_stall(0.5, port), timeout=40)
    assert not [s for s in seen if s.state is LinkState.RECONNECTING], seen


def test_opcua_liveness_read_after_a_stall_on_the_qasync_loop(qapp: Any) -> None:
    port = free_port()
    with _opcua_peer_thread(port):
        seen = _on_qasync(qapp, _opcua_stall(0.5, port), timeout=40)
    assert not [s for s in seen if s.state is LinkState.RECONNECTING], seen


# -- reachability --------------------------------------------------------------------------


def test_reachability_probe_after_a_stall(monkeypatch: pytest.MonkeyPatch) -> None:
    async def main() -> list[LinkStatus]:
        peer = ThreadedModbusPeer()  # any port accepting from a thread of its own
        driver = reach.ReachabilityDriver(ReachConfig("127.0.0.1", (peer.port,), 500, 1.0))
        rtt = _record_rtt(driver)
        seen = _statuses(driver)
        try:
            await driver.start()
            await eventually(lambda: driver.rtt.srtt is not None)
            probe, stall = reach.probe, _stall_after(0.5)
            sent: list[int] = []

            async def stalling_probe(*args: Any, **kwargs: Any) -> Any:
                if not sent:
                    sent.append(1)
                    stall()
                return await probe(*args, **kwargs)

            seen.clear()
            monkeypatch.setattr(reach, "probe", stalling_probe)
            await eventually(lambda: bool(sent), limit_s=5)
            rtt.samples.clear()
            await asyncio.sleep(2.0)
            assert rtt.samples, "no probe after the stall"
            assert max(rtt.samples) < 0.25, f"the stall fed the estimator: {rtt.samples}"
            return seen
        finally:
            await driver.close()
            peer.close()

    seen = run(main())
    assert not [s for s in seen if s.state is LinkState.RECONNECTING], seen
