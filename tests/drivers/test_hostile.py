"""Hostile answers: random Modbus replies and random registers never break the driver."""

from __future__ import annotations

import asyncio
import math
import struct

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.backoff import Backoff
from drivers.base import LinkState
from drivers.config import ModbusConfig, ModbusPointSpec
from drivers.modbus import ModbusDriver
from drivers.modbus_codec import decode_registers, plan

from .conftest import run
from .modbus_peer import RawModbusServer

TYPES = st.sampled_from(["bool", "int16", "uint16", "int32", "uint32", "float32"])
ORDERS = st.sampled_from(["big", "little"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    reply=st.one_of(
        st.binary(max_size=300),
        st.builds(  # a plausible MBAP header with a lying length and random body
            lambda tid, length, body: struct.pack(">HHHB", tid, 0, length, 1) + body,
            st.integers(0, 0xFFFF),
            st.integers(0, 300),
            st.binary(max_size=260),
        ),
    )
)
def test_random_reply_frames_give_bad_quality_never_raise(reply: bytes) -> None:
    async def main() -> None:
        raw = await RawModbusServer(lambda u, fc, p: None, raw=lambda _req: reply).start()
        cfg = ModbusConfig(
            "127.0.0.1",
            raw.port,
            1,
            (ModbusPointSpec("a", "holding", 0, "uint32"), ModbusPointSpec("c", "coil", 0, "bool")),
            poll_ms=20,
            timeout_s=0.15,
        )
        driver = ModbusDriver(cfg, backoff=Backoff(0.02, 0.05))
        seen = []
        driver.add_sample_listener(seen.extend)
        try:
            await driver.start()
            await asyncio.sleep(0.4)
            task = driver._task
            assert task is not None and not task.done()  # the loop survived
            status = driver.status
            assert status.state in (
                LinkState.CONNECTED,
                LinkState.RECONNECTING,
                LinkState.CONNECTING,
            )
            if status.state is not LinkState.CONNECTED:
                assert status.error and status.error_code
                assert all(s.quality.severity == "bad" for s in seen[-2:])
        finally:
            await driver.close()
            await raw.stop()

    run(main(), timeout=10)


@settings(max_examples=300, deadline=None)
@given(
    type_=TYPES,
    word=ORDERS,
    byte=ORDERS,
    scale=st.floats(allow_nan=True, allow_infinity=True),
    offset=st.floats(allow_nan=True, allow_infinity=True),
    registers=st.lists(st.integers(-5, 0x10005), max_size=4),
    address=st.integers(0, 4),
    start=st.integers(0, 4),
)
def test_decoder_never_raises(
    type_: str,
    word: str,
    byte: str,
    scale: float,
    offset: float,
    registers: list[int],
    address: int,
    start: int,
) -> None:
    spec = ModbusPointSpec("p", "holding", address, type_, word, byte, scale, offset)  # type: ignore[arg-type]
    value, quality = decode_registers(spec, registers, start)
    if quality.is_good:
        assert value is not None
        if isinstance(value, float):
            assert math.isfinite(value)
    else:
        assert value is None


@given(
    addresses=st.lists(st.integers(0, 65000), min_size=1, max_size=80),
    type_=TYPES,
    table=st.sampled_from(["holding", "input", "coil", "discrete"]),
)
def test_plan_covers_every_point_within_limits(
    addresses: list[int], type_: str, table: str
) -> None:
    specs = [ModbusPointSpec(f"p{i}", table, a, type_) for i, a in enumerate(addresses)]  # type: ignore[arg-type]
    blocks = plan(specs)
    limit = 2000 if table in ("coil", "discrete") else 125
    assert sorted(p.name for b in blocks for p in b.points) == sorted(s.name for s in specs)
    for b in blocks:
        assert 0 < b.count <= limit
        for p in b.points:
            assert b.start <= p.address < b.start + b.count
