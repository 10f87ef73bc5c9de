"""OPC UA driver against a real asyncua server on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from asyncua import ua

from drivers import trust
from drivers.backoff import Backoff
from drivers.base import LinkState, LinkStatus, Sample
from drivers.config import OpcuaConfig, OpcuaPointSpec
from drivers.opcua import OpcuaDriver

from .conftest import RecordingProxy, eventually, free_port, opcua_requests, run
from .opcua_peer import NS_URI, make_server_cert, start_peer

FAST = Backoff(initial=0.05, cap=0.3)


def points(*names: str, ns: str = f"nsu={NS_URI}") -> tuple[OpcuaPointSpec, ...]:
    return tuple(OpcuaPointSpec(f"M1:{n}", f"{ns};s={n}") for n in names)


class Recorder:
    def __init__(self) -> None:
        self.samples: list[Sample] = []
        self.statuses: list[LinkStatus] = []

    def on_samples(self, batch: Sequence[Sample]) -> None:
        self.samples.extend(batch)

    def on_status(self, status: LinkStatus) -> None:
        self.statuses.append(status)

    def last(self, point: str) -> Sample | None:
        found = [s for s in self.samples if s.point == point]
        return found[-1] if found else None


def attach(driver: OpcuaDriver) -> Recorder:
    rec = Recorder()
    driver.add_sample_listener(rec.on_samples)
    driver.add_status_listener(rec.on_status)
    return rec


def test_subscribe_read_identity_and_nsu_resolution() -> None:
    async def main() -> None:
        port = free_port()
        peer = await start_peer(port, extra_namespaces=2)  # the URI is not at index 2
        cfg = OpcuaConfig(
            peer.url,
            (*points("speed", "count", "running", "name"), OpcuaPointSpec("M1:gone", "ns=9;s=x")),
            publish_ms=50,
            sampling_ms=20,
            timeout_s=2.0,
        )
        driver = OpcuaDriver(cfg, backoff=FAST)
        rec = attach(driver)
        try:
            await driver.start()
            await eventually(lambda: driver.status.state is LinkState.CONNECTED)
            await eventually(lambda: (s := rec.last("M1:speed")) is not None and s.value == 1.5)
            assert driver.status.security == "None (unencrypted)"
            await peer.set("speed", 2.75)
            await eventually(lambda: (s := rec.last("M1:speed")) is not None and s.value == 2.75)
            got = {s.point: s for s in await driver.read()}
            assert got["M1:count"].value == 7 and got["M1:count"].quality.name == "Good"
            assert got["M1:running"].value is True and got["M1:name"].value == "press"
            assert got["M1:gone"].quality.severity == "bad"
            assert got["M1:speed"].source_time is not None
            assert driver.identity is not None
            assert driver.identity.vendor == "ACME Automation"
            assert driver.identity.product == "TestPLC"
            assert driver.identity.revision == "2.3.4"
            assert driver.identity.extra["state"] == "Running"
            assert "service_level" in driver.identity.extra
            children = await driver.browse(f"nsu={NS_URI};s=M1")
            assert {c.display_name for c in children} >= {"speed", "count"}
            speed = next(c for c in children if c.display_name == "speed")
            assert speed.node_id == f"nsu={NS_URI};s=speed" and speed.node_class == "Variable"
            attrs = {a.attribute: a for a in await driver.read_attributes(speed.node_id)}
            assert attrs["Value"].value == 2.75
            eps = await driver.get_endpoints()
            assert eps and eps[0].security_mode == "None"
        finally:
            await driver.close()
            await peer.stop()
        assert driver.status.state is LinkState.CLOSED
        assert rec.last("M1:speed") is not None
        assert rec.last("M1:speed").quality.name == "BadNotConnected"  # type: ignore[union-attr]

    run(main())


def test_quality_names_kept() -> None:
    async def main() -> None:
        peer = await start_peer(free_port())
        cfg = OpcuaConfig(peer.url, points("v0", "v1"), publish_ms=50, sampling_ms=20)
        driver = OpcuaDriver(cfg, backoff=FAST)
        rec = attach(driver)
        try:
            await driver.start()
            await eventually(lambda: driver.status.state is LinkState.CONNECTED)
            await peer.set("v0", 3.0, ua.StatusCodes.UncertainLastUsableValue)
            await peer.set("v1", 4.0, ua.StatusCodes.BadSensorFailure)
            await eventually(
                lambda: (
                    (s := rec.last("M1:v0")) is not None
                    and s.quality.name == "UncertainLastUsableValue"
                )
            )
            await eventually(
                lambda: (
                    (s := rec.last("M1:v1")) is not None and s.quality.name == "BadSensorFailure"
                )
            )
            v0, v1 = rec.last("M1:v0"), rec.last("M1:v1")
            assert v0 is not None and v0.quality.severity == "uncertain"
            assert v1 is not None and v1.quality.severity == "bad"
        finally:
            await driver.close()
            await peer.stop()

    run(main())


def test_operation_limits_batch_reads() -> None:
    async def main() -> None:
        peer = await start_peer(free_port(), max_nodes_per_read=2, count=7)
        proxy = await RecordingProxy(peer.port).start()
        url = peer.url.replace(str(peer.port), str(proxy.port))
        names = [f"v{i}" for i in range(7)]
        # A long publishing interval: no liveness read of the driver's own among those counted.
        cfg = OpcuaConfig(url, points(*names), publish_ms=10_000)
        driver = OpcuaDriver(cfg, backoff=FAST)
        try:
            await driver.start()
            await eventually(lambda: driver.status.state is LinkState.CONNECTED)
            assert driver.limits.max_nodes_per_read == 2
            before = len(opcua_requests(bytes(proxy.sent)))
            samples = await driver.read()
            assert [s.value for s in samples] == [float(i) for i in range(7)]
            await asyncio.sleep(0.1)
            reads = [r for r in opcua_requests(bytes(proxy.sent))[before:] if r == "Read"]
            assert len(reads) == 4  # 7 nodes, at most 2 per Read
        finally:
            await driver.close()
            await proxy.stop()
            await peer.stop()

    run(main())


def test_reconnect_and_resubscribe_after_server_restart() -> None:
    async def main() -> None:
        port = free_port()
        peer = await start_peer(port)
        cfg = OpcuaConfig(peer.url, points("speed"), publish_ms=50, sampling_ms=20, timeout_s=1.0)
        driver = OpcuaDriver(cfg, backoff=FAST)
        rec = attach(driver)
        try:
            await driver.start()
            await eventually(lambda: driver.status.state is LinkState.CONNECTED)
            await eventually(lambda: rec.last("M1:speed") is not None)
            await peer.stop()
            await eventually(lambda: driver.status.state is LinkState.RECONNECTING)
            await eventually(
                lambda: (s := rec.last("M1:speed")) is not None and s.quality.severity == "bad"
            )
            await eventually(lambda: driver.status.error_code == "refused")
            assert driver.status.error == "connection refused"
            peer = await start_peer(port, extra_namespaces=1)  # namespace index moves
            await eventually(lambda: driver.status.state is LinkState.CONNECTED)
            await eventually(lambda: (s := rec.last("M1:speed")) is not None and s.value == 1.5)
            await peer.set("speed", 9.5)
            await eventually(lambda: (s := rec.last("M1:speed")) is not None and s.value == 9.5)
        finally:
            await driver.close()
            await peer.stop()

    run(main(), timeout=30)


def test_untrusted_certificate_then_trusted(tmp_path: Path, pki: Path) -> None:
    async def main() -> None:
        port = free_port()
        cert = await make_server_cert(tmp_path / "server")
        peer = await start_peer(port, cert=cert, users={"operator": "s3cret"})
        cfg = OpcuaConfig(
            peer.url,
            points("speed"),
            publish_ms=50,
            timeout_s=2.0,
            security_mode="SignAndEncrypt",
            security_policy="Basic256Sha256",
            username="operator",
            password="s3cret",
            pki_dir=pki,
        )
        driver = OpcuaDriver(cfg, backoff=Backoff(initial=0.2, cap=0.5))
        rec = attach(driver)
        try:
            await driver.start()
            await eventually(lambda: driver.status.error_code == "untrusted_certificate")
            assert driver.status.state is LinkState.FAILED
            thumb = trust.thumbprint(cert[0].read_bytes())
            assert driver.status.error == f"server certificate not trusted: thumbprint {thumb}"
            assert [c.thumbprint for c in trust.list_rejected(pki)] == [thumb]
            assert (pki / "own" / "cert.der").is_file()
            trust.trust(pki, thumb)
            assert [c.thumbprint for c in trust.list_trusted(pki)] == [thumb]
            assert trust.list_rejected(pki) == []
            await eventually(lambda: driver.status.state is LinkState.CONNECTED, limit_s=10)
            assert driver.status.security == "Basic256Sha256 SignAndEncrypt"
            await eventually(lambda: (s := rec.last("M1:speed")) is not None and s.value == 1.5)
        finally:
            await driver.close()
            await peer.stop()

    run(main(), timeout=30)


def test_wrong_password_is_auth_failed(tmp_path: Path, pki: Path) -> None:
    async def main() -> None:
        cert = await make_server_cert(tmp_path / "server")
        peer = await start_peer(free_port(), cert=cert, users={"operator": "s3cret"})
        trust.trust(pki, cert[0].read_bytes())
        cfg = OpcuaConfig(
            peer.url,
            points("speed"),
            timeout_s=2.0,
            security_mode="SignAndEncrypt",
            username="operator",
            password="wrong",
            pki_dir=pki,
        )
        driver = OpcuaDriver(cfg, backoff=Backoff(initial=0.2, cap=0.5))
        try:
            await driver.start()
            await eventually(lambda: driver.status.state is LinkState.FAILED, limit_s=10)
            assert driver.status.error_code == "auth_failed", driver.status
        finally:
            await driver.close()
            await peer.stop()

    run(main(), timeout=30)


def test_connect_refused_reports_precisely() -> None:
    async def main() -> None:
        cfg = OpcuaConfig(f"opc.tcp://127.0.0.1:{free_port()}/", points("x"), timeout_s=0.5)
        driver = OpcuaDriver(cfg, backoff=FAST)
        rec = attach(driver)
        await driver.start()
        try:
            await eventually(lambda: driver.status.error_code == "refused")
            assert driver.status.state is LinkState.CONNECTING
            s = rec.last("M1:x")
            assert s is not None and s.quality.name == "BadNotConnected"
            assert (await driver.read())[0].quality.name == "BadNotConnected"
        finally:
            await driver.close()

    run(main())


def test_publish_fast_path_gives_the_same_samples_as_the_general_one() -> None:
    """`_on_publish` builds common samples inline (it runs for every value change); every
    kind of value, status and timestamp must come out as `_sample` makes it."""
    from datetime import UTC, datetime

    naive = datetime(2026, 1, 2, 3, 4, 5)
    aware = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    values = [
        ua.DataValue(ua.Variant(1.5, ua.VariantType.Double), SourceTimestamp=naive),
        ua.DataValue(ua.Variant(7, ua.VariantType.Int32), SourceTimestamp=aware),
        ua.DataValue(ua.Variant(True, ua.VariantType.Boolean)),
        ua.DataValue(ua.Variant("on", ua.VariantType.String)),
        ua.DataValue(ua.Variant(ua.NodeClass.Variable, ua.VariantType.Int32)),  # an int enum
        ua.DataValue(ua.Variant(ua.LocalizedText("x"))),
        ua.DataValue(ua.Variant(None), StatusCode=ua.StatusCode(0x808B0000)),
        ua.DataValue(ua.Variant(3.0, ua.VariantType.Double), StatusCode=ua.StatusCode(0x40000000)),
        ua.DataValue(ua.Variant(2.0, ua.VariantType.Double), StatusCode=ua.StatusCode(0x803C0000)),
        None,
    ]
    names = tuple(f"p{k}" for k in range(len(values)))
    driver = OpcuaDriver(OpcuaConfig("opc.tcp://127.0.0.1:1", points(*names)))
    driver._handles = {k + 1: f"M1:{n}" for k, n in enumerate(names)}
    seen: list[Sample] = []
    driver.add_sample_listener(seen.extend)
    result = ua.PublishResult()
    result.NotificationMessage.NotificationData = [
        ua.DataChangeNotification(
            MonitoredItems=[
                ua.MonitoredItemNotification(ClientHandle=k + 1, Value=dv)
                for k, dv in enumerate(values)
            ]
            + [ua.MonitoredItemNotification(ClientHandle=999, Value=values[0])]  # unknown
        )
    ]
    driver._on_publish(driver._generation, result)
    assert len(seen) == len(values)
    for sample, dv in zip(seen, values, strict=True):
        assert sample == OpcuaDriver._sample(sample.point, dv, sample.received), sample
    assert seen[0].source_time == aware and seen[0].value == 1.5
    assert seen[4].value == ua.NodeClass.Variable.value
    assert seen[6].quality.name == "BadDeviceFailure"
