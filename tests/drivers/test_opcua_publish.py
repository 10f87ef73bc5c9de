"""The OPC UA driver's publish callback on its own: what a PublishResult becomes.

Real asyncua result objects, as the client's publish loop hands them over; no server
(tests/drivers/test_opcua.py covers the session)."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

import pytest
from asyncua import ua

from drivers.base import GOOD, Sample
from drivers.config import OpcuaConfig, OpcuaPointSpec
from drivers.opcua import OpcuaDriver

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _driver() -> OpcuaDriver:
    specs = tuple(OpcuaPointSpec(f"M1:{n}", f"ns=2;s={n}") for n in ("a", "b", "c"))
    driver = OpcuaDriver(OpcuaConfig("opc.tcp://127.0.0.1:4840", specs))
    driver._handles = {1: "M1:a", 2: "M1:b", 3: "M1:c"}
    return driver


def _item(handle: int, value: object, status: int = 0, when: datetime | None = WHEN) -> object:
    dv = ua.DataValue(ua.Variant(value), ua.StatusCode(ua.UInt32(status)))
    dv.SourceTimestamp = when  # type: ignore[assignment]
    return ua.MonitoredItemNotification(ClientHandle=handle, Value=dv)


def _result(*items: object) -> ua.PublishResult:
    notif = ua.DataChangeNotification(MonitoredItems=list(items))
    return ua.PublishResult(NotificationMessage=ua.NotificationMessage(NotificationData=[notif]))


@pytest.fixture
def gc_state() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_a_publish_result_becomes_samples_with_the_collector_paused(gc_state: None) -> None:
    driver = _driver()
    batches: list[Sequence[Sample]] = []
    collector: list[bool] = []

    def listener(batch: Sequence[Sample]) -> None:
        batches.append(list(batch))
        collector.append(gc.isenabled())

    driver.add_sample_listener(listener)
    gc.enable()
    naive = WHEN.replace(tzinfo=None)
    driver._on_publish(
        driver._generation,
        _result(_item(1, 2.5), _item(2, 7, when=naive), _item(9, 1.0), _item(3, None, 0x808A0000)),
    )
    assert gc.isenabled()
    assert collector == [False]  # paused while the batch was handed out
    (batch,) = batches
    assert all(type(s) is Sample for s in batch)
    assert [s[:4] for s in batch] == [
        ("M1:a", 2.5, GOOD, WHEN),
        ("M1:b", 7, GOOD, WHEN),  # a naive source time is UTC
        ("M1:c", None, batch[2].quality, WHEN),  # an unknown handle (9) is dropped
    ]
    assert batch[2].quality.name == "BadNotConnected" and batch[2].point == "M1:c"
    assert driver._link.last("M1:a") == batch[0]


def test_a_paused_collector_stays_paused_and_a_failing_listener_changes_nothing(
    gc_state: None,
) -> None:
    driver = _driver()

    def failing(_batch: Sequence[Sample]) -> None:
        raise RuntimeError("a faulty consumer")

    driver.add_sample_listener(failing)
    gc.disable()
    driver._on_publish(driver._generation, _result(_item(1, 1.0)))
    assert not gc.isenabled()
    gc.enable()
    driver._on_publish(driver._generation, _result(_item(1, 2.0)))
    assert gc.isenabled()
    last = driver._link.last("M1:a")
    assert last is not None and last.value == 2.0
    driver._on_publish(driver._generation + 1, _result(_item(1, 3.0)))  # an old session's
    assert driver._link.last("M1:a") == last
