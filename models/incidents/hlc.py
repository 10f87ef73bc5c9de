"""Hybrid logical clock: wall milliseconds plus a counter, so causality survives clock skew.

An `Hlc` never goes backwards on one console, even when the PC clock does, and an
event written after seeing a remote event always sorts after it. The text form
("0001732290000000-0003") sorts like the value, so stores and the server can order
by a plain string column.

A remote time far ahead of this PC's wall clock (more than `max_ahead_ms`, default
`MAX_AHEAD_MS`) is not adopted: one PC whose clock is years ahead would otherwise drag
every clock that saw its events along. Such an event is still kept and ordered by its
own HLC; the clock says so in the log once.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

COUNTER_MAX = 9999
MAX_AHEAD_MS = 5 * 60_000
"""A remote HLC more than this ahead of the local wall clock is not adopted (the
server flags events this far ahead: `clock_ahead_ms`)."""
log = logging.getLogger("plantconsole.hlc")
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
    """One console's clock. `now_ms` is injectable; `last` restores it after a restart
    (not when it is more than `max_ahead_ms` ahead of `now_ms`: the store keeps the
    newest HLC it has seen, a remote one too)."""

    def __init__(
        self,
        now_ms: Callable[[], int] = system_ms,
        last: Hlc | None = None,
        max_ahead_ms: int = MAX_AHEAD_MS,
    ) -> None:
        self._now_ms = now_ms
        self.max_ahead_ms = max_ahead_ms
        self.refused = 0  # remote times not adopted, being too far ahead
        self._last = Hlc(0, 0)
        if last is not None and not self._too_far_ahead(last, now_ms()):
            self._last = last

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
        """Take in a received event's HLC; returns the clock's new value: > remote, unless
        remote is more than `max_ahead_ms` ahead of the wall clock (then not adopted)."""
        physical = Hlc(self._now_ms(), 0)
        newest = (
            self._last if self._too_far_ahead(remote, physical.wall_ms) else max(self._last, remote)
        )
        self._last = physical if physical > newest else newest.successor()
        return self._last

    def observe_newest(self, remotes: Iterable[Hlc]) -> Hlc:
        """`observe` the newest of `remotes` that is not too far ahead (a page of events:
        one from a PC years ahead must not keep the clock from taking in the others)."""
        hlcs = list(remotes)
        if not hlcs:
            return self._last
        newest, now = max(hlcs), self._now_ms()
        if self._too_far_ahead(newest, now):  # rare: then look at the others
            fair = [h for h in hlcs if h.wall_ms - now <= self.max_ahead_ms]
            if not fair:
                return self._last
            newest = max(fair)
        return self.observe(newest)

    def _too_far_ahead(self, remote: Hlc, now_ms: int) -> bool:
        if remote.wall_ms - now_ms <= self.max_ahead_ms:
            return False
        self.refused += 1
        if self.refused == 1:  # once: every event of such a PC would say it again
            log.warning(
                "a time %d min ahead of this clock (HLC %s) is not adopted: some PC's clock "
                "is wrong; its events are kept, ordered by their own times",
                (remote.wall_ms - now_ms) // 60_000,
                remote,
            )
        return True
