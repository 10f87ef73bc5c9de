"""Problem records: recurring incidents grouped for root-cause work, and the review.

`suggest_problems` proposes groups (same CI, or same fault code of one device
profile) that recur often enough; `review` gathers what a post-incident review shows.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from models.incidents.cost import incident_cost
from models.incidents.hlc import Hlc
from models.incidents.shifts import LineSchedule
from models.incidents.state import EntryKind, IncidentState, TimelineEntry

DAY_MS = 86_400_000


class ProblemStatus(enum.Enum):
    OPEN = "open"
    KNOWN_ERROR = "known_error"  # root cause known, workaround documented
    CLOSED = "closed"


@dataclass(frozen=True)
class Problem:
    """A problem record (its event-sourced storage comes with the store)."""

    id: str
    title: str
    status: ProblemStatus = ProblemStatus.OPEN
    ci: str | None = None
    fault_code: str | None = None
    root_cause: str = ""
    workaround: str = ""
    incident_ids: tuple[str, ...] = ()
    preventive_action: str = ""


@dataclass(frozen=True)
class ProblemSuggestion:
    kind: str  # "ci" or "fault"
    key: str  # the CI id, or "profile:fault_code"
    incident_ids: tuple[str, ...]  # oldest first
    first_ms: int
    last_ms: int
    linked_problems: tuple[str, ...]  # problems some of them already belong to


def suggest_problems(
    incidents: Iterable[IncidentState],
    now_ms: int,
    threshold: int = 3,
    window_ms: int = 30 * DAY_MS,
    exclude: frozenset[str] = frozenset(),
) -> list[ProblemSuggestion]:
    """Groups with at least `threshold` incidents whose fault lies in the last `window_ms`.

    `exclude` takes incident ids to leave out, e.g. the duplicates from `dedup.survivors`.
    """
    groups: dict[tuple[str, str], list[IncidentState]] = {}
    for state in incidents:
        if state.id in exclude or state.duplicate_of or state.fault_at_ms is None:
            continue
        if not now_ms - window_ms <= state.fault_at_ms <= now_ms:
            continue
        groups.setdefault(("ci", state.root_cause_ci), []).append(state)
        if state.fault_code:
            fault = f"{state.profile or ''}:{state.fault_code}"
            groups.setdefault(("fault", fault), []).append(state)
    found = []
    for (kind, key), members in sorted(groups.items()):
        if len(members) < threshold:
            continue
        members.sort(key=lambda s: (s.fault_at_ms or 0, s.id))
        found.append(
            ProblemSuggestion(
                kind=kind,
                key=key,
                incident_ids=tuple(s.id for s in members),
                first_ms=members[0].fault_at_ms or 0,
                last_ms=members[-1].fault_at_ms or 0,
                linked_problems=tuple(sorted({s.problem_id for s in members if s.problem_id})),
            )
        )
    return found


@dataclass(frozen=True)
class Review:
    """Post-incident review: what happened, what it cost, why, and what prevents it."""

    incident_id: str
    number: str
    timeline: tuple[TimelineEntry, ...]
    downtime_s: float
    scheduled_downtime_s: float
    cost_eur: float
    units_lost: float
    root_cause_ci: str
    root_cause: str
    preventive_action: str
    problem_id: str | None


def review(state: IncidentState, now_ms: int, schedules: Mapping[str, LineSchedule]) -> Review:
    """The review of one incident (cost of this incident alone, at `now_ms`)."""
    cost = incident_cost(state, schedules, now_ms)
    fallback = " ".join(x for x in (state.fault_code or "", state.fault_text) if x)
    return Review(
        incident_id=state.id,
        number=state.number,
        timeline=state.timeline,
        downtime_s=cost.downtime_s,
        scheduled_downtime_s=cost.scheduled_downtime_s,
        cost_eur=cost.cost_eur,
        units_lost=cost.units_lost,
        root_cause_ci=state.root_cause_ci,
        root_cause=state.root_cause if state.root_cause is not None else fallback,
        preventive_action=state.preventive_action or "",
        problem_id=state.problem_id,
    )


PROBLEM_FIELDS = ("title", "status", "root_cause", "preventive_action")


def fold_problems(incidents: Iterable[IncidentState]) -> dict[str, Problem]:
    """Problem records from their incidents: members are the incidents linked now; each
    field is last-writer-wins over the `problem_updated` events on them, in fold order
    (hlc, console id, event id) - the same on every console whatever the input order."""
    members: dict[str, list[IncidentState]] = {}
    updates: dict[str, list[TimelineEntry]] = {}
    for state in incidents:
        if state.problem_id is None:
            continue
        members.setdefault(state.problem_id, []).append(state)
        for entry in state.timeline:
            if entry.type == "problem_updated" and entry.kind is EntryKind.EVENT:
                updates.setdefault(str(entry.payload["problem_id"]), []).append(entry)
    found = {}
    for problem_id, states in sorted(members.items()):
        values: dict[str, str] = {"title": problem_id, "status": "open"}
        values |= {"root_cause": "", "preventive_action": ""}
        written: dict[str, tuple[Hlc, str, str]] = {}
        for entry in updates.get(problem_id, []):
            key = (entry.hlc, entry.console_id, entry.event_id)
            for field in PROBLEM_FIELDS:
                value = entry.payload.get(field)
                if value is not None and (field not in written or key > written[field]):
                    values[field], written[field] = str(value), key
        states.sort(key=lambda s: (s.fault_at_ms or 0, s.id))
        cis = [s.root_cause_ci for s in states]
        codes = {s.fault_code for s in states}
        found[problem_id] = Problem(
            id=problem_id,
            title=values["title"],
            status=ProblemStatus(values["status"]),
            ci=max(sorted(set(cis)), key=cis.count) if cis else None,
            fault_code=codes.pop() if len(codes) == 1 else None,
            root_cause=values["root_cause"],
            incident_ids=tuple(s.id for s in states),
            preventive_action=values["preventive_action"],
        )
    return found
