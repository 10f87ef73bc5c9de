"""Cost of stoppages: scheduled downtime of stopped lines x the line rate at the stop.

A line stopped by two incidents at once is counted once: each moment of a line's
downtime is charged to the earliest stop covering it (then the lower incident id),
at that stop's rate. Only scheduled time counts (see `models.incidents.shifts`);
units lost = units per shift x scheduled downtime / that shift's length.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from models.incidents.shifts import LineSchedule, scheduled_time, settled_time
from models.incidents.state import IncidentState, Interval, covered_ms


@dataclass(frozen=True)
class Stop:
    """One line down because of one incident, with the line's rates when the stop began."""

    incident_id: str
    line_id: str
    start_ms: int
    end_ms: int | None
    cost_per_hour: float
    units_per_shift: int


@dataclass(frozen=True)
class StopCost:
    downtime_s: float  # wall-clock time its lines were down (its own, overlaps included)
    scheduled_downtime_s: float  # line-seconds charged to it: scheduled, not counted twice
    cost_eur: float
    units_lost: float


@dataclass(frozen=True)
class CostReport:
    per_incident: Mapping[str, StopCost]
    per_line: Mapping[str, StopCost]
    total_eur: float
    total_units: float


def stops_of(state: IncidentState) -> list[Stop]:
    """Every (down interval x stopped line) of an incident."""
    return [
        Stop(state.id, x.id, down.start_ms, down.end_ms, x.cost_per_hour, x.units_per_shift)
        for down in state.down
        for x in state.lines
    ]


def cost_of_incidents(
    stops: Iterable[Stop], schedules: Mapping[str, LineSchedule], now_ms: int
) -> CostReport:
    """Per-incident attribution, per-line totals and the plant total at `now_ms`."""
    by_line: dict[str, list[Stop]] = {}
    spans: dict[str, list[Interval]] = {}
    for stop in stops:
        by_line.setdefault(stop.line_id, []).append(stop)
        spans.setdefault(stop.incident_id, []).append(Interval(stop.start_ms, stop.end_ms))
    charged: dict[str, list[tuple[float, float, float]]] = {i: [] for i in spans}
    per_line = {}
    for line_id in sorted(by_line):
        schedule = schedules.get(line_id) or LineSchedule(line_id)
        parts = [
            (owner, _scheduled(schedule, lo, hi, owner, now_ms))
            for owner, lo, hi in _owners(by_line[line_id], now_ms)
        ]
        for owner, part in parts:
            charged[owner.incident_id].append(part)
        per_line[line_id] = _sum(0.0, (part for _, part in parts))
    per_incident = {}
    for incident_id in sorted(spans):
        intervals = spans[incident_id]
        lo = min(i.start_ms for i in intervals)
        hi = max(i.end_or(now_ms) for i in intervals)
        downtime_s = covered_ms(intervals, lo, max(lo, hi), now_ms) / 1000
        per_incident[incident_id] = _sum(downtime_s, charged[incident_id])
    return CostReport(
        per_incident=per_incident,
        per_line=per_line,
        total_eur=sum(c.cost_eur for c in per_line.values()),
        total_units=sum(c.units_lost for c in per_line.values()),
    )


def incident_cost(
    state: IncidentState, schedules: Mapping[str, LineSchedule], now_ms: int
) -> StopCost:
    """One incident on its own (the live cost ticker of an open incident)."""
    report = cost_of_incidents(stops_of(state), schedules, now_ms)
    return report.per_incident.get(state.id, StopCost(downtime_s(state, now_ms), 0.0, 0.0, 0.0))


def downtime_s(state: IncidentState, now_ms: int) -> float:
    """How long the root cause was down (stopped lines or not), overlaps counted once."""
    if not state.down:
        return 0.0
    end = max(d.end_or(now_ms) for d in state.down)
    return covered_ms(state.down, state.down[0].start_ms, end, now_ms) / 1000


def _owners(stops: list[Stop], now_ms: int) -> list[tuple[Stop, int, int]]:
    """Cut one line's downtime into pieces, each charged to the earliest stop covering it.

    A sweep over the cuts with the stops begun so far in a heap by that order: a flapping
    incident's hundreds of down periods cost n log n, not n x cuts."""
    ordered = sorted(stops, key=lambda s: (s.start_ms, s.incident_id, s.cost_per_hour))
    spans = [
        (s, s.start_ms, max(s.start_ms, now_ms if s.end_ms is None else s.end_ms)) for s in ordered
    ]
    cuts = sorted({lo for _, lo, _ in spans} | {hi for _, _, hi in spans})
    pieces = []
    begun: list[tuple[int, int]] = []  # (place in the order, end)
    following = 0
    for lo, hi in itertools.pairwise(cuts):
        while following < len(spans) and spans[following][1] <= lo:
            heapq.heappush(begun, (following, spans[following][2]))
            following += 1
        while begun and begun[0][1] < hi:  # ended: covers no later piece either
            heapq.heappop(begun)
        if begun:
            pieces.append((spans[begun[0][0]][0], lo, hi))
    return pieces


def _scheduled(
    schedule: LineSchedule, lo: int, hi: int, stop: Stop, now_ms: int
) -> tuple[float, float, float]:
    """(scheduled seconds, EUR, units) of [lo, hi) on a line (a piece ended before now
    no longer changes: its figures are cached)."""
    ms, shifts_worth = (settled_time if hi < now_ms else scheduled_time)(schedule, lo, hi)
    seconds = ms / 1000
    return seconds, seconds / 3600 * stop.cost_per_hour, stop.units_per_shift * shifts_worth


def _sum(downtime_s: float, parts: Iterable[tuple[float, float, float]]) -> StopCost:
    seconds = eur = units = 0.0
    for part_s, part_eur, part_units in parts:
        seconds, eur, units = seconds + part_s, eur + part_eur, units + part_units
    return StopCost(downtime_s, seconds, eur, units)
