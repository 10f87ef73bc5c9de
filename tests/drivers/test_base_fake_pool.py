"""The interface types, the fake, the pool, the trust store and node id parsing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from asyncua import ua

from drivers import base, trust
from drivers.backoff import Backoff
from drivers.base import GOOD, Driver, LinkState, Quality, Sample
from drivers.fake import FakeDriver
from drivers.opcua_nodes import NodeIdSyntaxError, format_node_id, parse_node_id, quality_of
from drivers.pool import DriverKey, DriverPool

from .conftest import run
from .opcua_peer import make_server_cert


@pytest.mark.parametrize(
    "name",
    [
        "BadNotConnected",
        "BadTimeout",
        "BadCommunicationError",
        "BadDecodingError",
        "BadOutOfRange",
        "BadNodeIdUnknown",
        "BadNotSupported",
        "BadDeviceFailure",
        "BadResourceUnavailable",
        "BadWaitingForInitialData",
    ],
)
def test_quality_codes_match_the_spec_table(name: str) -> None:
    const = getattr(
        base, "BAD_" + "".join("_" + c if c.isupper() else c.upper() for c in name[3:]).lstrip("_")
    )
    assert const == Quality(getattr(ua.StatusCodes, name), name)
    assert const.severity == "bad"


def test_severity_from_top_bits() -> None:
    assert GOOD.severity == "good"
    assert Quality(0x40000000, "Uncertain").severity == "uncertain"
    assert Quality(0xC0000000, "reserved").severity == "bad"
    assert quality_of(ua.StatusCode(ua.StatusCodes.UncertainLastUsableValue)).name == (
        "UncertainLastUsableValue"
    )
    assert quality_of(0x00000480).name == "Good"  # info bits do not change the name


def test_backoff_doubles_to_cap_with_jitter() -> None:
    b = Backoff(initial=0.5, cap=30.0, jitter=0.2)
    delays = [b.next_delay() for _ in range(10)]
    assert 0.4 <= delays[0] <= 0.5 and 0.8 <= delays[1] <= 1.0
    assert all(d <= 30.0 for d in delays) and delays[-1] >= 24.0
    b.reset()
    assert b.next_delay() <= 0.5


def test_fake_driver_pushes_values_and_bad_on_link_loss() -> None:
    async def main() -> None:
        fake = FakeDriver(["A:x", "A:y"])
        assert isinstance(fake, Driver)
        batches: list[Sequence[Sample]] = []
        states: list[LinkState] = []
        fake.add_sample_listener(batches.append)
        unsubscribe = fake.add_status_listener(lambda s: states.append(s.state))
        await fake.start()
        fake.set_value("A:x", 3.5)
        fake.set_quality("A:x", Quality(0x40000000, "Uncertain"))
        assert batches[-1][0].value == 3.5 and batches[-1][0].quality.severity == "uncertain"
        assert (await fake.read(["A:x"]))[0].value == 3.5
        fake.set_link_state(LinkState.RECONNECTING, "no answer within 1.0 s", "timeout")
        assert {s.point: s.quality.name for s in batches[-1]} == {
            "A:x": "BadTimeout",
            "A:y": "BadTimeout",
        }
        assert (await fake.read())[0].quality.name == "BadNotConnected"
        unsubscribe()
        await fake.close()
        assert states == [LinkState.CONNECTING, LinkState.CONNECTED, LinkState.RECONNECTING]
        assert fake.status.state is LinkState.CLOSED

    run(main())


def test_pool_one_driver_per_key_and_floor() -> None:
    async def main() -> None:
        pool = DriverPool(floor_ms=250)
        made: list[int] = []

        def factory(min_ms: int) -> FakeDriver:
            made.append(min_ms)
            return FakeDriver(["p"])

        key = DriverKey("modbus", "10.0.0.5:502/1")
        a = pool.get_or_create(key, factory)
        b = pool.get_or_create(key, factory, min_poll_ms=1000)
        c = pool.get_or_create(DriverKey("opcua", "opc.tcp://x:4840"), factory, min_poll_ms=1000)
        assert a is b and a is not c and made == [250, 1000] and len(pool) == 2
        await pool.close_all()
        assert a.closed and c.closed and len(pool) == 0

    run(main())


def test_node_id_parsing_follows_the_spec() -> None:
    p = parse_node_id("nsu=urn:a%3Bb%25c;s=Line;1.Temp")
    assert p.namespace_uri == "urn:a;b%c" and p.identifier == "Line;1.Temp"
    assert parse_node_id("nsu=urn:a%3Bb%25c;s=x").resolve(
        ["http://opcfoundation.org/UA/", "urn:a;b%c"]
    ) == ua.NodeId("x", 1)
    assert parse_node_id("ns=3;i=1001").resolve([]) == ua.NodeId(1001, 3)
    assert parse_node_id("i=2258").resolve([]) == ua.NodeId(2258, 0)
    g = parse_node_id("ns=1;g=09087e75-8e5e-499b-954f-f2a9603db28a")
    assert str(g.identifier) == "09087e75-8e5e-499b-954f-f2a9603db28a"
    assert parse_node_id("ns=1;b=M/RbKBsRVkePCePcx24oRA==").kind == "b"
    for bad in ("ns=x;i=1", "nsu=;i=1", "q=1", "ns=1;i=abc", "i=-1", "nsu=urn:x"):
        with pytest.raises(NodeIdSyntaxError):
            parse_node_id(bad)
    with pytest.raises(KeyError):
        parse_node_id("nsu=urn:missing;i=1").resolve(["http://opcfoundation.org/UA/"])
    ns = ["http://opcfoundation.org/UA/", "urn:a;b"]
    assert format_node_id(ua.NodeId("x", 1), ns) == "nsu=urn:a%3Bb;s=x"
    assert parse_node_id(format_node_id(ua.NodeId("x", 1), ns)).resolve(ns) == ua.NodeId("x", 1)


def test_trust_store(tmp_path: Path) -> None:
    cert, _key = run(make_server_cert(tmp_path / "srv"))
    der = cert.read_bytes()
    pki = tmp_path / "pki"
    thumb = trust.thumbprint(der)
    assert len(thumb) == 59 and thumb.count(":") == 19 and thumb == thumb.upper()
    assert not trust.is_trusted(pki, der) and trust.list_trusted(pki) == []
    trust.reject(pki, der)
    with pytest.raises(LookupError):
        trust.trust(pki, "00" * 20)
    with pytest.raises(ValueError):
        trust.trust(pki, "not a thumbprint")
    info = trust.trust(pki, thumb.replace(":", "").lower())
    assert info.thumbprint == thumb and trust.is_trusted(pki, der)
    assert trust.list_rejected(pki) == []
