"""How long to wait for a probe's answer, from the round trips measured so far.

RFC 6298 style, per target: a smoothed round trip (SRTT) and its variation (RTTVAR) from
answered probes; the wait is SRTT + max(4 * RTTVAR, `floor_s`), never above the configured
timeout (`cap_s`). The floor is a margin above SRTT (RFC 6298's G term, Linux's rto_min),
not only a least wait: a target answering in a steady 400 ms drives RTTVAR towards 0, and
clamp(SRTT + 4 * RTTVAR, floor, cap) then failed its next answer that came 50 ms late
(tests/integration/test_adaptive_timeout_netns.py). On a LAN (SRTT well under a
millisecond) the wait is the floor. Before the first answer the configured timeout is used.
A probe that got no answer in time doubles the next wait (RFC 6298 5.5) up to the cap, and
the next answer ends that at once: a timeout never changes SRTT or RTTVAR.

The estimator is pure arithmetic, no clock and no I/O: the driver measures and reports.

Deadlines are judged in time the event loop was running (`stalled`, `wait_running`). The
drivers share one thread with Qt: a GUI stall delays every callback, and a deadline's timer
then runs in the same loop pass as the I/O that read the answer, before the driver took it.
A deadline callback that runs more than `STALL_SLACK_S` after its time found the loop
stalled: it waits once more for the slack (a pass to take replies) instead of acting, and
a round trip measured across that stall is no sample of the target's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

ALPHA = 1 / 8  # weight of a new round trip in SRTT (RFC 6298 2.3)
BETA = 1 / 4  # weight of a new deviation in RTTVAR
K = 4  # RTTVARs of margin above SRTT
DEFAULT_FLOOR_S = 0.25
STALL_SLACK_S = 0.05
"""How late a deadline's callback may run before the loop counts as having stalled."""


def stalled(due: float, now: float) -> bool:
    """A deadline due at `due` (loop time) whose callback runs at `now` was delayed by a
    loop stall: give the loop a pass (wait `STALL_SLACK_S` more) before acting on it."""
    return now - due > STALL_SLACK_S


async def wait_running(aw: asyncio.Future[Any], timeout_s: float) -> bool:
    """Wait for `aw` (never cancelled here) up to `timeout_s` of running loop time: when
    the wait ends unanswered past its time by more than the slack, the loop stalled and it
    waits once more for `STALL_SLACK_S`. True when the loop was late (the round trip is
    no sample); the caller sees from `aw.done()` whether the answer came."""
    loop = asyncio.get_running_loop()
    due = loop.time() + timeout_s
    await asyncio.wait((aw,), timeout=timeout_s)
    late = stalled(due, loop.time())
    if aw.done() or not late:
        return late
    await asyncio.wait((aw,), timeout=STALL_SLACK_S)
    return True


async def soft_deadline(
    request: Awaitable[T], rtt: RttEstimator, cap_s: float, overdue: Callable[[float], None]
) -> tuple[T, bool, float | None]:
    """Await `request` (bounded by its own `cap_s` timeout), calling `overdue(wait_s)` and
    backing off `rtt` once it is unanswered past `rtt.timeout()` in running loop time; it is
    still awaited to the end (a late answer is news). Returns its result, whether it was
    overdue, and its round trip (None across a loop stall: no sample). The request's
    exception propagates; it is cancelled if this is."""
    loop = asyncio.get_running_loop()
    wait_s = rtt.timeout()
    started = loop.time()
    answered: list[float] = []
    attempt = asyncio.ensure_future(request)
    attempt.add_done_callback(lambda _f: answered.append(loop.time()))
    was_overdue = late = False
    try:
        if wait_s < cap_s:
            late = await wait_running(attempt, wait_s)
            if not attempt.done():
                was_overdue = True
                rtt.timed_out()
                overdue(wait_s)
        result = await attempt
    finally:
        attempt.cancel()
    round_trip = None if late else (answered[0] if answered else loop.time()) - started
    return result, was_overdue, round_trip


@dataclass
class RttEstimator:
    """SRTT and RTTVAR of one target, in seconds; `timeout()` is the next probe's wait."""

    cap_s: float
    floor_s: float = DEFAULT_FLOOR_S
    srtt: float | None = field(default=None, init=False)
    rttvar: float = field(default=0.0, init=False)
    backoffs: int = field(default=0, init=False)
    """Timeouts since the last answer (each doubles the next wait, up to the cap)."""

    def timeout(self) -> float:
        """The wait for the next probe's answer: at least SRTT + floor, at most the cap."""
        if self.srtt is None:
            return self.cap_s
        base = self.srtt + max(self.floor_s, K * self.rttvar)
        return min(self.cap_s, base * 2.0**self.backoffs)

    def answered(self, rtt_s: float) -> None:
        """A probe answered after `rtt_s` (a late answer counts too: it is no retry)."""
        r = max(0.0, rtt_s)
        if self.srtt is None:
            self.srtt, self.rttvar = r, r / 2
        else:
            self.rttvar = (1 - BETA) * self.rttvar + BETA * abs(self.srtt - r)
            self.srtt = (1 - ALPHA) * self.srtt + ALPHA * r
        self.backoffs = 0

    def timed_out(self) -> None:
        """A probe got no answer within `timeout()`: back off the next wait (up to the cap)."""
        if self.srtt is not None and self.timeout() < self.cap_s:
            self.backoffs += 1
