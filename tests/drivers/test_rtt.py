"""The adaptive probe wait (drivers/rtt.py): RFC 6298 arithmetic, clamped, backed off."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.rtt import RttEstimator

CAP = 1.0
FLOOR = 0.25
rtts = st.floats(min_value=0.0, max_value=5.0, allow_nan=False)
events = st.lists(st.one_of(rtts, st.none()), max_size=60)  # None: a timeout


def test_before_any_answer_the_configured_timeout() -> None:
    est = RttEstimator(CAP, FLOOR)
    assert est.timeout() == CAP
    est.timed_out()
    assert est.timeout() == CAP  # nothing to back off from


def test_first_answer_sets_srtt_and_half_of_it_as_variation() -> None:
    est = RttEstimator(CAP, FLOOR)
    est.answered(0.1)
    assert est.srtt == pytest.approx(0.1) and est.rttvar == pytest.approx(0.05)
    assert est.timeout() == pytest.approx(0.35)  # 0.1 + max(4 * 0.05, 0.25)
    est = RttEstimator(CAP, 0.05)
    est.answered(0.1)
    assert est.timeout() == pytest.approx(0.3)  # 0.1 + 4 * 0.05


def test_fast_lan_waits_about_the_floor() -> None:
    est = RttEstimator(CAP, FLOOR)
    est.answered(0.0001)
    assert est.timeout() == pytest.approx(FLOOR, abs=0.001)


def test_slow_target_is_clamped_to_the_cap() -> None:
    est = RttEstimator(CAP, FLOOR)
    est.answered(0.8)
    assert est.timeout() == CAP


def test_constant_round_trips_converge() -> None:
    est = RttEstimator(CAP, 0.01)
    est.answered(0.5)
    for _ in range(200):
        est.answered(0.1)
    assert est.srtt == pytest.approx(0.1, rel=1e-3)
    assert est.rttvar == pytest.approx(0.0, abs=1e-3)
    assert est.timeout() == pytest.approx(0.11, rel=0.05)  # SRTT + the floor as margin


def test_a_steady_slow_target_keeps_the_floor_as_margin() -> None:
    """RTTVAR tends to 0 at a constant round trip: the floor keeps the wait clear of it."""
    est = RttEstimator(CAP, FLOOR)
    for _ in range(200):
        est.answered(0.4)
    assert est.timeout() == pytest.approx(0.65, abs=0.001)


def test_a_timeout_doubles_the_next_wait_and_an_answer_ends_that() -> None:
    est = RttEstimator(CAP, FLOOR)
    est.answered(0.001)
    srtt, rttvar, first = est.srtt, est.rttvar, est.timeout()
    est.timed_out()
    assert est.timeout() == pytest.approx(2 * first)
    est.timed_out()
    est.timed_out()
    assert est.timeout() == CAP
    assert (est.srtt, est.rttvar) == (srtt, rttvar)  # a timeout is no measurement
    est.answered(0.001)
    assert est.timeout() == pytest.approx(FLOOR, abs=0.002)


def test_a_jump_from_1_ms_to_400_ms_is_followed_after_one_answer() -> None:
    """The first slow probe outlives the floor (the driver reports it failed, then its
    late answer); from the next probe on the wait covers the new round trip."""
    est = RttEstimator(CAP, FLOOR)
    for _ in range(50):
        est.answered(0.001)
    assert est.timeout() == pytest.approx(FLOOR, abs=0.002)
    est.timed_out()
    est.answered(0.4)  # the late answer of the same attempt
    for _ in range(20):
        assert est.timeout() > 0.4
        est.answered(0.4)


@given(events, st.floats(min_value=0.01, max_value=2.0), st.floats(min_value=0.05, max_value=5.0))
def test_the_wait_stays_between_floor_and_cap(
    seq: list[float | None], floor: float, cap: float
) -> None:
    est = RttEstimator(cap, floor)
    for rtt in seq:
        if rtt is None:
            est.timed_out()
        else:
            est.answered(rtt)
        assert min(floor, cap) <= est.timeout() <= cap


@given(events, st.lists(rtts, min_size=1, max_size=20))
def test_timeouts_leave_nothing_behind_once_answered(
    seq: list[float | None], after: list[float]
) -> None:
    """Timeouts in between change nothing once the next answer comes: no lasting inflation."""
    with_timeouts, answers_only = RttEstimator(CAP, FLOOR), RttEstimator(CAP, FLOOR)
    for rtt in seq:
        if rtt is None:
            with_timeouts.timed_out()
        else:
            with_timeouts.answered(rtt)
            answers_only.answered(rtt)
    for rtt in after:
        with_timeouts.answered(rtt)
        answers_only.answered(rtt)
    assert with_timeouts.timeout() == answers_only.timeout()
