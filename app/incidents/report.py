"""Incidents as text and JSON for the headless commands: the list, one incident in full.

`Reader` gathers what a report needs besides the store (fold context, SLA policy,
shift calendars): from the plant file when one is given, else the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.formatting import duration, eur
from app.incidents.policy import fold_context, sla_policy
from models.incidents.cost import incident_cost
from models.incidents.dedup import MergedView
from models.incidents.fold import DEFAULT_CONTEXT, FoldContext
from models.incidents.shifts import LineSchedule, schedules
from models.incidents.sla import DEFAULT_POLICY, SlaClock, SlaPolicy, status
from models.incidents.state import EntryKind, IncidentState, TimelineEntry
from models.plant_schema import PlantFile
from models.reasons import render
from models.store.incident_heads import IncidentHead


@dataclass(frozen=True)
class Reader:
    context: FoldContext = DEFAULT_CONTEXT
    sla: SlaPolicy = DEFAULT_POLICY
    schedules: Mapping[str, LineSchedule] = field(default_factory=dict)
    timezone: str | None = None

    @classmethod
    def of(cls, plant: PlantFile | None) -> Reader:
        if plant is None:
            return cls()
        policy = plant.incidents
        return cls(fold_context(policy), sla_policy(policy), schedules(plant), plant.site.timezone)


def clock_text(ms: int | None) -> str:
    if ms is None:
        return "-"
    return datetime.fromtimestamp(ms / 1000).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def head_dict(head: IncidentHead, numbers: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A list row as JSON; `duplicate_of` is the incident it converged on (as the console
    shows it), with that incident's number when `numbers` knows it."""
    data = head._asdict()
    data["lines"] = list(head.lines)
    data["open"] = head.is_open
    if head.duplicate_of is not None and numbers is not None:
        data["duplicate_of_number"] = numbers.get(head.duplicate_of)
    return data


def list_lines(
    heads: list[IncidentHead], now_ms: int, numbers: Mapping[str, str] | None = None
) -> list[str]:
    """The list as text. A duplicate shows whose it is and no rate (its stop is counted
    on the incident it converged on); `numbers` maps ids to numbers for that mark."""
    if not heads:
        return ["no incidents"]
    numbers = numbers or {h.id: h.number for h in heads}
    out = [f"{'NUMBER':<14} {'PRIO':<4} {'STATUS':<12} {'AGE':>10} {'EUR/h':>8}  TITLE"]
    for h in heads:
        age = duration((now_ms - h.opened_ms) / 1000) if h.opened_ms else "-"
        flag = " [DOWN]" if h.is_down and h.is_open else ""
        rate = f"{h.cost_per_hour:>8,.0f}"
        if h.duplicate_of is not None:
            flag = f" [DUPLICATE of {numbers.get(h.duplicate_of, h.duplicate_of[:13])}]"
            rate = f"{'-':>8}"
        out.append(
            f"{h.number:<14} {h.priority:<4} {h.status:<12} {age:>10} {rate}  {h.title}{flag}"
        )
    duplicates = sum(1 for h in heads if h.duplicate_of is not None)
    if duplicates:
        out.append(f"({duplicates} of {len(heads)} are duplicates: they count on the one named)")
    return out


@dataclass(frozen=True)
class Convergence:
    """How an incident stands among duplicates (`app.incidents.head_cache`), for `show`."""

    survivor: str | None = None  # the incident it is a duplicate of
    merged: MergedView | None = None  # as a survivor: its and its duplicates' notes
    numbers: Mapping[str, str] = field(default_factory=dict)  # incident id -> number


def sla_dict(clock: SlaClock) -> dict[str, Any]:
    return {
        "name": clock.name,
        "target_s": clock.target_s,
        "elapsed_s": round(clock.elapsed_s, 1),
        "remaining_s": round(clock.remaining_s, 1),
        "level": clock.level.value,
        "stopped_at_ms": clock.stopped_at_ms,
        "paused": clock.paused,
    }


def entry_dict(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "kind": entry.kind.value,
        "type": entry.type,
        "at_ms": entry.hlc.wall_ms,
        "hlc": str(entry.hlc),
        "user": entry.user,
        "console_id": entry.console_id,
        "payload": dict(entry.payload),
        "why": entry.why.as_dict() if entry.why else None,
        "field": entry.field,
        "value": entry.value,
    }


