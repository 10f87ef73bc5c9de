"""The fold's working state: mutable while events are applied, frozen by `state()`.

The per-type rules live in `models.incidents.fold_rules`; this holds the shared
mechanics they use: last-writer-wins writes, lifecycle transitions, intervals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from models.incidents import payloads as p
from models.incidents.events import Event
from models.incidents.hlc import Hlc
from models.incidents.lifecycle import Action, Status, next_status
from models.incidents.payloads import PAYLOADS as _PAYLOADS
from models.incidents.priority import PriorityMatrix
from models.incidents.state import (
    EntryKind,
    IncidentState,
    Interval,
    LineStop,
    Note,
    TimelineEntry,
)
from models.states import Reason

SCALARS = (
    *("title", "impact", "urgency", "assignee", "problem_id", "duplicate_of", "number"),
    *("root_cause", "preventive_action"),
)

_INITIAL_VALUES: dict[str, Any] = {
    **dict.fromkeys(SCALARS),
    **{"title": "", "impact": 3, "urgency": 3, "number": ""},
}
_INITIAL_AT: dict[str, int | None] = dict.fromkeys(
    ("acknowledged", "on_site", "recovered", "resolved", "closed")
)
_NO_CREATED: dict[str, Any] = {
    **{"local_ref": "", "ci": "", "fault_code": None, "fault_text": "", "profile": None},
    **{"origin": "", "lines": (), "dedup_key": "", "fault_at_ms": None},
}
"""What `state` reads from the created event's fields while it has not arrived."""

_NEW = object.__new__
_SET = object.__setattr__


def _timeline_entry(kind: EntryKind, e: Event, why: Reason | None) -> TimelineEntry:
    """`TimelineEntry.of(kind, e, why)`, built without the frozen dataclass's setattrs
    (one per event in a fold: 100,000 in an initial sync): its fields in one dict display
    (`vars(entry).update(**fields)` first builds a keyword dict, then copies it)."""
    entry = _NEW(TimelineEntry)
    _SET(
        entry,
        "__dict__",
        {
            "kind": kind,
            "event_id": e.id,
            "type": e.type,
            "hlc": e.hlc,
            "console_id": e.console_id,
            "user": e.user,
            "payload": e.payload,
            "why": why,
            "field": None,
            "value": None,
            "superseded_by": None,
        },
    )
    return entry


