"""The HLC's drift bound: a remote time far ahead of the wall clock is not adopted."""

from __future__ import annotations

import logging

import pytest

from models.incidents.hlc import MAX_AHEAD_MS, Hlc, HlcClock

NOW = 1_800_000_000_000
DECADE = 10 * 365 * 24 * 3600 * 1000


def test_a_remote_within_the_bound_is_adopted() -> None:
    clock = HlcClock(lambda: NOW)
    remote = Hlc(NOW + MAX_AHEAD_MS, 3)
    assert clock.observe(remote) == Hlc(NOW + MAX_AHEAD_MS, 4)
    assert clock.refused == 0


def test_a_remote_a_decade_ahead_is_not_adopted_and_said_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = HlcClock(lambda: NOW)
    with caplog.at_level(logging.WARNING, logger="plantconsole.hlc"):
        for n in range(3):
            clock.observe(Hlc(NOW + DECADE, n))
    assert clock.tick().wall_ms == NOW
    assert clock.refused == 3
    (said,) = [r for r in caplog.records if r.name == "plantconsole.hlc"]
    assert "not adopted" in said.getMessage()


def test_a_page_with_one_far_ahead_event_still_adopts_the_others() -> None:
    clock = HlcClock(lambda: NOW)
    clock.observe_newest([Hlc(NOW + DECADE), Hlc(NOW + 60_000, 2), Hlc(NOW - 5)])
    assert clock.tick() == Hlc(NOW + 60_000, 4)
    assert HlcClock(lambda: NOW).observe_newest([Hlc(NOW + DECADE)]) == Hlc(0, 0)
    assert HlcClock(lambda: NOW).observe_newest([]) == Hlc(0, 0)


def test_a_persisted_value_far_ahead_is_not_restored() -> None:
    """The store keeps the newest HLC it saw, a remote one too."""
    assert HlcClock(lambda: NOW, last=Hlc(NOW + DECADE)).tick() == Hlc(NOW, 0)
    assert HlcClock(lambda: NOW, last=Hlc(NOW + 1000, 4)).tick() == Hlc(NOW + 1000, 5)


def test_the_bound_is_a_setting() -> None:
    clock = HlcClock(lambda: NOW, max_ahead_ms=1000)
    assert clock.observe(Hlc(NOW + 1001)) == Hlc(NOW, 0)
    assert clock.observe(Hlc(NOW + 1000)) == Hlc(NOW + 1000, 1)
