"""The change stream: a steady rate of value changes pushed into the fake drivers.

Runs as an asyncio task on the console's own loop, as real drivers deliver their
samples there. Every tick it pushes what the rate owes since the start (a stall
is followed by a burst, as a socket buffer would deliver). The mix:

- most changes are analog values moving inside their healthy band;
- `crossing_share` are limit crossings: a value goes past its warning (70%) or
  alarm (30%) limit, and comes back 1-3 s later (both count as changes);
- `link_share` are link changes: a driver's link drops (every point Bad, or a
  switch unreachable, so CIs behind it go IMPACTED) and returns 2-5 s later with
  fresh values;
- `probe_share` of the crossings go to CIs whose tree rows are on screen
  (`watched`), so that the repaint latency gets enough samples.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.gui_plant import Analog, FakePlant
from drivers.base import LinkState
from drivers.fake import FakeDriver

PushListener = Callable[[str, float], None]


@dataclass(frozen=True)
class Mix:
    rate: float = 5000.0  # changes per second
    crossing_share: float = 0.02
    link_share: float = 0.002
    probe_share: float = 0.2
    tick_s: float = 0.01


@dataclass
class Counts:
    in_band: int = 0
    crossing_out: int = 0
    crossing_back: int = 0
    link_down: int = 0
    link_up: int = 0
    samples: int = 0  # samples pushed (a link returning sends all of its points)
    on_screen: int = 0  # health-changing pushes to watched CIs

    @property
    def changes(self) -> int:
        return self.in_band + self.crossing_out + self.crossing_back + self.link_down + self.link_up


@dataclass(order=True)
class _Return:
    at: float
    seq: int
    ci: str = field(compare=False)
    driver: FakeDriver | None = field(compare=False, default=None)


class ChangeStream:
    def __init__(self, feed: FakePlant, mix: Mix, seed: int = 1) -> None:
        self.feed = feed
        self.mix = mix
        self.rng = random.Random(seed)
        self.counts = Counts()
        self.watched: set[str] = set()
        self.on_push: PushListener = lambda _ci, _t: None
        self._excursion: dict[str, Analog] = {}
        self._down: set[str] = set()  # CIs whose driver's link is down
        self._returns: list[_Return] = []
        self._seq = 0
        self._limited = sorted(feed.limited)
        self._monitored = sorted(feed.driver_of)
        self._task: asyncio.Task[None] | None = None
        self.elapsed_s = 0.0

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="bench change stream")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        start = time.perf_counter()
        probe_rate = self.mix.rate * self.mix.crossing_share / 2 * self.mix.probe_share
        sent = probes = 0
        while True:
            await asyncio.sleep(self.mix.tick_s)
            now = time.perf_counter()
            self.elapsed_s = now - start
            owed = int(self.mix.rate * self.elapsed_s) - sent
            owed_probes = int(probe_rate * self.elapsed_s) - probes
            sent += owed
            probes += owed_probes
            self._push(owed, owed_probes, now)

    # -- one tick ----------------------------------------------------------------

    def _push(self, owed: int, probes: int, now: float) -> None:
        while owed > 0 and self._returns and self._returns[0].at <= now:
            self._come_back(heapq.heappop(self._returns), now)
            owed -= 1
        for _ in range(min(probes, owed)):
            self._cross(now, on_screen=True)
            owed -= 1
        mix = self.mix
        link_p = mix.link_share / 2
        cross_p = link_p + mix.crossing_share / 2 * (1 - mix.probe_share)
        for _ in range(owed):
            r = self.rng.random()
            if r < link_p:
                self._drop_link(now)
            elif r < cross_p:
                self._cross(now, on_screen=False)
            else:
                self._in_band()

    def _free(self, ci: str) -> bool:
        return ci not in self._excursion and ci not in self._down

    def _in_band(self) -> None:
        for _ in range(8):
            analog = self.rng.choice(self.feed.analog)
            if self._free(analog.ci):
                self._set(analog, analog.healthy(self.rng))
                self.counts.in_band += 1
                return

    def _cross(self, now: float, on_screen: bool) -> None:
        pool = sorted(self.watched & self.feed.limited.keys()) if on_screen else self._limited
        for _ in range(8):
            if not pool:
                return
            ci = self.rng.choice(pool)
            if self._free(ci):
                break
        else:
            return
        analog = self.rng.choice(self.feed.limited[ci])
        self._set(analog, analog.crossing(self.rng, alarm=self.rng.random() < 0.3))
        self._excursion[ci] = analog
        self._later(now + self.rng.uniform(1.0, 3.0), ci, None)
        self.counts.crossing_out += 1
        self._pushed(ci, now)

    def _drop_link(self, now: float) -> None:
        for _ in range(8):
            ci = self.rng.choice(self._monitored)
            driver = self.feed.driver_of[ci]
            cis = self.feed.cis_of[id(driver)]
            if all(self._free(c) for c in cis):
                break
        else:
            return
        if ci in self.feed.reach:
            driver.set_value("reachable", False)
            self.counts.samples += 1
        driver.set_link_state(LinkState.RECONNECTING, "no answer within 1.0 s", "timeout")
        self._down |= cis
        self._later(now + self.rng.uniform(2.0, 5.0), ci, driver)
        self.counts.link_down += 1
        for each in cis:
            self._pushed(each, now)

    def _come_back(self, ret: _Return, now: float) -> None:
        if ret.driver is None:  # a crossing ends
            analog = self._excursion.pop(ret.ci)
            self._set(analog, analog.healthy(self.rng))
            self.counts.crossing_back += 1
            self._pushed(ret.ci, now)
            return
        driver = ret.driver
        driver.set_link_state(LinkState.CONNECTED)
        values = self.feed.values_of(driver)
        driver.set_values(values)
        self.counts.samples += len(values)
        cis = self.feed.cis_of[id(driver)]
        self._down -= cis
        self.counts.link_up += 1
        for each in cis:
            self._pushed(each, now)

    # -- helpers -----------------------------------------------------------------

    def _set(self, analog: Analog, value: float) -> None:
        self.feed.baseline[analog.ci][analog.name] = value
        self.feed.driver_of[analog.ci].set_value(analog.name, value)
        self.counts.samples += 1

    def _later(self, at: float, ci: str, driver: FakeDriver | None) -> None:
        self._seq += 1
        heapq.heappush(self._returns, _Return(at, self._seq, ci, driver))

    def _pushed(self, ci: str, now: float) -> None:
        if ci in self.watched:
            self.counts.on_screen += 1
            self.on_push(ci, now)
