"""Incident heads: the folded summary of each incident that lists show (`incident_head`).

A head is a cache: `head_values` builds it from a folded state and the repository
writes it in the same transaction as the events it came from.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any, NamedTuple

from sqlalchemy import Connection

from models.incidents.lifecycle import Status
from models.incidents.state import IncidentState
from models.store.engine import Store

OPEN_STATUSES = tuple(s.value for s in Status if s.is_open)


class IncidentHead(NamedTuple):
    """One row of the incident list (field order = `_COLUMNS`); a tuple: 10,000 of them
    are built on every list refresh."""

    id: str
    created: bool
    number: str
    number_final: bool
    title: str
    status: str
    priority: str
    impact: int
    urgency: int
    origin: str
    root_ci: str
    fault_code: str | None
    fault_text: str
    lines: tuple[str, ...]
    cost_per_hour: float
    units_per_shift: int
    assignee: str | None
    opened_ms: int | None
    acknowledged_ms: int | None
    on_site_ms: int | None
    recovered_ms: int | None
    resolved_ms: int | None
    closed_ms: int | None
    down_since_ms: int | None
    on_hold_since_ms: int | None
    repeat_count: int
    note_count: int
    event_count: int
    dedup_key: str
    duplicate_of: str | None
    problem_id: str | None
    updated_hlc: str

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_down(self) -> bool:
        return self.down_since_ms is not None


_COLUMNS = (
    "incident_id, created, number, number_final, title, status, priority, impact, urgency, "
    "origin, root_ci, fault_code, fault_text, lines, cost_per_hour, units_per_shift, assignee, "
    "opened_ms, acknowledged_ms, on_site_ms, recovered_ms, resolved_ms, closed_ms, "
    "down_since_ms, on_hold_since_ms, repeat_count, note_count, event_count, dedup_key, "
    "duplicate_of, problem_id, updated_hlc"
)
_LINES_AT = 13


def head_values(state: IncidentState, event_count: int) -> dict[str, Any]:
    """The `incident_head` row of a folded incident."""
    down = state.down[-1] if state.down else None
    hold = state.holds[-1] if state.holds else None
    return {
        "incident_id": state.id,
        "created": state.created,
        "number": state.number,
        "number_final": state.number_final,
        "title": state.title,
        "status": state.status.value,
        "priority": state.priority.value,
        "impact": state.impact,
        "urgency": state.urgency,
        "origin": state.origin,
        "root_ci": state.root_cause_ci,
        "fault_code": state.fault_code,
        "fault_text": state.fault_text,
        "lines": [line.id for line in state.lines],
        "cost_per_hour": state.cost_per_hour,
        "units_per_shift": state.units_per_shift,
        "assignee": state.assignee,
        "opened_ms": state.fault_at_ms,
        "acknowledged_ms": state.acknowledged_at_ms,
        "on_site_ms": state.on_site_at_ms,
        "recovered_ms": state.recovered_at_ms,
        "resolved_ms": state.resolved_at_ms,
        "closed_ms": state.closed_at_ms,
        "down_since_ms": down.start_ms if down is not None and down.end_ms is None else None,
        "on_hold_since_ms": hold.start_ms if hold is not None and hold.end_ms is None else None,
        "repeat_count": state.repeat_count,
        "note_count": len(state.notes),
        "event_count": event_count,
        "dedup_key": state.dedup_key,
        "duplicate_of": state.duplicate_of,
        "problem_id": state.problem_id,
        "updated_hlc": str(state.last_hlc) if state.last_hlc else "",
    }


def list_heads(
    store: Store,
    *,
    open_only: bool = False,
    statuses: Collection[str] = (),
    priorities: Collection[str] = (),
    line: str | None = None,
    root_ci: str | None = None,
    dedup_key: str | None = None,
    origin: str | None = None,
    active_since_ms: int | None = None,
    limit: int | None = None,
) -> list[IncidentHead]:
    """Heads, newest fault first. `active_since_ms`: open now, or faulted/resolved since then."""
    where: list[str] = []
    params: list[Any] = []
    chosen = list(OPEN_STATUSES) if open_only else list(statuses)
    for column, values in (("status", chosen), ("priority", list(priorities))):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    for column, value in (("root_ci", root_ci), ("dedup_key", dedup_key), ("origin", origin)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if line is not None:
        where.append("EXISTS (SELECT 1 FROM json_each(lines) WHERE json_each.value = ?)")
        params.append(line)
    if active_since_ms is not None:
        marks = ", ".join("?" * len(OPEN_STATUSES))
        where.append(f"(status IN ({marks}) OR opened_ms >= ? OR resolved_ms >= ?)")
        params.extend([*OPEN_STATUSES, active_since_ms, active_since_ms])
    sql = f"SELECT {_COLUMNS} FROM incident_head"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY opened_ms DESC, incident_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with store.read() as connection:
        return heads_of(connection, sql, tuple(params))


def heads_of(connection: Connection, sql: str, params: tuple[Any, ...]) -> list[IncidentHead]:
    """Run a SELECT of `_COLUMNS` and build heads (lines JSON parsed once per distinct text)."""
    rows = connection.exec_driver_sql(sql, params).fetchall()
    parsed: dict[str, tuple[str, ...]] = {}
    heads = []
    make = IncidentHead._make
    for row in rows:
        values = list(row)
        text = values[_LINES_AT]
        lines = parsed.get(text)
        if lines is None:
            lines = parsed[text] = tuple(json.loads(text))
        values[_LINES_AT] = lines
        values[1], values[3] = bool(values[1]), bool(values[3])
        heads.append(make(values))
    return heads


def head_by_id(store: Store, incident_id: str) -> IncidentHead | None:
    with store.read() as connection:
        sql = f"SELECT {_COLUMNS} FROM incident_head WHERE incident_id = ?"
        found = heads_of(connection, sql, (incident_id,))
    return found[0] if found else None


def find_incident_ids(store: Store, ref: str) -> list[str]:
    """Incidents a person may mean by `ref`: a number (final or temporary) or an id prefix."""
    ref = ref.strip()
    if not ref:
        return []
    with store.read() as connection:
        by_number = connection.exec_driver_sql(
            "SELECT incident_id FROM incident_head WHERE number = ? ORDER BY incident_id", (ref,)
        ).fetchall()
        if by_number:
            return [row[0] for row in by_number]
        if len(ref) < 4 or not all(c in "0123456789abcdef-" for c in ref.lower()):
            return []
        by_prefix = connection.exec_driver_sql(
            "SELECT incident_id FROM incident_head WHERE incident_id LIKE ? ORDER BY incident_id",
            (ref.lower() + "%",),
        ).fetchall()
    return [row[0] for row in by_prefix]


def heads_by_ids(store: Store, incident_ids: Collection[str]) -> list[IncidentHead]:
    """The heads of these incidents (unknown ids are left out)."""
    ids = list(incident_ids)
    found: list[IncidentHead] = []
    with store.read() as connection:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            sql = f"SELECT {_COLUMNS} FROM incident_head WHERE incident_id IN "
            sql += f"({', '.join('?' * len(chunk))})"
            found += heads_of(connection, sql, tuple(chunk))
    return found
