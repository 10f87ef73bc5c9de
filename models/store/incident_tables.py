"""Tables of incidents, sync and audit in the local store (migration 0002).

`incident_event` is the source of truth; `incident_head` is a cache folded from it
on every write (for fast lists), never written by anything else. `outbox` holds
what the server has not confirmed yet: incident events (`kind = 'event'`) and
diagnostic audit records (`kind = 'audit'`), each by its id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.store.tables import Base


class IncidentEventRow(Base):
    """One incident event exactly as written: `body` is its canonical JSON."""

    __tablename__ = "incident_event"
    __table_args__ = (Index("ix_incident_event_incident_id_hlc", "incident_id", "hlc"),)

    id: Mapped[str] = mapped_column(primary_key=True)
    incident_id: Mapped[str]
    type: Mapped[str]
    version: Mapped[int]
    hlc: Mapped[str] = mapped_column(String(21))
    """'0001732290000000-0003': sorts as text like the clock value."""
    console_id: Mapped[str]
    user: Mapped[str]
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime]
    origin: Mapped[str] = mapped_column(String(8))
    """'local' (written here, goes to the outbox) or 'remote' (pulled from the server)."""


class OutboxRow(Base):
    """Something written here that the server has not confirmed; FIFO by `seq`."""

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(unique=True)
    """An incident event id (kind 'event') or a diagnostic audit id (kind 'audit')."""
    kind: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]


class IncidentHeadRow(Base):
    """An incident's folded summary for lists: recomputed from its events on each write."""

    __tablename__ = "incident_head"
    __table_args__ = (
        Index("ix_incident_head_status_opened_ms", "status", "opened_ms"),
        Index("ix_incident_head_dedup_key", "dedup_key"),
        Index("ix_incident_head_number", "number"),
    )

    incident_id: Mapped[str] = mapped_column(primary_key=True)
    created: Mapped[bool]
    """False while only later events of it have arrived (its `created` is still missing)."""
    number: Mapped[str]
    number_final: Mapped[bool]
    title: Mapped[str]
    status: Mapped[str]
    priority: Mapped[str]
    impact: Mapped[int]
    urgency: Mapped[int]
    origin: Mapped[str]
    root_ci: Mapped[str]
    fault_code: Mapped[str | None]
    fault_text: Mapped[str]
    lines: Mapped[list[str]]
    cost_per_hour: Mapped[float]
    units_per_shift: Mapped[int]
    assignee: Mapped[str | None]
    opened_ms: Mapped[int | None]
    """The fault's time (SLA clocks run from it)."""
    acknowledged_ms: Mapped[int | None]
    on_site_ms: Mapped[int | None]
    recovered_ms: Mapped[int | None]
    resolved_ms: Mapped[int | None]
    closed_ms: Mapped[int | None]
    down_since_ms: Mapped[int | None]
    """Start of the current down period; None once the root cause has recovered."""
    on_hold_since_ms: Mapped[int | None]
    repeat_count: Mapped[int]
    note_count: Mapped[int]
    event_count: Mapped[int]
    dedup_key: Mapped[str]
    duplicate_of: Mapped[str | None]
    problem_id: Mapped[str | None]
    updated_hlc: Mapped[str] = mapped_column(String(21))


class SyncStateRow(Base):
    """Small facts of this console: its id, the HLC last handed out, the pull cursor."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str]


class MaintenanceWindowRow(Base):
    """A change record with its planned window (see models.incidents.maintenance)."""

    __tablename__ = "maintenance_window"

    id: Mapped[str] = mapped_column(primary_key=True)
    kind: Mapped[str]
    title: Mapped[str]
    cis: Mapped[list[str]]
    planned_start_ms: Mapped[int]
    planned_end_ms: Mapped[int]
    rollback_note: Mapped[str]
    approved_by: Mapped[list[str]]
    ended_ms: Mapped[int | None]
    created_by: Mapped[str]
    created_at: Mapped[datetime]
    # the synced version (models.store.suppression_repo): last writer by (hlc, console)
    updated_hlc: Mapped[str | None] = mapped_column(String(21))
    console_id: Mapped[str | None]
    updated_by: Mapped[str | None]


class ShelveRow(Base):
    """ISA-18.2 shelving of one CI's alarms; never deleted (clearing is recorded)."""

    __tablename__ = "shelve"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ci: Mapped[str] = mapped_column(index=True)
    user: Mapped[str]
    reason: Mapped[str]
    start_ms: Mapped[int]
    until_ms: Mapped[int]
    cleared_ms: Mapped[int | None]
    cleared_by: Mapped[str | None]
    console_id: Mapped[str]
    # the synced version: a client-generated id, last writer by (hlc, console)
    record_id: Mapped[str | None] = mapped_column(index=True, unique=True)
    updated_hlc: Mapped[str | None] = mapped_column(String(21))


class DiagnosticAuditRow(Base):
    """One diagnostic run: who ran what against which CI, when, and what came back."""

    __tablename__ = "diagnostic_audit"
    __table_args__ = (Index("ix_diagnostic_audit_ci_at_ms", "ci", "at_ms"),)

    id: Mapped[str] = mapped_column(primary_key=True)
    at_ms: Mapped[int]
    user: Mapped[str]
    console_id: Mapped[str]
    ci: Mapped[str]
    kind: Mapped[str]
    target: Mapped[str]
    result: Mapped[str]
    """ok | failed | partial | cancelled"""
    result_summary: Mapped[str]
    result_json: Mapped[dict[str, Any]] = mapped_column(JSON)
    duration_ms: Mapped[int]
