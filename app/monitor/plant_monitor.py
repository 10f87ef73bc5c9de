"""PlantMonitor: drives every device link and keeps the health engine current.

Asyncio only, no Qt: the headless commands use it directly, the window wraps
it in `HealthMonitorService`. Samples mark CIs dirty; a flush every
`flush_s` evaluates just those CIs and applies the result to the engine in one
batch, so thousands of value changes per second cost one engine update per flush.
Samples that cannot change a CI's health (a counter tick, an in-range temperature)
only reach the value listeners (`ReadingStore.ingest`).

The flush loop shares the GUI thread with the window (qasync), so it evaluates at
most `slice_s` of work per flush: dependencies first (topological order), the rest
stays dirty for the next flush, which then comes after `slice_gap_s` instead of
`flush_s`. A flush is synchronous, so one never overlaps another; samples arriving
between two only add to the dirty set. `flush()` called directly evaluates everything.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.monitor.bindings import Binding, Intervals, plan_bindings
from app.monitor.console_path import ConsolePath
from app.monitor.driver_factory import make_driver
from app.monitor.readings import ReadingStore, Route
from drivers.base import Driver, LinkState, LinkStatus, Sample
from drivers.pool import DriverKey, DriverPool
from models.cmdb import Plant
from models.health import Changes, HealthEngine
from models.own_health import evaluate
from models.states import OK_HEALTH, Health, Reason, State

log = logging.getLogger(__name__)

ChangeListener = Callable[[Changes], None]
ValueListener = Callable[[set[str]], None]
SampleTap = Callable[[str, str, Sample], None]
MaintenanceLookup = Callable[[str], Reason | None]
HISTORY_LENGTH = 500
SLICE_MIN = 64  # CIs evaluated between two looks at the clock
START_SLICE_S = 0.02  # start(): the longest the loop is held between two yields


@dataclass(frozen=True)
class StateEntry:
    """One step in a CI's state history."""

    at: datetime
    health: Health


