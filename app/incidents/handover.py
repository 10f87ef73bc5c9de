"""Shift handover: what happened this shift, what is still open, what it cost.

The shift comes from the plant file's calendar (or early 06-14, late 14-22, night
22-06 without one), in the site's time zone. Cost counts each incident's line
downtime inside the shift only, scheduled time only, each line once.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import time
from typing import Any

from app.formatting import duration, eur
from app.incidents.report import Reader, clock_text
from models.incidents.cost import Stop, cost_of_incidents, stops_of
from models.incidents.shifts import LineSchedule, ShiftSpec
from models.incidents.state import IncidentState
from models.plant_schema import PlantFile
from models.store import Store
from models.store.incident_heads import list_heads
from models.store.incident_repo import load_incidents

DEFAULT_SHIFTS = {
    "early": ("06:00", "14:00"),
    "late": ("14:00", "22:00"),
    "night": ("22:00", "06:00"),
}
DAY_MS = 86_400_000


@dataclass(frozen=True)
class ShiftWindow:
    name: str
    start_ms: int
    end_ms: int  # planned end (may lie in the future)


@dataclass(frozen=True)
class HandoverRow:
    state: IncidentState
    cost_eur: float
    downtime_s: float


@dataclass(frozen=True)
class Handover:
    shift: ShiftWindow
    now_ms: int
    happened: tuple[HandoverRow, ...]  # opened, resolved or still open during the shift
    still_open: tuple[HandoverRow, ...]
    cost_eur: float
    units_lost: float


def shift_specs(plant: PlantFile | None) -> dict[str, ShiftSpec]:
    all_days = frozenset(range(7))
    if plant is not None and plant.calendar.shifts:
        return {name: ShiftSpec.of(name, s) for name, s in plant.calendar.shifts.items()}
    return {
        name: ShiftSpec(name, time.fromisoformat(a), time.fromisoformat(b), all_days)
        for name, (a, b) in DEFAULT_SHIFTS.items()
    }


def find_shift(specs: dict[str, ShiftSpec], which: str, now_ms: int, tz: str) -> ShiftWindow:
    """The named shift's latest start at or before now; 'current': the one running now
    (else the one that ended last)."""
    names = list(specs) if which == "current" else [which]
    if which != "current" and which not in specs:
        raise KeyError(f"no shift {which!r} (known: {', '.join(specs)})")
    found = []
    for name in names:
        schedule = LineSchedule("", tz, (specs[name],))
        occurrences = schedule.occurrences(now_ms - 8 * DAY_MS, now_ms + 1)
        found += [ShiftWindow(name, lo, hi) for lo, hi in occurrences if lo <= now_ms]
    if not found:
        raise KeyError(f"shift {which!r} has not run in the last week")
    running = [w for w in found if w.start_ms <= now_ms < w.end_ms]
    return max(running or found, key=lambda w: w.start_ms)


def handover(store: Store, reader: Reader, shift: ShiftWindow, now_ms: int) -> Handover:
    end = min(now_ms, shift.end_ms)
    heads = list_heads(store, active_since_ms=shift.start_ms)
    ids = [h.id for h in heads if h.created and (h.opened_ms or 0) < end]
    states = load_incidents(store, ids, reader.context)
    clipped = [s for state in states for s in _clip(stops_of(state), shift.start_ms, end)]
    report = cost_of_incidents(clipped, reader.schedules, end)
    rows = []
    for state in states:
        cost = report.per_incident.get(state.id)
        rows.append(
            HandoverRow(state, cost.cost_eur if cost else 0.0, cost.downtime_s if cost else 0.0)
        )
    rows.sort(key=lambda r: (r.state.priority.rank, -(r.state.fault_at_ms or 0)))
    return Handover(
        shift=shift,
        now_ms=now_ms,
        happened=tuple(rows),
        still_open=tuple(r for r in rows if r.state.is_open),
        cost_eur=report.total_eur,
        units_lost=report.total_units,
    )


def _clip(stops: list[Stop], lo: int, hi: int) -> list[Stop]:
    clipped = []
    for s in stops:
        start, end = max(s.start_ms, lo), min(hi if s.end_ms is None else s.end_ms, hi)
        if end > start:
            clipped.append(
                Stop(s.incident_id, s.line_id, start, end, s.cost_per_hour, s.units_per_shift)
            )
    return clipped


def as_text(report: Handover) -> str:
    s = report.shift
    out = [
        f"Shift handover — {s.name} shift {clock_text(s.start_ms)} to {clock_text(s.end_ms)}",
        f"  incidents this shift: {len(report.happened)}, still open: {len(report.still_open)}",
        f"  stoppage cost this shift: {eur(report.cost_eur)} ({report.units_lost:,.0f} units)",
        "",
        "What happened:",
    ]
    out += [_row_text(r) for r in report.happened] or ["  nothing"]
    out += ["", "Still open:"]
    out += [_row_text(r) for r in report.still_open] or ["  nothing"]
    return "\n".join(out) + "\n"


def _row_text(row: HandoverRow) -> str:
    st = row.state
    lines = ", ".join(x.id for x in st.lines) or "-"
    last = f"  last note: {st.notes[-1].text[:80]}" if st.notes else ""
    return (
        f"  {st.number:<14} {st.priority.value} {st.status.value:<12} {st.title}\n"
        f"      lines {lines}; down {duration(row.downtime_s)} this shift; "
        f"{eur(row.cost_eur)}; assignee {st.assignee or '-'}{last}"
    )


def as_html(report: Handover) -> str:
    s = report.shift
    e = html.escape

    def table(rows: tuple[HandoverRow, ...]) -> str:
        if not rows:
            return "<p>nothing</p>"
        body = "".join(
            "<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in _row_cells(r)) + "</tr>" for r in rows
        )
        head = "".join(
            f"<th>{h}</th>"
            for h in ("Number", "Priority", "Status", "Title", "Lines", "Down", "Cost", "Assignee")
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    title = f"Shift handover — {s.name} shift {clock_text(s.start_ms)} to {clock_text(s.end_ms)}"
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>{e(title)}</title></head><body>\n<h1>{e(title)}</h1>\n"
        f"<p>Incidents this shift: {len(report.happened)}; still open: "
        f"{len(report.still_open)}; stoppage cost this shift: {e(eur(report.cost_eur))}</p>\n"
        f"<h2>What happened</h2>\n{table(report.happened)}\n"
        f"<h2>Still open</h2>\n{table(report.still_open)}\n</body></html>\n"
    )


def _row_cells(row: HandoverRow) -> list[Any]:
    st = row.state
    return [
        st.number,
        st.priority.value,
        st.status.value,
        st.title,
        ", ".join(x.id for x in st.lines),
        duration(row.downtime_s),
        eur(row.cost_eur),
        st.assignee or "-",
    ]
