"""The store's recorded newest HLC never takes a time far ahead of this machine's clock.

It seeds the console's clock at start and after maintenance pulls; one PC whose clock is
years ahead must not leave a time there that every later look at it refuses (issue 6)."""

from __future__ import annotations

import time
from pathlib import Path

from models.incidents.hlc import MAX_AHEAD_MS, Hlc
from models.store import open_store
from models.store.sync_state import last_hlc, raise_hlc


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def test_a_time_far_ahead_is_not_recorded_and_the_recorded_one_stays(tmp_path: Path) -> None:
    with open_store(tmp_path / "console.db") as store:
        near = Hlc(now_ms() + 1_000, 3)
        with store.write() as connection:
            raise_hlc(connection, near)
        ten_years = Hlc(now_ms() + 10 * 365 * 86_400_000)
        with store.write() as connection:
            raise_hlc(connection, ten_years)
        assert last_hlc(store) == near
        just_inside = Hlc(now_ms() + MAX_AHEAD_MS - 60_000)
        with store.write() as connection:
            raise_hlc(connection, just_inside)
        assert last_hlc(store) == just_inside
