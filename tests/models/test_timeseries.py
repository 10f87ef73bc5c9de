"""TagHistory: bounded memory, spikes kept through thinning, monotonic times."""

from __future__ import annotations

import math
from itertools import accumulate

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.timeseries import TagHistory

Point = tuple[float, float]

values = st.one_of(
    st.integers(-5, 5).map(float),  # ties between min and max
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
)


@st.composite
def histories(draw: st.DrawFn) -> tuple[int, float, int, list[Point]]:
    raw_cap = draw(st.integers(1, 12))
    bucket_s = draw(st.sampled_from([0.5, 1.0, 2.5]))
    bucket_cap = draw(st.integers(1, 8))
    steps = draw(st.lists(st.floats(0.0, 2.0), max_size=80))
    vals = draw(st.lists(values, min_size=len(steps), max_size=len(steps)))
    times = list(accumulate(steps, initial=draw(st.floats(0, 1e9))))[1:]
    return raw_cap, bucket_s, bucket_cap, list(zip(times, vals, strict=True))


def filled(raw_cap: int, bucket_s: float, bucket_cap: int, points: list[Point]) -> TagHistory:
    history = TagHistory(raw_cap, bucket_s, bucket_cap)
    for t, v in points:
        history.append(t, v)
    return history


def oracle(
    raw_cap: int, bucket_s: float, bucket_cap: int, points: list[Point]
) -> tuple[list[list[Point]], list[Point]]:
    """What should be kept: the buckets (all their points) and the raw tail."""
    cut = max(0, len(points) - raw_cap)
    groups: dict[int, list[Point]] = {}
    for t, v in points[:cut]:
        groups.setdefault(math.floor(t / bucket_s), []).append((t, v))
    return list(groups.values())[-bucket_cap:], points[cut:]


def expected_window(
    buckets: list[list[Point]], raw: list[Point], t0: float, t1: float
) -> tuple[list[float], list[float]]:
    times: list[float] = []
    vals: list[float] = []
    for bucket in buckets:
        first_t, last_t = bucket[0][0], bucket[-1][0]
        if last_t < t0 or first_t > t1:
            continue
        bucket_values = [v for _, v in bucket]
        lo, hi = min(bucket_values), max(bucket_values)
        min_first = bucket_values.index(lo) <= bucket_values.index(hi)
        times += [first_t, last_t]
        vals += [lo, hi] if min_first else [hi, lo]
    for t, v in raw:
        if t0 <= t <= t1:
            times.append(t)
            vals.append(v)
    return times, vals


@settings(max_examples=200)
@given(histories())
def test_whole_history_matches_oracle(case: tuple[int, float, int, list[Point]]) -> None:
    history = filled(*case)
    buckets, raw = oracle(*case)
    times, vals = history.window(-math.inf, math.inf)
    want_t, want_v = expected_window(buckets, raw, -math.inf, math.inf)
    assert times.tolist() == want_t
    assert vals.tolist() == want_v
    assert len(history) == len(want_t)


@settings(max_examples=200)
@given(histories(), st.floats(0, 1.0), st.floats(0, 1.0))
def test_window_keeps_true_min_and_max(
    case: tuple[int, float, int, list[Point]], a: float, b: float
) -> None:
    """Any window: exactly the overlapping buckets' true min/max and the raw points in it."""
    history = filled(*case)
    points = case[3]
    if not points:
        assert history.window(0, 1)[0].size == 0
        return
    start, end = points[0][0], points[-1][0]
    t0 = start + (end - start) * min(a, b)
    t1 = start + (end - start) * max(a, b)
    times, vals = history.window(t0, t1)
    assert (times.tolist(), vals.tolist()) == expected_window(*oracle(*case), t0, t1)
    assert np.all(np.diff(times) >= 0)
    oldest = (history.span() or (0.0, 0.0))[0]
    kept = [v for t, v in points if t0 <= t <= t1 and t >= oldest]
    if kept:  # spikes are never lost
        assert vals.max() >= max(kept)
        assert vals.min() <= min(kept)


@settings(max_examples=200)
@given(histories())
def test_memory_is_fixed_whatever_is_appended(case: tuple[int, float, int, list[Point]]) -> None:
    raw_cap, bucket_s, bucket_cap, _ = case
    empty = TagHistory(raw_cap, bucket_s, bucket_cap).nbytes
    history = filled(*case)
    assert history.nbytes == empty == raw_cap * 16 + bucket_cap * 33
    assert len(history) <= raw_cap + 2 * bucket_cap


def test_default_bound_and_a_full_shift_at_10_hz() -> None:
    history = TagHistory()
    assert history.nbytes == 160_576 < 200_000
    rng = np.random.default_rng(7)
    noise = rng.normal(2.0, 0.3, 8 * 3600 * 10)
    noise[123_456] = 9.9  # one spike, early in the shift
    for k, v in enumerate(noise):
        history.append(1_700_000_000 + k / 10, float(v))
    assert history.nbytes == 160_576
    oldest, newest = history.span() or (0.0, 0.0)
    assert newest - oldest > 7.9 * 3600
    times, vals = history.window(oldest, newest)
    assert vals.max() == 9.9
    assert vals.min() == noise.min()
    assert np.all(np.diff(times) >= 0)


def test_memory_bounded_after_100k_appends() -> None:
    history = TagHistory(raw_capacity=1000, bucket_s=1.0, bucket_capacity=500)
    before = history.nbytes
    for k in range(100_000):
        history.append(k * 0.1, math.sin(k / 50))
    assert history.nbytes == before
    assert len(history) == 1000 + 2 * 500
    assert history.appended == 100_000


def test_times_going_back_are_clamped_and_non_finite_ignored() -> None:
    history = TagHistory(4, 1.0, 4)
    history.append(10.0, 1.0)
    history.append(9.0, 2.0)
    history.append(11.0, math.nan)
    history.append(math.inf, 3.0)
    times, vals = history.window(0, 100)
    assert times.tolist() == [10.0, 10.0]
    assert vals.tolist() == [1.0, 2.0]
    assert history.last == (10.0, 2.0)


def test_empty_history() -> None:
    history = TagHistory(4, 1.0, 4)
    assert len(history) == 0
    assert history.last is None and history.span() is None
    times, vals = history.window(-math.inf, math.inf)
    assert times.size == vals.size == 0


@pytest.mark.parametrize("args", [(0, 1.0, 1), (1, 0.0, 1), (1, 1.0, 0), (1, math.nan, 1)])
def test_rejects_nonsense_sizes(args: tuple[int, float, int]) -> None:
    with pytest.raises(ValueError):
        TagHistory(*args)
