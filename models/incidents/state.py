"""What a fold produces: an incident's current state and its timeline (all immutable)."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from models.incidents.events import Event
from models.incidents.hlc import Hlc
from models.incidents.lifecycle import Status
from models.incidents.priority import Priority
from models.states import Reason


class EntryKind(enum.Enum):
    EVENT = "event"  # applied as written
    NOOP = "noop"  # kept but without effect (`why` says why), e.g. an invalid transition
    OVERRIDDEN = "overridden"  # a scalar value replaced by a later write (`superseded_by`)
    NEWER_EVENT = "newer_event"  # a type or version this code does not know


@dataclass(frozen=True)
class TimelineEntry:
    kind: EntryKind
    event_id: str
    type: str
    hlc: Hlc
    console_id: str
    user: str
    payload: Mapping[str, Any]
    why: Reason | None = None
    field: str | None = None  # OVERRIDDEN: the field and the value that lost
    value: Any = None
    superseded_by: str | None = None

    @classmethod
    def of(cls, kind: EntryKind, event: Event, why: Reason | None = None) -> TimelineEntry:
        e = event
        return cls(kind, e.id, e.type, e.hlc, e.console_id, e.user, e.payload, why)

    @classmethod
    def overridden(cls, loser: Event, field: str, value: object, winner: Event) -> TimelineEntry:
        """`loser` wrote `value` to `field`; `winner`, later in the order, replaced it."""
        entry = cls.of(EntryKind.OVERRIDDEN, loser)
        return dataclasses.replace(entry, field=field, value=value, superseded_by=winner.id)


@dataclass(frozen=True)
class Note:
    """A comment, work note or attached diagnostic: appended, never overwritten."""

    event_id: str
    kind: str  # comment | work_note | diagnostic_attached
    text: str
    user: str
    console_id: str
    hlc: Hlc
    payload: Mapping[str, Any]

    @property
    def sort_key(self) -> tuple[Hlc, str, str]:
        return (self.hlc, self.console_id, self.event_id)


@dataclass(frozen=True)
class Interval:
    """[start_ms, end_ms), end None while still running."""

    start_ms: int
    end_ms: int | None = None
    reason: str = ""

    def end_or(self, now_ms: int) -> int:
        return now_ms if self.end_ms is None else self.end_ms


def covered_ms(intervals: Iterable[Interval], start: int, end: int, now_ms: int) -> int:
    """How much of [start, end) the (possibly open) intervals cover, counted once."""
    spans = sorted((max(i.start_ms, start), min(i.end_or(now_ms), end)) for i in intervals)
    total, reach = 0, start
    for lo, hi in spans:
        lo = max(lo, reach)
        if hi > lo:
            total += hi - lo
            reach = hi
    return total


@dataclass(frozen=True)
class LineStop:
    """A line stopped by the incident, with its cost model as in force when the stop began."""

    id: str
    cost_per_hour: float
    units_per_shift: int


@dataclass(frozen=True)
class IncidentState:
    id: str
    created: bool  # False until the `created` event has arrived
    number: str  # temporary local reference ("L3-tmp-7") until the server assigns one
    number_final: bool
    title: str
    status: Status
    impact: int
    urgency: int
    priority: Priority  # derived from impact x urgency by the fold's matrix
    assignee: str | None
    root_cause_ci: str
    fault_code: str | None
    fault_text: str
    profile: str | None
    origin: str
    affected_cis: tuple[str, ...]
    lines: tuple[LineStop, ...]
    dedup_key: str
    opened: tuple[Hlc, str, str] | None  # sort key of the `created` event
    fault_at_ms: int | None
    acknowledged_at_ms: int | None
    on_site_at_ms: int | None
    recovered_at_ms: int | None
    resolved_at_ms: int | None
    closed_at_ms: int | None
    holds: tuple[Interval, ...]  # on-hold periods, with their reason
    resolved_periods: tuple[Interval, ...]  # resolved, later reopened
    down: tuple[Interval, ...]  # when the root cause was down (fault..recovered, repeats)
    repeat_count: int
    duplicate_of: str | None
    problem_id: str | None
    root_cause: str | None
    preventive_action: str | None
    notes: tuple[Note, ...]
    timeline: tuple[TimelineEntry, ...]
    last_hlc: Hlc | None

    @property
    def cost_per_hour(self) -> float:
        """EUR per hour of all stopped lines, at the rates in force when the stop began."""
        return sum(line.cost_per_hour for line in self.lines)

    @property
    def units_per_shift(self) -> int:
        return sum(line.units_per_shift for line in self.lines)

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def paused(self) -> tuple[Interval, ...]:
        """Periods that SLA clocks do not count: on hold, and resolved before a reopen."""
        return self.holds + self.resolved_periods
