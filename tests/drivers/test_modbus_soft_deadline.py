"""Modbus soft deadline: a raw Modbus server behind the simulator's network proxy (its
`delay` holds every answer back, its `blackhole` is a dead switch).

A request unanswered past the measured round trip plus a margin shows the device as not
answering (status code "timeout", points Bad_Timeout) while it waits on until the
configured timeout: a late answer restores the device without a reconnect; only the
configured timeout drops the connection (a late reply would be taken for the next
request's).
"""

from __future__ import annotations

from collections.abc import Sequence

from drivers.backoff import Backoff
from drivers.base import BAD_TIMEOUT, LinkState, LinkStatus, Sample
from drivers.config import ModbusConfig
from drivers.modbus import ModbusDriver
from simulator.proxy import NetworkProxy

from .conftest import eventually, run
from .modbus_peer import RawModbusServer, echo_registers
from .test_modbus import P, collect

FAST = Backoff(initial=0.05, cap=0.3)
TIMEOUT_S = 1.0


async def _proxied() -> tuple[RawModbusServer, NetworkProxy, ModbusConfig]:
    raw = await RawModbusServer(echo_registers()).start()
    proxy = NetworkProxy("rc", "127.0.0.1", 0, raw.port)
    await proxy.start(free_port=True)
    # Two blocks (addresses far apart): a cycle is two requests.
    points = (P("a", "holding", 0), P("b", "holding", 100))
    cfg = ModbusConfig("127.0.0.1", proxy.port, 1, points, poll_ms=100, timeout_s=TIMEOUT_S)
    return raw, proxy, cfg


def _statuses(driver: ModbusDriver) -> list[LinkStatus]:
    seen: list[LinkStatus] = []

    def on(status: LinkStatus) -> None:
        seen.append(status)

    driver.add_status_listener(on)
    return seen


def _good(last: dict[str, Sample], names: Sequence[str] = ("a", "b")) -> bool:
    return all((s := last.get(n)) is not None and s.quality.is_good for n in names)


def test_a_slow_device_flips_at_most_briefly_and_keeps_its_connection() -> None:
    async def main() -> None:
        raw, proxy, cfg = await _proxied()
        driver = ModbusDriver(cfg, backoff=FAST, phase=0)
        last = collect(driver)
        seen = _statuses(driver)
        try:
            await driver.start()
            await eventually(lambda: driver.status.state is LinkState.CONNECTED and _good(last))
            await eventually(lambda: driver.rtt.srtt is not None)
            assert driver.rtt.timeout() < TIMEOUT_S  # loopback: about the 250 ms floor
            connections = len(raw._writers)
            seen.clear()
            proxy.delay_s = 0.5  # above the adaptive wait, below the configured timeout
            await eventually(
                lambda: driver.rtt.srtt is not None and driver.rtt.srtt > 0.2, limit_s=20
            )
            await eventually(lambda: driver.status.state is LinkState.CONNECTED, limit_s=10)
            states = {(s.state, s.error_code) for s in seen}
            assert states <= {(LinkState.RECONNECTING, "timeout"), (LinkState.CONNECTED, None)}
            flips = [s for s in seen if s.state is LinkState.RECONNECTING]
            assert 1 <= len(flips) <= 2, seen  # the first slow request, maybe one more
            assert len(raw._writers) == connections, "a late answer must not cost the link"
            await eventually(lambda: _good(last))
            assert driver.rtt.timeout() > 0.5  # the next slow answer is in time
        finally:
            await driver.close()
            await proxy.stop()
            await raw.stop()

    run(main(), timeout=60)


def test_a_dead_link_is_not_answering_at_the_adaptive_wait_then_reconnects() -> None:
    async def main() -> None:
        raw, proxy, cfg = await _proxied()
        driver = ModbusDriver(cfg, backoff=FAST, phase=0)
        last = collect(driver)
        seen = _statuses(driver)
        try:
            await driver.start()
            await eventually(lambda: driver.status.state is LinkState.CONNECTED and _good(last))
            await eventually(lambda: driver.rtt.srtt is not None)
            seen.clear()
            await proxy.set_blackhole(True)
            await eventually(lambda: driver.status.state is LinkState.RECONNECTING)
            first = seen[0]
            assert first.error_code == "timeout", first
            assert first.error is not None and first.error.startswith("no answer within ")
            waited = float(first.error.rsplit("within ", 1)[1].removesuffix(" s"))
            assert waited < TIMEOUT_S, first.error
            assert all(last[n].quality == BAD_TIMEOUT for n in ("a", "b"))
            # The configured timeout drops the connection (same reason code).
            await eventually(
                lambda: any(s.error == f"no answer within {TIMEOUT_S} s" for s in seen),
                limit_s=10,
            )
            assert driver.status.error_code == "timeout"
            await proxy.set_blackhole(False)
            await eventually(lambda: driver.status.state is LinkState.CONNECTED, limit_s=20)
            await eventually(lambda: _good(last))
        finally:
            await driver.close()
            await proxy.stop()
            await raw.stop()

    run(main(), timeout=60)