class PlantMonitor:
    """Live health of one plant. Call `start()` inside a running loop, `stop()` to end."""

    def __init__(
        self,
        plant: Plant,
        intervals: Intervals | None = None,
        *,
        driver_factory: Callable[[Binding, int], Driver] | None = None,
        pki_dir: Path | None = None,
        console_path: ConsolePath | None = None,
        flush_s: float = 0.1,
        path_check_s: float = 2.0,
        slice_s: float = 0.02,
        slice_gap_s: float = 0.01,
    ) -> None:
        self.plant = plant
        self.intervals = intervals or Intervals()
        self.engine = HealthEngine(plant)
        self.readings = ReadingStore(plant)
        self.bindings = plan_bindings(plant, self.intervals, pki_dir)
        self.pool = DriverPool()
        self.drivers: dict[str, Driver] = {}
        self.console_path = console_path or ConsolePath(
            plant.source.console.reference_targets, self.intervals.timeout_s
        )
        self.maintenance: MaintenanceLookup = lambda _ci: None
        self.since: dict[str, datetime] = {}
        self.history: dict[str, deque[StateEntry]] = {}
        cap = self.intervals.backoff_cap_s
        self._factory = driver_factory or (lambda b, floor: make_driver(b, floor, cap))
        self._flush_s = flush_s
        self._slice_s = slice_s
        self._slice_gap_s = slice_gap_s
        self._path_check_s = path_check_s
        self._dirty: set[str] = set()  # CIs to re-evaluate at the next flush
        self._backlog = False  # the last flush left dirty CIs for the next one
        self._touched: set[str] = set()  # CIs whose readings changed (for value listeners)
        self._listeners: list[ChangeListener] = []
        self._value_listeners: list[ValueListener] = []
        self._taps: list[SampleTap] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._running_tags = self._running_tag_index()
        self._ci_driver: dict[str, str] = {}
        self._link_up: dict[DriverKey, bool] = {}
        self._links_up: dict[str, int] = {}  # protocol -> drivers connected
        self._links_total: dict[str, int] = {}  # protocol -> drivers
        started = datetime.now().astimezone()
        for ci_id, health in self.engine.rolled.items():
            self.since[ci_id] = started
            self.history[ci_id] = deque([StateEntry(started, health)], maxlen=HISTORY_LENGTH)

    # -- lifecycle -------------------------------------------------------------

    async def start(self) -> None:
        """Create and start every driver, then the flush and console-path loops.

        Drivers are made and started in slices of about `START_SLICE_S`, the loop coming
        round between them: at 10,000 CIs this is most of a second of work, and the
        window, shown just before, must paint and respond meanwhile.
        """
        await self._attach_sliced()
        started: list[asyncio.Future[None]] = []
        deadline = time.perf_counter() + START_SLICE_S
        try:
            for driver in list(self.drivers.values()):
                started.append(asyncio.ensure_future(driver.start()))
                if time.perf_counter() > deadline:
                    await asyncio.sleep(0)
                    deadline = time.perf_counter() + START_SLICE_S
        except asyncio.CancelledError:
            for future in started:
                future.cancel()
            raise
        await asyncio.gather(*started)
        self._tasks = [
            asyncio.create_task(self._flush_loop(), name="monitor flush"),
            asyncio.create_task(self._path_loop(), name="console path"),
        ]

    def attach_drivers(self) -> None:
        """Create the drivers and wire their listeners without starting anything.

        `start()` calls this; widget tests call it alone with fake drivers and drive
        `flush()` themselves, with no event loop running.
        """
        if self.drivers:
            return
        for binding in self.bindings:
            self._attach(binding)

    async def _attach_sliced(self) -> None:
        """`attach_drivers`, yielding to the loop every `START_SLICE_S`."""
        if self.drivers:
            return
        deadline = time.perf_counter() + START_SLICE_S
        for binding in self.bindings:
            self._attach(binding)
            if time.perf_counter() > deadline:
                await asyncio.sleep(0)
                deadline = time.perf_counter() + START_SLICE_S

    def _attach(self, binding: Binding) -> None:
        driver = self.pool.get_or_create(
            binding.key,
            lambda floor, b=binding: self._factory(b, floor),  # type: ignore[misc]
            binding.min_interval_ms,
        )
        key = f"{binding.key.protocol}:{binding.key.endpoint}"
        self.drivers[key] = driver
        for ci_id in binding.cis:
            self.readings.register(
                ci_id, binding.key.protocol, binding.interval_s, binding.config.timeout_s
            )
            self._ci_driver[ci_id] = key
        self._links_total[binding.key.protocol] = self._links_total.get(binding.key.protocol, 0) + 1
        self._count_link(binding, driver.status)
        routes = self.readings.routes(binding.points, self._running_tags)
        driver.add_sample_listener(functools.partial(self._on_samples, routes))
        driver.add_status_listener(functools.partial(self._on_status, binding))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        await self.pool.close_all()

    def add_listener(self, listener: ChangeListener) -> None:
        """Called after each flush that changed health, with what changed."""
        self._listeners.append(listener)

    def add_sample_tap(self, tap: SampleTap) -> None:
        """Called for every sample as it arrives (keep it cheap: trends filter here)."""
        self._taps.append(tap)

    def add_value_listener(self, listener: ValueListener) -> None:
        """Called after each flush with the CIs whose readings or link changed."""
        self._value_listeners.append(listener)

    # -- questions -------------------------------------------------------------

    def driver_for(self, ci_id: str) -> Driver | None:
        """The live driver (session) serving a CI: diagnostics reuse it."""
        key = self._ci_driver.get(ci_id)
        return self.drivers.get(key) if key else None

    def link_counts(self) -> dict[str, tuple[int, int]]:
        """Connections up / total per protocol.

        Kept up to date by the drivers' status events (`_count_link`): the status bar
        asks on every coalescing tick, and walking 6,000 drivers each time cost it
        20 ms (bench/bench_gui.py).
        """
        return {p: (self._links_up.get(p, 0), n) for p, n in sorted(self._links_total.items())}

    @property
    def pending(self) -> int:
        """CIs waiting for evaluation (a budgeted flush leaves some for the next)."""
        return len(self._dirty)

    def settled(self) -> bool:
        """Every monitored CI has either data or a definite link failure."""
        for entry in self.readings.cis.values():
            status = entry.status
            if status is None:
                return False
            if not entry.ever_connected and not status.error_code:
                return False
            if entry.ever_connected and not entry.points and entry.protocol != "reach":
                return False
        return True

    # -- internals -------------------------------------------------------------

    def _on_samples(self, routes: dict[str, Route], samples: Sequence[Sample]) -> None:
        # Runs for every batch a driver delivers (tens of thousands of samples a second).
        self.readings.ingest(routes, samples, self._dirty, self._touched, self._taps)

    def _count_link(self, binding: Binding, status: LinkStatus) -> None:
        up = status.state is LinkState.CONNECTED
        if self._link_up.get(binding.key, False) != up:
            self._link_up[binding.key] = up
            protocol = binding.key.protocol
            self._links_up[protocol] = self._links_up.get(protocol, 0) + (1 if up else -1)

    def _on_status(self, binding: Binding, status: LinkStatus) -> None:
        self._count_link(binding, status)
        for ci_id in binding.cis:
            self.readings.on_status(ci_id, status)
            self._dirty.add(ci_id)

    async def _flush_loop(self) -> None:
        while True:
            await asyncio.sleep(self._slice_gap_s if self._backlog else self._flush_s)
            try:
                self.flush(self._slice_s)
            except Exception:
                log.exception("health evaluation failed; monitoring continues")

    async def _path_loop(self) -> None:
        while True:
            try:
                online = await self.console_path.check()
            except Exception:
                log.exception("console path check failed")
                online = True
            changes = self.engine.set_console_offline(not online)
            if changes:
                self._publish(changes)
            await asyncio.sleep(self._path_check_s)

    def flush(self, budget_s: float | None = None) -> Changes:
        """Evaluate dirty and ageing CIs now and publish what changed.

        `budget_s`: stop evaluating after about that long (dependencies first) and
        leave the rest dirty for the next flush (`_backlog`); None evaluates all.
        """
        now = time.monotonic()
        self._mark_ageing(now)
        dirty, self._dirty = self._dirty, set()
        touched, self._touched = self._touched, set()
        self._backlog = False
        order: Iterable[str] = dirty
        deadline = math.inf
        if budget_s is not None and len(dirty) > SLICE_MIN:
            # Dependencies first: a slice never shows a device DOWN whose switch is
            # still waiting for its evaluation.
            topo = self.plant.topo_index
            order = sorted(dirty, key=lambda c: topo.get(c, 0))
            deadline = time.perf_counter() + budget_s
        lines, readings, maintenance = self.plant.lines, self.readings, self.maintenance
        batch: dict[str, Health] = {}
        for n, ci_id in enumerate(order):
            if n % SLICE_MIN == 0 and n and time.perf_counter() > deadline:
                assert isinstance(order, list)
                self._dirty.update(order[n:])
                self._backlog = True
                break
            touched.add(ci_id)
            if ci_id in lines:
                batch[ci_id] = self._line_health(ci_id)
            elif ci_id in readings.cis:
                signals = readings.signals(ci_id, now, maintenance)
                readings.note_evaluated(ci_id, signals, now)
                batch[ci_id] = evaluate(signals)
        changes = self.engine.apply(batch)
        if changes:
            self._publish(changes)
        if touched:
            for value_listener in list(self._value_listeners):
                try:
                    value_listener(touched)
                except Exception:
                    log.exception("value listener failed")
        return changes

    def refresh(self, ci_ids: Sequence[str] = ()) -> None:
        """Re-evaluate CIs at the next flush (e.g. after a maintenance window changed)."""
        self._dirty.update(ci_ids or self.readings.cis)

    def _mark_ageing(self, now: float) -> None:
        """CIs whose result may change because a reading aged past its limit."""
        self._dirty.update(self.readings.due(now))

    def _line_health(self, line_id: str) -> Health:
        tag = self.plant.lines[line_id].running_tag
        if tag is None:
            return OK_HEALTH
        ci_id, point = tag.split(":", 1)
        entry = self.readings.cis.get(ci_id)
        value = entry.points.get(point) if entry else None
        if value is None or value.quality.severity == "bad":
            return OK_HEALTH  # unknown running state: the devices speak for the line
        if value.value is False or value.value == 0:
            return Health(State.DOWN, Reason.of("line_stopped", tag=tag))
        return OK_HEALTH

    def _publish(self, changes: Changes) -> None:
        stamp = datetime.now().astimezone()
        for ci_id in changes.rolled:
            health = self.engine.rolled[ci_id]
            history = self.history[ci_id]
            if history[-1].health.state is not health.state:
                self.since[ci_id] = stamp
            history.append(StateEntry(stamp, health))
        for listener in list(self._listeners):
            try:
                listener(changes)
            except Exception:
                log.exception("health listener failed")

    def _running_tag_index(self) -> dict[tuple[str, str], str]:
        index: dict[tuple[str, str], str] = {}
        for line_id, line in self.plant.lines.items():
            if line.running_tag:
                ci_id, point = line.running_tag.split(":", 1)
                index[(ci_id, point)] = line_id
        return index
