"""Hybrid logical clock: monotonic under a clock going backwards, after any remote."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.incidents.hlc import COUNTER_MAX, Hlc, HlcClock


def test_text_form_sorts_like_the_value() -> None:
    values = [Hlc(5, 2), Hlc(1_732_290_000_000, 3), Hlc(5, 10), Hlc(40, 0)]
    assert sorted(values) == sorted(values, key=str)
    assert str(Hlc(1_732_290_000_000, 3)) == "0001732290000000-0003"
    assert Hlc.parse("0001732290000000-0003") == Hlc(1_732_290_000_000, 3)


@pytest.mark.parametrize("text", ["", "1732290000000-0003", "0001732290000000-3", "x" * 21])
def test_parse_rejects_other_shapes(text: str) -> None:
    with pytest.raises(ValueError, match="HLC"):
        Hlc.parse(text)


def test_tick_follows_the_wall_clock() -> None:
    now = [1000]
    clock = HlcClock(lambda: now[0])
    assert clock.tick() == Hlc(1000, 0)
    assert clock.tick() == Hlc(1000, 1)
    now[0] = 2000
    assert clock.tick() == Hlc(2000, 0)


def test_clock_going_backwards_keeps_counting_from_the_last_value() -> None:
    now = [10_000]
    clock = HlcClock(lambda: now[0])
    first = clock.tick()
    now[0] = 4_000  # NTP step back by 6 s
    assert clock.tick() == Hlc(10_000, 1)
    assert clock.tick() == Hlc(10_000, 2)
    now[0] = 10_001
    assert clock.tick() == Hlc(10_001, 0) > first


def test_observe_moves_past_a_remote_ahead_of_us() -> None:
    clock = HlcClock(lambda: 1000)
    remote = Hlc(5000, 7)
    assert clock.observe(remote) == Hlc(5000, 8)
    assert clock.tick() == Hlc(5000, 9)


def test_counter_overflow_carries_into_the_wall_time() -> None:
    clock = HlcClock(lambda: 0, last=Hlc(7, COUNTER_MAX))
    assert clock.tick() == Hlc(8, 0)


def test_restart_continues_after_the_persisted_value() -> None:
    clock = HlcClock(lambda: 100, last=Hlc(900, 4))
    assert clock.tick() == Hlc(900, 5)


steps = st.lists(
    st.tuples(
        st.integers(-10_000, 10_000),  # wall clock jump (also backwards)
        st.none() | st.tuples(st.integers(0, 40_000), st.integers(0, COUNTER_MAX)),
    ),
    max_size=60,
)


@given(steps)
def test_every_stamp_is_later_than_everything_seen_before(
    moves: list[tuple[int, tuple[int, int] | None]],
) -> None:
    now = [20_000]
    clock = HlcClock(lambda: now[0])
    seen = Hlc(0, 0)
    for jump, remote in moves:
        now[0] = max(0, now[0] + jump)
        if remote is None:
            stamp = clock.tick()
        else:
            stamp = clock.observe(Hlc(*remote))
            assert stamp > Hlc(*remote)
        assert stamp > seen
        assert stamp.wall_ms >= now[0]
        seen = max(seen, stamp)
