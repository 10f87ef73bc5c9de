"""The fold's rule for each known event type: what it changes, or why it is a no-op.

A rule returns None when applied, or a `Reason` when the event is kept without effect
(an invalid transition, a recovery with nothing down, ...). Rules never raise.
"""

from __future__ import annotations

from collections.abc import Callable

from models.incidents import payloads as p
from models.incidents.events import Event
from models.incidents.fold_acc import FoldAcc
from models.incidents.lifecycle import action_for
from models.incidents.state import Interval
from models.states import Reason

Handler = Callable[[FoldAcc, Event], Reason | None]
RULES: dict[str, Handler] = {}


def _on(*types: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for kind in types:
            RULES[kind] = handler
        return handler

    return register


@_on("created")
def _created(f: FoldAcc, e: Event) -> Reason | None:
    if f.created is not None:
        return Reason.of("already_created")
    c = e.payload_as(p.Created)
    f.created = c
    f.opened = e.sort_key
    for field in ("title", "impact", "urgency"):
        f.write(field, getattr(c, field), e)
    f.affected.update(dict.fromkeys(c.affected_cis))
    f.down.append(Interval(c.fault_at_ms))
    return None


@_on("acknowledged", "resolved", "closed", "reopened", "status_changed")
def _lifecycle(f: FoldAcc, e: Event) -> Reason | None:
    body = e.body
    to = body.to if isinstance(body, p.StatusChanged) else None
    action = action_for(e.type, to)
    assert action is not None  # every type registered here has an action
    why = f.transition(e, action, body.reason if isinstance(body, p.StatusChanged) else "")
    if why is None and isinstance(body, p.Resolved):
        for field in ("root_cause", "preventive_action"):
            if getattr(body, field) is not None:
                f.write(field, getattr(body, field), e)
    return why


@_on("technician_on_site")
def _on_site(f: FoldAcc, e: Event) -> Reason | None:
    if not f.status.is_open:
        return Reason.of("incident_not_open", status=f.status.value)
    if f.at["on_site"] is None:
        f.at["on_site"] = e.hlc.wall_ms
    return None


_SCALAR_WRITES = {  # event type -> (payload field, state field)
    "assigned": ("assignee", "assignee"),
    "impact_changed": ("impact", "impact"),
    "urgency_changed": ("urgency", "urgency"),
    "title_changed": ("title", "title"),
    "linked_to_problem": ("problem_id", "problem_id"),
    "marked_duplicate": ("of", "duplicate_of"),
    "number_assigned": ("number", "number"),
}


@_on(*_SCALAR_WRITES)
def _scalar(f: FoldAcc, e: Event) -> Reason | None:
    source, field = _SCALAR_WRITES[e.type]
    value = getattr(e.body, source)
    if field == "duplicate_of" and value == f.id:
        return Reason.of("duplicate_of_itself")
    f.write(field, value, e)
    return None


@_on("comment", "work_note")
def _note(f: FoldAcc, e: Event) -> Reason | None:
    f.add_note(e, e.payload_as(p.Note).text)
    return None


@_on("diagnostic_attached")
def _diagnostic(f: FoldAcc, e: Event) -> Reason | None:
    body = e.payload_as(p.DiagnosticAttached)
    f.add_note(e, body.summary)
    f.affected.setdefault(body.ci)
    return None


@_on("related_ci_added")
def _related(f: FoldAcc, e: Event) -> Reason | None:
    f.affected.setdefault(e.payload_as(p.RelatedCiAdded).ci)
    return None


@_on("recovered")
def _recovered(f: FoldAcc, e: Event) -> Reason | None:
    at_ms = e.payload_as(p.At).at_ms
    if not f.end_down(at_ms):
        return Reason.of("not_down")
    f.at["recovered"] = at_ms
    return None


@_on("repeat")
def _repeat(f: FoldAcc, e: Event) -> Reason | None:
    if not f.status.is_open:
        return Reason.of("incident_not_open", status=f.status.value)
    at_ms = e.payload_as(p.At).at_ms
    f.repeats += 1
    if f.down and f.down[-1].end_ms is not None:
        f.down.append(Interval(max(at_ms, f.down[-1].end_ms)))
        f.at["recovered"] = None
    return None


@_on("review_updated")
def _review(f: FoldAcc, e: Event) -> Reason | None:
    body = e.payload_as(p.ReviewUpdated)
    for field in ("root_cause", "preventive_action"):
        if getattr(body, field) is not None:
            f.write(field, getattr(body, field), e)
    return None


@_on("problem_updated")
def _problem(f: FoldAcc, e: Event) -> Reason | None:
    """Kept in the timeline; `models.incidents.problems.fold_problems` reads it."""
    return None
