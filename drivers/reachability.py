"""Reachability: is a host there, and how fast does it answer?

With ports configured the health answer comes from a TCP connect (ICMP answers for any
loopback address even when a simulated switch is down, and a PLC's IP stack may answer ping
while its protocol task is dead). Without ports, ICMP echo where the OS allows it.

The driver's probes wait for an answer as long as the target's measured round trips say
(drivers/rtt.py: SRTT + max(4 RTTVAR, `min_timeout_s`), at most `timeout_s`), so a dead
switch on a fast LAN is reported within a quarter of a second instead of a full timeout.
A probe that is not answered by then counts as failed at once, but its attempt goes on
until `timeout_s`: an answer that comes late still makes the target reachable again
straight away and teaches the estimator, so a target that merely became slower is failed
once, for less than `timeout_s` minus that wait (0.75 s at the demo's 1 s timeout: shorter
than auto-raise's 1.5 s settle time, so no incident), not again and again.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from . import icmp
from .backoff import Backoff
from .base import (
    BAD_NOT_CONNECTED,
    GOOD,
    DeviceIdentity,
    LinkState,
    LinkStatus,
    Sample,
    SampleListener,
    StatusListener,
    Unsubscribe,
)
from .config import ReachConfig
from .errors import describe, quality_for, seconds
from .link import Link, bad_sample
from .rtt import RttEstimator, soft_deadline
from .tasks import stop_task

Method = Literal["icmp", "tcp", "none"]
POINTS = ("reachable", "rtt_ms", "method")


@dataclass(frozen=True)
class ProbeResult:
    host: str
    reachable: bool
    method: Method
    rtt_ms: float | None
    port: int | None = None
    error: str | None = None
    error_code: str | None = None


async def tcp_connect(host: str, port: int, timeout_s: float) -> float:
    """Round-trip ms of a TCP connect (closed again at once)."""
    start = time.perf_counter()
    _reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout_s)
    rtt = (time.perf_counter() - start) * 1000.0
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return rtt


async def probe(host: str, ports: Sequence[int] = (), timeout: float = 1.0) -> ProbeResult:  # noqa: ASYNC109
    """One bounded probe: TCP connect to each port in turn (first answer wins), else ICMP."""
    if ports:
        last = ("no port tried", "error")
        for port in ports:
            try:
                rtt = await tcp_connect(host, port, timeout)
            except (OSError, TimeoutError) as exc:
                msg, code = describe(exc, timeout)
                last = (f"TCP {port}: {msg}", code)
                continue
            return ProbeResult(host, True, "tcp", rtt, port)
        return ProbeResult(host, False, "tcp", None, None, *last)
    try:
        rtt = await icmp.echo(host, timeout)
    except icmp.IcmpUnavailable as exc:
        return ProbeResult(host, False, "none", None, None, str(exc), "unsupported")
    except (OSError, TimeoutError) as exc:
        msg, code = describe(exc, timeout)
        return ProbeResult(host, False, "icmp", None, None, f"ICMP echo: {msg}", code)
    return ProbeResult(host, True, "icmp", rtt)


class ReachabilityDriver:
    """Probes a host every `interval_ms`; points "reachable" (bool), "rtt_ms", "method"."""

    def __init__(self, config: ReachConfig, *, min_interval_ms: int = 0) -> None:
        self.config = config
        self._interval_s = max(config.interval_ms, min_interval_ms) / 1000.0
        self._link = Link(POINTS, "None (probe)")
        self._task: asyncio.Task[None] | None = None
        self.last_probe: ProbeResult | None = None
        self.rtt = RttEstimator(config.timeout_s, config.min_timeout_s)

    @property
    def status(self) -> LinkStatus:
        return self._link.status

    @property
    def identity(self) -> DeviceIdentity | None:
        return None

    def add_sample_listener(self, cb: SampleListener) -> Unsubscribe:
        return self._link.add_sample_listener(cb)

    def add_status_listener(self, cb: StatusListener) -> Unsubscribe:
        return self._link.add_status_listener(cb)

    async def start(self) -> None:
        if self._task is None:
            self._link.set_status(LinkState.CONNECTING)
            self._task = asyncio.create_task(self._run(), name=f"reach {self.config.host}")
            self._link.supervise(self._task)

    async def close(self) -> None:
        if self._task is not None:
            await stop_task(self._task)
            self._task = None
        self._link.set_status(LinkState.CLOSED)
        self._link.mark_all_bad(BAD_NOT_CONNECTED)

    async def read(self, points: Sequence[str] | None = None) -> list[Sample]:
        result = await probe(self.config.host, self.config.ports, self.config.timeout_s)
        samples = self._samples(result)
        wanted = POINTS if points is None else points
        return [s for s in samples if s.point in wanted]

    def _samples(self, result: ProbeResult) -> list[Sample]:
        now = time.monotonic()
        rtt = (
            Sample("rtt_ms", round(result.rtt_ms, 3), GOOD, None, now)
            if result.rtt_ms is not None
            else bad_sample("rtt_ms", quality_for(result.error_code or "error"), now)
        )
        return [
            Sample("reachable", result.reachable, GOOD, None, now),
            rtt,
            Sample("method", result.method, GOOD, None, now),
        ]

    async def _run(self) -> None:
        backoff = Backoff(initial=self._interval_s, cap=max(self._interval_s, 30.0))
        while True:
            result = await self._probe()
            if result.reachable:
                backoff.reset()
                delay = self._interval_s
            else:
                delay = min(self._interval_s, backoff.next_delay())
            await asyncio.sleep(delay)

    async def _probe(self) -> ProbeResult:
        """One probe: failed once `rtt.timeout()` passes unanswered, yet listening on till
        `timeout_s` for a late answer, which is reported as soon as it comes (module doc).
        The final result is returned."""
        config = self.config
        result, early, round_trip = await soft_deadline(
            probe(config.host, config.ports, config.timeout_s),
            self.rtt,
            config.timeout_s,
            lambda wait_s: self._report(self._unanswered(wait_s)),
        )
        if result.reachable and round_trip is not None:
            self.rtt.answered(round_trip)
        if not early or result.reachable or result.error_code != "timeout":
            self._report(result)  # a late answer (or a late refusal) is news
        return result

    def _unanswered(self, wait_s: float) -> ProbeResult:
        ports = self.config.ports
        via = f"TCP {','.join(map(str, ports))}" if ports else "ICMP echo"
        error = f"{via}: no answer within {seconds(round(wait_s, 3))} s"
        return ProbeResult(
            self.config.host, False, "tcp" if ports else "icmp", None, None, error, "timeout"
        )

    def _report(self, result: ProbeResult) -> None:
        self.last_probe = result
        self._link.publish(self._samples(result))
        if result.reachable:
            self._link.set_status(LinkState.CONNECTED)
        else:
            self._link.set_status(LinkState.RECONNECTING, result.error, result.error_code)
