"""Shared plumbing for drivers: status, listeners and "never a stale Good" on link loss."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterable, Sequence

from .base import (
    BAD_NOT_CONNECTED,
    GOOD,
    LinkState,
    LinkStatus,
    Quality,
    Sample,
    SampleListener,
    StatusListener,
    Unsubscribe,
    Value,
)

_log = logging.getLogger(__name__)


class _Last:
    """The last sample of one point, its fields updated in place.

    Keeping the `Sample` itself would keep one tracked object per value change alive until
    the next: at thousands of changes a second they all aged into the collector's oldest
    generation and made its full collections frequent and long (bench/bench_ingest.py).
    """

    __slots__ = ("quality", "received", "source_time", "value")

    def __init__(self, sample: Sample) -> None:
        _, self.value, self.quality, self.source_time, self.received = sample

    def sample(self, point: str) -> Sample:
        return Sample(point, self.value, self.quality, self.source_time, self.received)


class Link:
    """Holds a driver's `LinkStatus`, its listeners and the last sample of each point.

    Listener exceptions are logged and swallowed: a faulty consumer must not kill a driver loop.
    """

    def __init__(self, points: Iterable[str], security: str = "") -> None:
        self.points: tuple[str, ...] = tuple(points)
        self._status = LinkStatus(LinkState.IDLE, None, None, security, time.monotonic())
        self._sample_listeners: list[SampleListener] = []
        self._status_listeners: list[StatusListener] = []
        self._last: dict[str, _Last] = {}

    @property
    def status(self) -> LinkStatus:
        return self._status

    def supervise(self, task: asyncio.Task[None]) -> None:
        """A driver loop must never end by itself: if it does, say so loudly."""

        def done(finished: asyncio.Task[None]) -> None:
            if finished.cancelled():
                return
            exc = finished.exception()
            reason = f"{type(exc).__name__}: {exc}" if exc else "ended"
            _log.error("driver loop %s stopped: %s", finished.get_name(), reason, exc_info=exc)
            self.set_status(LinkState.FAILED, f"driver stopped ({reason})", "driver_stopped")
            self.mark_all_bad(BAD_NOT_CONNECTED)

        task.add_done_callback(done)

    def set_status(
        self,
        state: LinkState,
        error: str | None = None,
        error_code: str | None = None,
        security: str | None = None,
    ) -> None:
        """Change the status; listeners hear of it only when something actually changed."""
        old = self._status
        sec = old.security if security is None else security
        if (old.state, old.error, old.error_code, old.security) == (state, error, error_code, sec):
            return
        since = old.since if old.state is state else time.monotonic()
        self._status = LinkStatus(state, error, error_code, sec, since)
        for cb in list(self._status_listeners):
            try:
                cb(self._status)
            except Exception:
                _log.exception("status listener failed")

    def add_sample_listener(self, cb: SampleListener) -> Unsubscribe:
        self._sample_listeners.append(cb)
        return lambda: self._remove(self._sample_listeners, cb)

    def add_status_listener(self, cb: StatusListener) -> Unsubscribe:
        self._status_listeners.append(cb)
        return lambda: self._remove(self._status_listeners, cb)

    @staticmethod
    def _remove(listeners: list[SampleListener] | list[StatusListener], cb: object) -> None:
        with contextlib.suppress(ValueError):
            listeners.remove(cb)  # type: ignore[arg-type]

    def publish(self, samples: Sequence[Sample]) -> None:
        """Remember and fan out a batch of samples (nothing for an empty batch)."""
        if not samples:
            return
        last = self._last
        for s in samples:
            kept = last.get(s.point)
            if kept is None:
                last[s.point] = _Last(s)
            else:
                _, kept.value, kept.quality, kept.source_time, kept.received = s
        for cb in list(self._sample_listeners):
            try:
                cb(samples)
            except Exception:
                _log.exception("sample listener failed")

    def mark_all_bad(self, quality: Quality = BAD_NOT_CONNECTED) -> None:
        """Tell listeners every point is now `quality`, unless it already says exactly that."""
        now = time.monotonic()
        batch = [
            bad_sample(p, quality, now)
            for p in self.points
            if p not in self._last or self._last[p].quality != quality
        ]
        self.publish(batch)

    def current(self, points: Sequence[str] | None = None) -> list[Sample]:
        """Last known samples (a Bad placeholder for a point never read)."""
        now = time.monotonic()
        wanted = self.points if points is None else points
        last = self._last
        return [
            last[p].sample(p) if p in last else bad_sample(p, BAD_NOT_CONNECTED, now)
            for p in wanted
        ]

    def last(self, point: str) -> Sample | None:
        """The last sample of `point`, None before the first."""
        kept = self._last.get(point)
        return None if kept is None else kept.sample(point)


def bad_sample(point: str, quality: Quality, received: float | None = None) -> Sample:
    """A sample with no value and a Bad quality."""
    when = time.monotonic() if received is None else received
    return Sample(point, None, quality, None, when)


def good_sample(point: str, value: Value, received: float | None = None) -> Sample:
    when = time.monotonic() if received is None else received
    return Sample(point, value, GOOD, None, when)