def incident_dict(
    state: IncidentState, reader: Reader, now_ms: int, converged: Convergence | None = None
) -> dict[str, Any]:
    """One incident in full. With `converged`: `duplicate_of` is the incident it converged
    on, and a survivor's `notes` include its duplicates' (each with `incident_id` and
    `from_duplicate`), `duplicates` lists them."""
    survivor = state.duplicate_of if converged is None else converged.survivor
    converged = converged or Convergence()
    cost = incident_cost(state, reader.schedules, now_ms)
    notes = (
        converged.merged.notes if converged.merged else tuple((state.id, n) for n in state.notes)
    )
    return {
        "id": state.id,
        "number": state.number,
        "number_final": state.number_final,
        "title": state.title,
        "status": state.status.value,
        "priority": state.priority.value,
        "impact": state.impact,
        "urgency": state.urgency,
        "assignee": state.assignee,
        "root_cause_ci": state.root_cause_ci,
        "fault_code": state.fault_code,
        "fault_text": state.fault_text,
        "affected_cis": list(state.affected_cis),
        "lines": [
            {"id": x.id, "cost_per_hour": x.cost_per_hour, "units_per_shift": x.units_per_shift}
            for x in state.lines
        ],
        "cost_per_hour": state.cost_per_hour,
        "fault_at_ms": state.fault_at_ms,
        "repeat_count": state.repeat_count,
        "root_cause": state.root_cause,
        "preventive_action": state.preventive_action,
        "problem_id": state.problem_id,
        "duplicate_of": survivor,
        "duplicate_of_number": converged.numbers.get(converged.survivor or ""),
        "duplicates": [
            {"id": d, "number": converged.numbers.get(d)}
            for d in (converged.merged.duplicate_ids if converged.merged else ())
        ],
        "sla": [sla_dict(c) for c in status(state, now_ms, reader.sla)],
        "cost_so_far": {
            "downtime_s": round(cost.downtime_s, 1),
            "scheduled_downtime_s": round(cost.scheduled_downtime_s, 1),
            "eur": round(cost.cost_eur, 2),
            "units_lost": round(cost.units_lost, 1),
        },
        "notes": [
            {
                "kind": n.kind,
                "text": n.text,
                "user": n.user,
                "at_ms": n.hlc.wall_ms,
                "incident_id": incident_id,
                "from_duplicate": incident_id != state.id,
            }
            for incident_id, n in notes
        ],
        "timeline": [entry_dict(e) for e in state.timeline],
    }


def incident_lines(
    state: IncidentState, reader: Reader, now_ms: int, converged: Convergence | None = None
) -> list[str]:
    converged = converged or Convergence()
    data = incident_dict(state, reader, now_ms, converged)
    cost = data["cost_so_far"]
    lines = [x["id"] for x in data["lines"]]
    out = [
        f"{state.number}  {state.priority.value}  {state.status.value.upper()}  {state.title}",
        f"  id            {state.id}",
        f"  root cause    {state.root_cause_ci}  {state.fault_text}".rstrip(),
        f"  lines         {', '.join(lines) or '-'}  ({eur(state.cost_per_hour, per_hour=True)})",
        f"  fault at      {clock_text(state.fault_at_ms)}   repeats {state.repeat_count}",
        f"  assignee      {state.assignee or '-'}",
        f"  cost so far   {eur(cost['eur'])}: down {duration(cost['downtime_s'])}, "
        f"{duration(cost['scheduled_downtime_s'])} scheduled line time lost, "
        f"{cost['units_lost']:,.1f} units",
    ]
    if converged.survivor is not None:
        number = converged.numbers.get(converged.survivor, converged.survivor)
        out.append(f"  DUPLICATE of  {number}: its stop, cost and SLA count there")
    if data["duplicates"]:
        numbers = ", ".join(d["number"] or d["id"][:13] for d in data["duplicates"])
        out.append(f"  duplicates    {numbers} (their notes below, marked)")
    for clock in data["sla"]:
        left = clock["remaining_s"]
        when = f"{duration(left)} left" if left >= 0 else f"overdue by {duration(-left)}"
        if clock["stopped_at_ms"] is not None:
            when = f"met at {clock_text(clock['stopped_at_ms'])}" if left >= 0 else "breached"
        pause = " (paused)" if clock["paused"] else ""
        out.append(f"  SLA {clock['name']:<12} {clock['level']:<8} {when}{pause}")
    out.append("  timeline:")
    for entry in state.timeline:
        out.append(f"    {clock_text(entry.hlc.wall_ms)}  {entry_text(entry)}")
    if data["duplicates"]:
        out.append("  notes (with its duplicates'):")
        for note in data["notes"]:
            mark = ""
            if note["from_duplicate"]:
                mark = f"[from duplicate {converged.numbers.get(note['incident_id'], '?')}] "
            out.append(
                f"    {clock_text(note['at_ms'])}  {mark}{note['kind'].replace('_', ' ')}: "
                f"{note['text']} — {note['user']}"
            )
    return out


def entry_text(entry: TimelineEntry) -> str:
    who = f"{entry.user}@{entry.console_id}"
    p = entry.payload
    if entry.kind is EntryKind.NEWER_EVENT:
        return f"newer event {entry.type} v? by {who}"
    if entry.kind is EntryKind.OVERRIDDEN:
        return f"{entry.field} {entry.value!r} (by {who}) replaced by a later change"
    detail = ""
    if entry.type in ("comment", "work_note"):
        detail = f": {p.get('text', '')}"
    elif entry.type == "assigned":
        detail = f" to {p.get('assignee') or 'nobody'}"
    elif entry.type == "status_changed":
        detail = f" to {p.get('to')}" + (f" ({p['reason']})" if p.get("reason") else "")
    elif entry.type == "resolved" and p.get("root_cause"):
        detail = f": {p['root_cause']}"
    elif entry.type == "diagnostic_attached":
        detail = f": {p.get('kind')} {p.get('result')} {p.get('summary', '')}"
    elif entry.type == "created":
        detail = f": {p.get('title')}"
    elif entry.type == "linked_to_problem":
        detail = f" {p.get('problem_id') or '(unlinked)'}"
    elif entry.type in ("problem_updated", "review_updated"):
        fields = ("problem_id", "title", "status", "root_cause", "preventive_action")
        detail = ": " + "; ".join(f"{k.replace('_', ' ')} {p[k]}" for k in fields if p.get(k))
    noop = (
        f"  [no effect: {render(entry.why)}]" if entry.kind is EntryKind.NOOP and entry.why else ""
    )
    return f"{entry.type.replace('_', ' ')}{detail} — {who}{noop}"
