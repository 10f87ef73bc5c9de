"""FakeDriver: the Driver protocol in memory, for fast unit tests of the monitor.

Tests set values, qualities and link states; the fake pushes them to listeners exactly as a
real driver would, including the Bad samples a real one sends when its link goes down.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime

from .base import (
    BAD_NOT_CONNECTED,
    BAD_TIMEOUT,
    GOOD,
    DeviceIdentity,
    LinkState,
    LinkStatus,
    Quality,
    Sample,
    SampleListener,
    StatusListener,
    Unsubscribe,
    Value,
)
from .link import Link


class FakeDriver:
    def __init__(
        self,
        points: Sequence[str] = (),
        *,
        security: str = "None (unencrypted)",
        identity: DeviceIdentity | None = None,
        connect_on_start: bool = True,
    ) -> None:
        self._link = Link(points, security)
        self._identity = identity
        self._connect_on_start = connect_on_start
        self.started = False
        self.closed = False
        self.reads: list[Sequence[str] | None] = []

    @property
    def status(self) -> LinkStatus:
        return self._link.status

    @property
    def identity(self) -> DeviceIdentity | None:
        return self._identity

    @property
    def points(self) -> tuple[str, ...]:
        return self._link.points

    def add_sample_listener(self, cb: SampleListener) -> Unsubscribe:
        return self._link.add_sample_listener(cb)

    def add_status_listener(self, cb: StatusListener) -> Unsubscribe:
        return self._link.add_status_listener(cb)

    async def start(self) -> None:
        self.started = True
        self._link.set_status(LinkState.CONNECTING)
        if self._connect_on_start:
            self._link.set_status(LinkState.CONNECTED)

    async def close(self) -> None:
        self.closed = True
        self.set_link_state(LinkState.CLOSED)

    async def read(self, points: Sequence[str] | None = None) -> list[Sample]:
        self.reads.append(points)
        if self._link.status.state is not LinkState.CONNECTED:
            now = time.monotonic()
            wanted = self._link.points if points is None else points
            return [Sample(p, None, BAD_NOT_CONNECTED, None, now) for p in wanted]
        return self._link.current(points)

    # -- test controls ---------------------------------------------------------------------

    def set_identity(self, identity: DeviceIdentity | None) -> None:
        self._identity = identity

    def set_value(
        self,
        point: str,
        value: Value,
        quality: Quality = GOOD,
        source_time: datetime | None = None,
    ) -> Sample:
        """Push one sample to the listeners (and remember it for `read()`)."""
        sample = Sample(point, value, quality, source_time, time.monotonic())
        if point not in self._link.points:
            self._link.points = (*self._link.points, point)
        self._link.publish([sample])
        return sample

    def set_values(self, values: dict[str, Value], quality: Quality = GOOD) -> None:
        """Push several points as one batch, as a publish response would."""
        now = time.monotonic()
        self._link.publish([Sample(p, v, quality, None, now) for p, v in values.items()])

    def set_quality(self, point: str, quality: Quality) -> Sample:
        """Same value as last time, new quality."""
        last = self._link.last(point)
        return self.set_value(point, None if last is None else last.value, quality)

    def set_link_state(
        self, state: LinkState, error: str | None = None, error_code: str | None = None
    ) -> None:
        """Change the link; leaving CONNECTED sends Bad samples for every point."""
        self._link.set_status(state, error, error_code)
        if state is not LinkState.CONNECTED:
            self._link.mark_all_bad(BAD_TIMEOUT if error_code == "timeout" else BAD_NOT_CONNECTED)