class FoldAcc:
    """One incident being folded."""

    def __init__(self, incident_id: str) -> None:
        self.id = incident_id
        self.status = Status.NEW
        self.values: dict[str, Any] = _INITIAL_VALUES.copy()
        self.writers: dict[str, Event] = {}
        self.created: p.Created | None = None
        self.opened: tuple[Hlc, str, str] | None = None
        self.affected: dict[str, None] = {}
        self.at: dict[str, int | None] = _INITIAL_AT.copy()
        self.holds: list[Interval] = []
        self.resolved_periods: list[Interval] = []
        self.down: list[Interval] = []
        self.repeats = 0
        self.notes: list[Note] = []
        self.timeline: list[TimelineEntry] = []
        self.overridden: list[TimelineEntry] = []
        self.last_hlc: Hlc | None = None

    def apply(self, event: Event, rule: Callable[[FoldAcc, Event], Reason | None] | None) -> None:
        """Apply one event with its type's rule (None: a type or version we do not know)."""
        self.last_hlc = event.hlc
        if rule is None or event.version not in _PAYLOADS.get(event.type, ()):  # = not known
            known = p.CURRENT_VERSION.get(event.type)
            newer = Reason.of("unknown_type", type=event.type)
            if known is not None:
                newer = Reason.of("newer_version", version=event.version, known=known)
            self._entry(EntryKind.NEWER_EVENT, event, newer)
            return
        why = rule(self, event)  # may add to `overridden` (empty here)
        self.timeline.append(
            _timeline_entry(EntryKind.EVENT if why is None else EntryKind.NOOP, event, why)
        )
        if self.overridden:  # rare: a write replaced another's value
            self.timeline.extend(self.overridden)
            self.overridden = []

    def _entry(self, kind: EntryKind, event: Event, why: Reason | None) -> None:
        self.timeline.append(_timeline_entry(kind, event, why))

    def write(self, field: str, value: object, event: Event) -> None:
        """Last writer wins; a value that is replaced by a different one stays visible."""
        old, loser = self.values[field], self.writers.get(field)
        if loser is not None and old != value:
            self.overridden.append(TimelineEntry.overridden(loser, field, old, event))
        self.values[field] = value
        self.writers[field] = event

    def transition(self, event: Event, action: Action, reason: str = "") -> Reason | None:
        target = next_status(self.status, action)
        if target is None:
            return Reason.of("invalid_transition", status=self.status.value, action=action.value)
        now = event.hlc.wall_ms
        if self.status is Status.ON_HOLD:
            self.holds[-1] = Interval(self.holds[-1].start_ms, now, self.holds[-1].reason)
        if target is Status.ON_HOLD:
            self.holds.append(Interval(now, None, reason))
        if action is Action.ACKNOWLEDGE and self.at["acknowledged"] is None:
            self.at["acknowledged"] = now
        elif action is Action.RESOLVE:
            self.at["resolved"] = now
            self.end_down(now)
        elif action is Action.CLOSE:
            self.at["closed"] = now
        elif action is Action.REOPEN:
            self.resolved_periods.append(Interval(self.at["resolved"] or now, now))
            self.at["resolved"] = self.at["closed"] = None
        self.status = target
        return None

    def end_down(self, at_ms: int) -> bool:
        if not self.down or self.down[-1].end_ms is not None:
            return False
        start = self.down[-1].start_ms
        self.down[-1] = Interval(start, max(start, at_ms))
        return True

    def add_note(self, event: Event, text: str) -> None:
        note = _NEW(Note)  # = Note(event.id, event.type, text, ...), without frozen setattrs
        _SET(
            note,
            "__dict__",
            {
                "event_id": event.id,
                "kind": event.type,
                "text": text,
                "user": event.user,
                "console_id": event.console_id,
                "hlc": event.hlc,
                "payload": event.payload,
            },
        )
        self.notes.append(note)

    def state(self, matrix: PriorityMatrix) -> IncidentState:
        """The frozen state: `IncidentState(**fields)`, built without its 37 frozen setattrs
        (the fields in one dict display, as `_timeline_entry` does)."""
        # the created event's fields read from its dict: a pydantic model sends every
        # attribute read through its __getattr__ hook
        c = _NO_CREATED if self.created is None else vars(self.created)
        state = _NEW(IncidentState)
        _SET(state, "__dict__", self._fields(matrix, c, self.values))
        return state

    def _fields(
        self, matrix: PriorityMatrix, c: dict[str, Any], v: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "id": self.id,
            "created": self.created is not None,
            "number": v["number"] or c["local_ref"],
            "number_final": bool(v["number"]),
            "title": v["title"],
            "status": self.status,
            "impact": v["impact"],
            "urgency": v["urgency"],
            "priority": matrix.priority(v["impact"], v["urgency"]),
            "assignee": v["assignee"],
            "root_cause_ci": c["ci"],
            "fault_code": c["fault_code"],
            "fault_text": c["fault_text"],
            "profile": c["profile"],
            "origin": c["origin"],
            "affected_cis": tuple(self.affected),
            "lines": tuple(LineStop(x.id, x.cost_per_hour, x.units_per_shift) for x in c["lines"]),
            "dedup_key": c["dedup_key"],
            "opened": self.opened,
            "fault_at_ms": c["fault_at_ms"],
            "acknowledged_at_ms": self.at["acknowledged"],
            "on_site_at_ms": self.at["on_site"],
            "recovered_at_ms": self.at["recovered"],
            "resolved_at_ms": self.at["resolved"],
            "closed_at_ms": self.at["closed"],
            "holds": tuple(self.holds),
            "resolved_periods": tuple(self.resolved_periods),
            "down": tuple(self.down),
            "repeat_count": self.repeats,
            "duplicate_of": v["duplicate_of"],
            "problem_id": v["problem_id"],
            "root_cause": v["root_cause"],
            "preventive_action": v["preventive_action"],
            "notes": tuple(self.notes),
            "timeline": tuple(self.timeline),
            "last_hlc": self.last_hlc,
        }
