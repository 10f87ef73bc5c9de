"""OPC UA liveness with a soft deadline: a real asyncua server behind the simulator's network
proxy (its `delay` holds every answer back, its `blackhole` is a dead switch).

An overdue liveness read shows the server as not answering (status code "timeout", points
Bad_Timeout) after the measured round trip plus a margin, while the session is kept until
the configured timeout: a late answer restores it without a reconnect.
"""

from __future__ import annotations

from drivers.backoff import Backoff
from drivers.base import BAD_TIMEOUT, LinkState
from drivers.config import OpcuaConfig
from drivers.opcua import OpcuaDriver
from simulator.proxy import NetworkProxy

from .conftest import eventually, free_port, run
from .opcua_peer import Peer, start_peer
from .test_opcua import attach, points

FAST = Backoff(initial=0.05, cap=0.3)
TIMEOUT_S = 1.0


async def _proxied() -> tuple[Peer, NetworkProxy, OpcuaConfig]:
    port = free_port()
    peer = await start_peer(port)
    proxy = NetworkProxy("plc", "127.0.0.1", 0, port)
    await proxy.start(free_port=True)
    url = f"opc.tcp://127.0.0.1:{proxy.port}/plc/"
    cfg = OpcuaConfig(
        url, points("speed", "count"), publish_ms=100, sampling_ms=50, timeout_s=TIMEOUT_S
    )
    return peer, proxy, cfg


def test_a_slow_server_flips_at_most_briefly_and_stays_in_its_session() -> None:
    async def main() -> None:
        peer, proxy, cfg = await _proxied()
        driver = OpcuaDriver(cfg, backoff=FAST)
        rec = attach(driver)
        try:
            await driver.start()
            await eventually(lambda: driver.status.state is LinkState.CONNECTED)
            await eventually(lambda: (s := rec.last("M1:speed")) is not None and s.value == 1.5)
            await eventually(lambda: driver.rtt.srtt is not None)
            assert driver.rtt.timeout() < TIMEOUT_S  # loopback: about the 250 ms floor
            session = driver.raw_client
            rec.statuses.clear()
            proxy.delay_s = 0.5  # above the adaptive wait, below the configured timeout

            # Several liveness reads answered 0.5 s late: the estimator learns the new round
            # trip, the link ends CONNECTED and the points have their values back.
            await eventually(
                lambda: driver.rtt.srtt is not None and driver.rtt.srtt > 0.2, limit_s=20
            )
            await eventually(lambda: driver.status.state is LinkState.CONNECTED, limit_s=10)
            assert driver.raw_client is session, "a late answer must not cost the session"
            states = {(s.state, s.error_code) for s in rec.statuses}
            assert states <= {(LinkState.RECONNECTING, "timeout"), (LinkState.CONNECTED, None)}
            flips = [s for s in rec.statuses if s.state is LinkState.RECONNECTING]
            assert 1 <= len(flips) <= 2, rec.statuses  # the first slow read, maybe one more
            last = rec.last("M1:speed")
            assert last is not None and last.value == 1.5 and last.quality.is_good
            assert driver.rtt.timeout() > 0.5  # the next slow answer is in time
            await peer.set("speed", 4.5)  # the subscription still delivers
            await eventually(lambda: (s := rec.last("M1:speed")) is not None and s.value == 4.5)
            assert driver.raw_client is session
        finally:
            await driver.close()
            await proxy.stop()
            await peer.stop()

    run(main(), timeout=60)


def test_a_dead_link_is_not_answering_at_the_adaptive_wait_then_reconnects() -> None:
    async def main() -> None:
        peer, proxy, cfg = await _proxied()
        driver = OpcuaDriver(cfg, backoff=FAST)
        rec = attach(driver)
        try:
            await driver.start()
            await eventually(lambda: driver.status.state is LinkState.CONNECTED)
            await eventually(lambda: (s := rec.last("M1:speed")) is not None and s.value == 1.5)
            await eventually(lambda: driver.rtt.srtt is not None)
            rec.statuses.clear()
            await proxy.set_blackhole(True)
            await eventually(lambda: driver.status.state is LinkState.RECONNECTING)
            first = rec.statuses[0]
            assert first.error_code == "timeout", first
            assert first.error is not None and first.error.startswith("no answer within ")
            waited = float(first.error.rsplit("within ", 1)[1].removesuffix(" s"))
            assert waited < TIMEOUT_S, first.error
            bad = rec.last("M1:speed")
            assert bad is not None and bad.quality == BAD_TIMEOUT and bad.value is None
            # The configured timeout drops the session; attempts go on and fail.
            await eventually(lambda: driver.raw_client is None, limit_s=10)
            assert driver.status.error_code == "timeout"
            await proxy.set_blackhole(False)
            await eventually(lambda: driver.status.state is LinkState.CONNECTED, limit_s=20)
            await eventually(lambda: (s := rec.last("M1:speed")) is not None and s.value == 1.5)
        finally:
            await driver.close()
            await proxy.stop()
            await peer.stop()

    run(main(), timeout=60)
