"""Hybrid logical clock: wall milliseconds plus a counter, so causality survives clock skew.

An `Hlc` never goes backwards on one console, even when the PC clock does, and an
event written after seeing a remote event always sorts after it. The text form
("0001732290000000-0003") sorts like the value, so stores and the server can order
by a plain string column.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

COUNTER_MAX = 9999
_TEXT = re.compile(r"^(\d{16})-(\d{4})$")


@dataclass(frozen=True, order=True, slots=True)
class Hlc:
    """A point in hybrid logical time; compares by (wall_ms, counter)."""

    wall_ms: int
    counter: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.wall_ms < 10**16:
            raise ValueError(f"HLC wall time {self.wall_ms} ms is outside 0..10^16")
        if not 0 <= self.counter <= COUNTER_MAX:
            raise ValueError(f"HLC counter {self.counter} is outside 0..{COUNTER_MAX}")

    def __str__(self) -> str:
        return f"{self.wall_ms:016d}-{self.counter:04d}"

    @classmethod
    def parse(cls, text: str) -> Hlc:
        match = _TEXT.match(text)
        if match is None:
            raise ValueError(f"HLC {text!r} is not of the form '0001732290000000-0003'")
        return cls(int(match[1]), int(match[2]))

    def successor(self) -> Hlc:
        """The next HLC after this one (the counter carries into the wall time)."""
        if self.counter < COUNTER_MAX:
            return Hlc(self.wall_ms, self.counter + 1)
        return Hlc(self.wall_ms + 1, 0)


def system_ms() -> int:
    return time.time_ns() // 1_000_000


class HlcClock:
    """One console's clock. `now_ms` is injectable; `last` restores it after a restart."""

    def __init__(self, now_ms: Callable[[], int] = system_ms, last: Hlc | None = None) -> None:
        self._now_ms = now_ms
        self._last = last if last is not None else Hlc(0, 0)

    @property
    def last(self) -> Hlc:
        """The latest HLC handed out or observed (persist it to stay monotonic)."""
        return self._last

    def tick(self) -> Hlc:
        """An HLC for a local event: later than everything this clock has seen."""
        physical = Hlc(self._now_ms(), 0)
        self._last = physical if physical > self._last else self._last.successor()
        return self._last

    def observe(self, remote: Hlc) -> Hlc:
        """Take in a received event's HLC; returns the clock's new value (> remote)."""
        physical = Hlc(self._now_ms(), 0)
        newest = max(self._last, remote)
        self._last = physical if physical > newest else newest.successor()
        return self._last
