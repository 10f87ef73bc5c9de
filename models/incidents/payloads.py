"""Payload schema of each known event type, per version.

Only ids, enums, numbers and sizes are checked; free text is kept exactly as typed.
Models are strict (no "1" for 1) and forbid unknown keys: a new field is a new version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.plant_schema import ID_PATTERN

UUID_TEXT = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"

RefId = Annotated[str, Field(pattern=ID_PATTERN)]
IncidentId = Annotated[str, Field(pattern=UUID_TEXT)]
Level = Annotated[int, Field(ge=1, le=3)]
Ms = Annotated[int, Field(ge=0, lt=10**16)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=20_000)]
NoteText = Annotated[str, Field(min_length=1, max_length=20_000)]
ShortText = Annotated[str, Field(max_length=500)]
Person = Annotated[str, Field(min_length=1, max_length=128)]


class Payload(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class LineAtStop(Payload):
    """A stopped line and its cost model as in force when the stop began."""

    id: RefId
    cost_per_hour: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    units_per_shift: Annotated[int, Field(ge=0)] = 0


class Created(Payload):
    title: Title
    ci: RefId  # the root cause: the most upstream CI that is down
    fault_at_ms: Ms
    impact: Level
    urgency: Level
    local_ref: Annotated[str, Field(min_length=1, max_length=32)]
    fault_code: Annotated[str, Field(max_length=32)] | None = None
    fault_text: ShortText = ""
    profile: RefId | None = None
    affected_cis: list[RefId] = Field(default_factory=list, max_length=10_000)
    lines: list[LineAtStop] = Field(default_factory=list, max_length=1000)
    dedup_key: Annotated[str, Field(max_length=200)] = ""
    origin: Literal["auto", "manual"] = "manual"


class Acknowledged(Payload):
    note: Text = ""


class Assigned(Payload):
    assignee: Person | None  # None: unassigned


class TechnicianOnSite(Payload):
    technician: Annotated[str, Field(max_length=128)] = ""


class StatusChanged(Payload):
    to: Literal["in_progress", "on_hold"]
    reason: Text = ""

    @model_validator(mode="after")
    def _hold_reason(self) -> StatusChanged:
        if self.to == "on_hold" and not self.reason.strip():
            raise ValueError("putting an incident on hold needs a reason")
        return self


class ImpactChanged(Payload):
    impact: Level
    reason: Text = ""


class UrgencyChanged(Payload):
    urgency: Level
    reason: Text = ""


class TitleChanged(Payload):
    title: Title


class Note(Payload):
    text: NoteText


class DiagnosticAttached(Payload):
    ci: RefId
    kind: Annotated[str, Field(min_length=1, max_length=64)]
    result: Literal["ok", "failed", "partial", "cancelled"]
    summary: ShortText = ""
    run_id: Annotated[str, Field(max_length=64)] | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class RelatedCiAdded(Payload):
    ci: RefId
    role: Literal["affected", "cause", "related"] = "affected"


class At(Payload):
    """recovered / repeat: when the device came back or failed again (device or console time)."""

    at_ms: Ms


class Resolved(Payload):
    resolution: Text = ""
    root_cause: Text | None = None
    preventive_action: Text | None = None


class Closed(Payload):
    note: Text = ""


class Reopened(Payload):
    reason: Annotated[str, Field(min_length=1, max_length=20_000)]


class LinkedToProblem(Payload):
    problem_id: RefId | None  # None: unlinked


class MarkedDuplicate(Payload):
    of: IncidentId | None  # None: no longer a duplicate


class ProblemUpdated(Payload):
    """A problem record's fields as of this write (None: unchanged), on each of its incidents."""

    problem_id: RefId
    title: Title | None = None
    status: Literal["open", "known_error", "closed"] | None = None
    root_cause: Text | None = None
    preventive_action: Text | None = None


class ReviewUpdated(Payload):
    """Post-incident review: root cause and preventive action edited (None: unchanged)."""

    root_cause: Text | None = None
    preventive_action: Text | None = None


class NumberAssigned(Payload):
    number: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}$")]


PAYLOADS: dict[str, dict[int, type[Payload]]] = {
    "created": {1: Created},
    "acknowledged": {1: Acknowledged},
    "assigned": {1: Assigned},
    "technician_on_site": {1: TechnicianOnSite},
    "status_changed": {1: StatusChanged},
    "impact_changed": {1: ImpactChanged},
    "urgency_changed": {1: UrgencyChanged},
    "title_changed": {1: TitleChanged},
    "comment": {1: Note},
    "work_note": {1: Note},
    "diagnostic_attached": {1: DiagnosticAttached},
    "related_ci_added": {1: RelatedCiAdded},
    "recovered": {1: At},
    "repeat": {1: At},
    "resolved": {1: Resolved},
    "closed": {1: Closed},
    "reopened": {1: Reopened},
    "linked_to_problem": {1: LinkedToProblem},
    "marked_duplicate": {1: MarkedDuplicate},
    "number_assigned": {1: NumberAssigned},
    "problem_updated": {1: ProblemUpdated},
    "review_updated": {1: ReviewUpdated},
}
"""Known event types -> {version: payload model}."""

CURRENT_VERSION = {kind: max(versions) for kind, versions in PAYLOADS.items()}

_VALIDATE = {
    m: m.__pydantic_validator__.validate_python for v in PAYLOADS.values() for m in v.values()
}
VALIDATORS: dict[str, dict[int, Callable[[Any], Payload]]] = {
    kind: {v: _VALIDATE[model] for v, model in versions.items()}
    for kind, versions in PAYLOADS.items()
}
"""`PAYLOADS` as their models' validators: `VALIDATORS[t][v](data)` is
`PAYLOADS[t][v].model_validate(data)` (the same validator with the same defaults) minus
the Python wrapper around it, which cost as much as the validation of a comment. One
callable per model: types that share a model share it."""
