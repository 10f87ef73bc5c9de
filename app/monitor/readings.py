"""The latest reading of every point of every CI, and the `Signals` built from them.

Evaluating a CI (building its `Signals`, then `own_health.evaluate`) costs tens of
microseconds; at 5,000 value changes a second most of them are in-range values that
cannot change anything. `on_sample` tells the monitor which samples can, and
`note_evaluated` keeps until when a result cannot change by ageing alone (`fresh_until`),
so a polled value that repeats an in-range reading needs no re-evaluation, and the
monitor re-evaluates for staleness exactly when a reading crosses its age limit
(`due`). `ingest` takes a driver's whole batch through `Route`s made once per point:
the common sample of a live subscription (same quality, a value that keeps every
health input) is stored without a call, a lookup by name or a new object.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from drivers.base import LinkState, LinkStatus, Quality, Sample, Value
from models.cmdb import Plant
from models.own_health import STALE_WARNING_INTERVALS, Link, Reading, Signals
from models.plant_schema import ModbusPoint, OpcuaPoint
from models.states import Reason

# Link problems that are the console's own (configuration, trust), not the plant's.
CONSOLE_SIDE_ERRORS = frozenset(
    {"untrusted_certificate", "auth_failed", "security", "config", "bad_node_id"}
)


class PointValue:
    """A point's latest sample plus what the plant file says about it.

    Made once per point and its fields updated in place (`ReadingStore.on_sample`): a
    new object per sample, or keeping the `Sample` itself, kept one tracked object per
    value change alive until the next; at thousands a second they all aged into the
    collector's oldest generation and made its full collections frequent and long
    (bench/bench_ingest.py).
    """

    __slots__ = ("band", "judged", "point", "quality", "received", "source_time", "spec", "value")

    def __init__(self, spec: OpcuaPoint | ModbusPoint | None, sample: Sample) -> None:
        self.spec = spec
        self.point, self.value, self.quality, self.source_time, self.received = sample
        # What `_same_health_inputs` asks of the spec for every changed value, worked out
        # once: whether evaluate reads the value itself, and the band inside every limit
        # (None: no limits).
        self.judged = spec is not None and spec.role in JUDGED_ROLES
        self.band = _band(spec)

    @property
    def sample(self) -> Sample:
        """The latest sample (made on request)."""
        return Sample(self.point, self.value, self.quality, self.source_time, self.received)


@dataclass
class CiReadings:
    """Everything the console currently knows about one monitored CI."""

    ci: str
    protocol: str
    interval_s: float
    timeout_s: float = 0.0
    status: LinkStatus | None = None
    ever_connected: bool = False
    last_sample: float = 0.0
    # Until when (monotonic s) the last evaluation's result holds while no input changes:
    # 0 before any evaluation, inf when it does not depend on the readings' age.
    fresh_until: float = 0.0
    # The last evaluation's result was not stale: it holds for as long as every reading
    # keeps arriving, so its deadline moves with the oldest reading (`ReadingStore.due`).
    renewable: bool = False
    # A connected subscription: `ReadingStore.ingest` may take its samples' fast path.
    live: bool = False

    def __post_init__(self) -> None:
        self.points: dict[str, PointValue] = {}


class Route:
    """Where one driver point's samples go: its CI, its name there, the CI's readings and
    (from its first sample on) its `PointValue`; `line` is the production line whose
    running tag it is, if any. Made once per point (`ReadingStore.routes`)."""

    __slots__ = ("ci", "entry", "line", "point", "value")

    def __init__(
        self, ci: str, point: str, entry: CiReadings, value: PointValue | None, line: str | None
    ) -> None:
        self.ci, self.point, self.entry, self.value, self.line = ci, point, entry, value, line


SampleTap = Callable[[str, str, Sample], None]


class ReadingStore:
    """Per-CI readings; turns them into `Signals` for the health table."""

    def __init__(self, plant: Plant) -> None:
        self.plant = plant
        self.cis: dict[str, CiReadings] = {}
        self._deadlines: list[tuple[float, str]] = []  # (fresh_until, CI), a heap
        self._specs: dict[tuple[str, str], OpcuaPoint | ModbusPoint] = {}
        for ci_id, node in plant.nodes.items():
            if node.monitored:
                for point in plant.points(ci_id):
                    self._specs[(ci_id, point.name)] = point

    def register(self, ci_id: str, protocol: str, interval_s: float, timeout_s: float) -> None:
        self.cis[ci_id] = CiReadings(ci_id, protocol, interval_s, timeout_s)

    def on_sample(self, ci_id: str, point: str, sample: Sample) -> bool:
        """Keep the sample; False when it cannot change the CI's own health.

        A subscribed gateway sends thousands of counter ticks and in-range temperatures a
        second, a poller the same values again each cycle; re-evaluating a CI for each of
        them cost more than receiving them (bench/bench_ingest.py, bench/bench_gui.py).
        On a connected link a sample that keeps every health input (`_same_health_inputs`)
        changes nothing, as long as the last evaluation's result is not ageing: a polled
        value arriving at or after `fresh_until` may end a staleness, so it counts. A
        reachability CI's health reads only whether it is reachable.
        """
        entry = self.cis[ci_id]
        quality = sample.quality
        if quality.severity != "bad" and sample.received > entry.last_sample:
            entry.last_sample = sample.received
        current = entry.points.get(point)
        if current is None:
            entry.points[point] = PointValue(self._specs.get((ci_id, point)), sample)
            return True
        old_value, old_quality = current.value, current.quality
        _, value, _, current.source_time, received = sample
        current.value, current.quality, current.received = value, quality, received
        status = entry.status
        if status is None:
            return True
        protocol = entry.protocol
        same = old_value == value and type(old_value) is type(value)
        if protocol == "reach":
            return point == "reachable" and not same
        if status.state is not LinkState.CONNECTED:
            return True
        if protocol != "opcua" and received >= entry.fresh_until and not entry.renewable:
            return True  # ends a staleness (a renewable result: `due` looks at it)
        if same and old_quality is quality:  # the common case: nothing changed
            return False
        return not _same_health_inputs(current, old_quality, old_value, sample)

    def routes(
        self, points: Mapping[str, tuple[str, str]], running: Mapping[tuple[str, str], str]
    ) -> dict[str, Route]:
        """A `Route` for each driver point -> (CI, point) of a binding; `running` maps a
        line's running tag to the line. Call after the binding's CIs are `register`ed."""
        out: dict[str, Route] = {}
        for name, (ci_id, point) in points.items():
            entry = self.cis[ci_id]
            line = running.get((ci_id, point))
            out[name] = Route(ci_id, point, entry, entry.points.get(point), line)
        return out

    def ingest(
        self,
        routes: Mapping[str, Route],
        samples: Sequence[Sample],
        dirty: set[str],
        touched: set[str],
        taps: Sequence[SampleTap] = (),
    ) -> None:
        """`on_sample` for a driver's batch: CIs whose health may change go into `dirty`
        (with the line a running tag belongs to), every CI that got a sample into
        `touched`, and each sample to the taps.

        A subscription delivers thousands of changes a second, nearly all of them a new
        in-range value of a point whose quality stays the same. For those (the CI `live`,
        the same `Quality` object as before) this is `on_sample` inlined: same result,
        none of its calls and lookups; anything else takes `on_sample` itself.
        """
        get, on_sample = routes.get, self.on_sample
        for sample in samples:
            name, value, quality, source_time, received = sample
            route = get(name)
            if route is None:
                continue
            ci_id, current, entry = route.ci, route.value, route.entry
            if current is not None and quality is current.quality and entry.live:
                if received > entry.last_sample and quality.severity != "bad":
                    entry.last_sample = received
                old = current.value
                current.value, current.source_time, current.received = value, source_time, received
                if old == value and type(old) is type(value):
                    pass  # nothing changed
                elif current.judged:
                    dirty.add(ci_id)
                elif current.band is not None:
                    low, high = current.band
                    # `_within` of both values, inlined (a bool or a subclass: evaluated)
                    if not (
                        (type(old) is float or type(old) is int)
                        and (type(value) is float or type(value) is int)
                        and low <= old <= high
                        and low <= value <= high
                    ):
                        dirty.add(ci_id)
            else:
                if on_sample(ci_id, route.point, sample):
                    dirty.add(ci_id)
                if current is None:
                    route.value = entry.points.get(route.point)
            for tap in taps:
                tap(ci_id, route.point, sample)
            touched.add(ci_id)
            if route.line is not None:
                dirty.add(route.line)

    def on_status(self, ci_id: str, status: LinkStatus) -> None:
        entry = self.cis[ci_id]
        entry.status = status
        entry.fresh_until = 0.0  # the monitor re-evaluates it: no sample is skipped till then
        entry.renewable = False
        entry.live = status.state is LinkState.CONNECTED and entry.protocol == "opcua"
        if status.state is LinkState.CONNECTED:
            entry.ever_connected = True

    def note_evaluated(self, ci_id: str, signals: Signals, now: float) -> None:
        """The monitor evaluated these signals now: note until when that result holds."""
        entry = self.cis[ci_id]
        until = fresh_until(signals, now, ageing=entry.protocol != "opcua")
        entry.fresh_until = until
        entry.renewable = now < until < math.inf
        if until != math.inf:
            heapq.heappush(self._deadlines, (until, ci_id))

    def due(self, now: float) -> list[str]:
        """CIs whose last evaluation may no longer hold because a reading aged past a limit.

        A deadline that comes while every reading kept arriving (a device polled every
        cycle) is moved to what the oldest reading now allows, without an evaluation: that
        result would be the same, and re-evaluating each polled CI every other cycle was
        most of the flush's work at 1,000 devices (bench/bench_modbus_poll.py).
        """
        deadlines, cis = self._deadlines, self.cis
        out: list[str] = []
        while deadlines and deadlines[0][0] <= now:
            until, ci_id = heapq.heappop(deadlines)
            entry = cis[ci_id]
            if entry.fresh_until != until:
                continue
            later = _renewed(entry) if entry.renewable else 0.0
            if later > now:
                entry.fresh_until = later
                heapq.heappush(deadlines, (later, ci_id))
            else:
                entry.renewable = False
                out.append(ci_id)
        return out

    def signals(
        self, ci_id: str, now: float, maintenance: Callable[[str], Reason | None]
    ) -> Signals:
        entry = self.cis[ci_id]
        node = self.plant.nodes[ci_id]
        profile = node.profile
        link, code, detail = self._link(entry)
        readings: dict[str, Reading] = {}
        for name, value in entry.points.items():
            if entry.protocol == "reach":
                continue
            spec = value.spec
            if spec is None:
                continue
            # A live subscription is fresh until the driver says otherwise; polled values age.
            fresh = entry.protocol == "opcua" and link == "connected"
            readings[name] = Reading(
                name=name,
                role=spec.role,
                value=value.value,
                severity=value.quality.severity,
                status=value.quality.name,
                age_s=0.0 if fresh else max(0.0, now - value.received),
                unit=spec.unit,
                warn_low=spec.warn_low,
                warn_high=spec.warn_high,
                alarm_low=spec.alarm_low,
                alarm_high=spec.alarm_high,
            )
        down_for = now - entry.status.since if entry.status else 0.0
        return Signals(
            link=link,
            interval_s=entry.interval_s,
            readings=readings,
            down_for_s=down_for,
            timeout_s=entry.timeout_s,
            link_code=code,
            link_detail=detail,
            ever_connected=entry.ever_connected,
            maintenance=maintenance(ci_id),
            run_states=profile.run_states if profile else None,
            faults=profile.faults if profile else None,
        )

    def _link(self, entry: CiReadings) -> tuple[Link, str, str]:
        status = entry.status
        if status is None:
            return "connecting", "", ""
        code = status.error_code or ""
        detail = status.error or ""
        if entry.protocol == "reach":
            reachable = entry.points.get("reachable")
            if reachable is not None and reachable.value is True:
                return "connected", "", ""
            if reachable is not None and reachable.value is False:
                return ("refused" if code == "refused" else "down"), code, detail
        if status.state is LinkState.CONNECTED:
            return "connected", "", ""
        if code in CONSOLE_SIDE_ERRORS:
            return "console_error", code, _console_detail(code, detail)
        if status.state in (LinkState.CONNECTING, LinkState.IDLE) and not entry.ever_connected:
            if code:
                return ("refused" if code == "refused" else "down"), code, detail
            return "connecting", code, detail
        if code == "refused":
            return "refused", code, detail
        return "down", code, detail


def fresh_until(signals: Signals, now: float, ageing: bool = True) -> float:
    """Until when `evaluate(signals)` stays the same while no reading or link changes.

    Mirrors `own_health.evaluate`: maintenance and a link that is not connected decide
    before any reading is looked at, and readings count only through the oldest one's
    age, first at `STALE_WARNING_INTERVALS` intervals (a result that is already stale
    quotes the age, so it holds no longer than now). `ageing=False`: the readings of a
    live subscription, which do not age.
    """
    if signals.maintenance is not None or signals.link != "connected" or not signals.readings:
        return math.inf
    if not ageing:
        return math.inf
    oldest = max(r.age_s for r in signals.readings.values())
    return now - oldest + STALE_WARNING_INTERVALS * signals.interval_s


def _renewed(entry: CiReadings) -> float:
    """`fresh_until` of a CI's last (not stale) result, recomputed from its readings' age
    now: the ageing part of `fresh_until` from the `received` that `signals` reads."""
    oldest = min((v.received for v in entry.points.values() if v.spec is not None), default=None)
    if oldest is None:
        return 0.0
    return oldest + STALE_WARNING_INTERVALS * entry.interval_s


# Roles `models.own_health.evaluate` reads the value of; other roles are shown, not judged.
JUDGED_ROLES = frozenset({"run_state", "fault_code", "fault_flag"})
_NUMBER = (int, float)


def _same_health_inputs(
    point: PointValue, old_quality: Quality, old_value: Value, new: Sample
) -> bool:
    """True when `own_health.evaluate` must come to the same result for `new` as for the
    point's previous quality and value.

    Mirrors what it reads: the quality, the value of judged roles, and for points with
    limits whether the value is beyond one (while beyond, the reason quotes the value).
    Runs for every changed value of a subscription (thousands a second): the spec's part
    is worked out once per point (`PointValue.judged`, `.band`).
    """
    if point.spec is None:
        return True  # not in the plant file: never part of the signals
    if old_quality is not new.quality and old_quality != new.quality:
        return False
    if old_value == new.value and type(old_value) is type(new.value):
        return True
    if point.judged:
        return False
    band = point.band
    if band is None:
        return True
    return _within(old_value, band) and _within(new.value, band)


def _band(spec: OpcuaPoint | ModbusPoint | None) -> tuple[float, float] | None:
    """(low, high): a value in it is inside every limit of `spec`; None without limits."""
    if spec is None:
        return None
    lows = [v for v in (spec.alarm_low, spec.warn_low) if v is not None]
    highs = [v for v in (spec.alarm_high, spec.warn_high) if v is not None]
    if not lows and not highs:
        return None
    return max(lows, default=-math.inf), min(highs, default=math.inf)


def _within(value: object, band: tuple[float, float]) -> bool:
    """A plain number inside every limit (as `own_health._reading_health` compares: beyond
    means above a high or below a low; NaN counts as not inside, so it is evaluated)."""
    if not isinstance(value, _NUMBER) or isinstance(value, bool):
        return False
    low, high = band
    return low <= value <= high


def _console_detail(code: str, detail: str) -> str:
    if code == "untrusted_certificate":
        # The driver's sentence ends with the thumbprint; keep just that for the reason.
        return detail.rsplit(" ", 1)[-1] if detail else "?"
    return detail
