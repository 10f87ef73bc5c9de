"""Reachability: is a host there, and how fast does it answer?

With ports configured the health answer comes from a TCP connect (ICMP answers for any
loopback address even when a simulated switch is down, and a PLC's IP stack may answer ping
while its protocol task is dead). Without ports, ICMP echo where the OS allows it.
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
from .errors import describe, quality_for
from .link import Link, bad_sample
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
            result = await probe(self.config.host, self.config.ports, self.config.timeout_s)
            self.last_probe = result
            self._link.publish(self._samples(result))
            if result.reachable:
                backoff.reset()
                self._link.set_status(LinkState.CONNECTED)
                delay = self._interval_s
            else:
                self._link.set_status(LinkState.RECONNECTING, result.error, result.error_code)
                delay = min(self._interval_s, backoff.next_delay())
            await asyncio.sleep(delay)
