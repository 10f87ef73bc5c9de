"""Problem suggestions for recurring incidents, and the post-incident review."""

from __future__ import annotations

from typing import Any

import pytest

from models.incidents.fold import fold
from models.incidents.problems import (
    DAY_MS,
    ProblemStatus,
    fold_problems,
    review,
    suggest_problems,
)
from models.incidents.shifts import LineSchedule
from models.incidents.state import IncidentState

from .builders import HOUR, T0, Console, new_incident_id

NOW = T0 + 40 * DAY_MS


def incident(days_before_now: float, **created: Any) -> IncidentState:
    fault = NOW - round(days_before_now * DAY_MS)
    console = Console("CR1", fault)
    return fold([console.create(new_incident_id(fault), fault_at_ms=fault, **created)])


def test_three_on_one_ci_within_30_days_suggest_a_problem() -> None:
    states = [incident(d, ci="AR-042", fault_code=None) for d in (1, 10, 29)]
    [suggestion] = suggest_problems(states, NOW)
    assert (suggestion.kind, suggestion.key) == ("ci", "AR-042")
    assert suggestion.incident_ids == tuple(s.id for s in reversed(states))
    assert suggestion.first_ms < suggestion.last_ms


def test_too_few_or_too_old_suggest_nothing() -> None:
    states = [incident(d, ci="AR-042", fault_code=None) for d in (1, 10, 31)]
    assert suggest_problems(states, NOW) == []
    assert len(suggest_problems(states, NOW, threshold=2)) == 1
    assert len(suggest_problems(states, NOW, window_ms=40 * DAY_MS)) == 1


def test_same_fault_code_of_one_profile_across_devices() -> None:
    states = [
        incident(1, ci="AR-042-PLC", fault_code="0x2A", profile="s7-1500"),
        incident(2, ci="AR-043-PLC", fault_code="0x2A", profile="s7-1500"),
        incident(3, ci="AR-044-PLC", fault_code="0x2A", profile="s7-1500"),
        incident(4, ci="AR-045-PLC", fault_code="0x2A", profile="other"),
    ]
    [suggestion] = suggest_problems(states, NOW)
    assert (suggestion.kind, suggestion.key) == ("fault", "s7-1500:0x2A")
    assert len(suggestion.incident_ids) == 3


def test_duplicates_are_left_out_and_existing_links_reported() -> None:
    states = [incident(d, ci="AR-042", fault_code=None) for d in (1, 2, 3)]
    assert suggest_problems(states, NOW, exclude=frozenset({states[0].id})) == []
    console = Console("CR1", NOW)
    linked = fold(
        [
            console.create(states[1].id, fault_at_ms=states[1].fault_at_ms, ci="AR-042"),
            console.event(states[1].id, "linked_to_problem", problem_id="PRB-3"),
        ]
    )
    [suggestion] = suggest_problems([states[0], linked, states[2]], NOW)
    assert suggestion.linked_problems == ("PRB-3",)


def test_review_of_a_resolved_line_stop() -> None:
    console = Console("CR1", T0)
    iid = new_incident_id()
    events = [
        console.create(iid, fault_at_ms=T0),
        console.advance(HOUR).event(iid, "acknowledged"),
        console.advance(HOUR).event(
            iid, "resolved", root_cause="PSU of SW-L3-043 failed", preventive_action="spare PSU"
        ),
    ]
    state = fold(events)
    result = review(state, T0 + 100 * HOUR, {"L3": LineSchedule("L3")})
    assert result.downtime_s == result.scheduled_downtime_s == 2 * 3600
    assert result.cost_eur == pytest.approx(7600)
    assert result.units_lost == pytest.approx(60)
    assert (result.root_cause_ci, result.root_cause) == ("SW-L3-043", "PSU of SW-L3-043 failed")
    assert result.preventive_action == "spare PSU"
    assert [e.type for e in result.timeline] == ["created", "acknowledged", "resolved"]


def test_review_falls_back_to_the_fault_when_no_root_cause_is_written() -> None:
    state = incident(1)
    result = review(state, NOW, {})
    assert result.root_cause == "0x2A Safety door open"
    assert result.preventive_action == ""


def test_review_keeps_downtime_without_stopped_lines() -> None:
    state = incident(1, lines=[], impact=2)
    result = review(state, NOW, {})
    assert result.downtime_s == DAY_MS / 1000
    assert result.cost_eur == 0


def test_problem_records_fold_from_their_incidents_in_any_order() -> None:
    """problem_updated on linked incidents: per-field last writer wins by HLC, members are
    the incidents linked now; the result does not depend on which console saw what first."""
    a, b = Console("CR1", NOW), Console("CR2", NOW)
    ids = [new_incident_id(NOW - n) for n in (3, 2, 1)]
    events = {i: [a.create(i, fault_at_ms=NOW - 5, ci="AR-042")] for i in ids}
    for i in ids[:2]:
        events[i] += [
            a.event(i, "linked_to_problem", problem_id="PRB-7"),
            a.event(i, "problem_updated", problem_id="PRB-7", title="gripper", status="open"),
        ]
    a.advance(1000)
    events[ids[0]].append(a.event(ids[0], "problem_updated", problem_id="PRB-7", root_cause="x"))
    b.advance(2000)
    events[ids[1]].append(
        b.event(
            ids[1],
            "problem_updated",
            problem_id="PRB-7",
            root_cause="worn cam",
            status="known_error",
        )
    )
    events[ids[2]].append(a.event(ids[2], "problem_updated", problem_id="PRB-7", title="stale"))
    forward = [fold(events[i]) for i in ids]
    backward = [fold(list(reversed(events[i]))) for i in reversed(ids)]
    problem = fold_problems(forward)["PRB-7"]
    assert fold_problems(backward) == fold_problems(forward)
    assert problem.title == "gripper"  # the third incident is not linked: its write is ignored
    assert problem.root_cause == "worn cam" and problem.status is ProblemStatus.KNOWN_ERROR
    assert set(problem.incident_ids) == set(ids[:2]) and problem.ci == "AR-042"


def test_review_updated_edits_root_cause_last_writer_wins() -> None:
    console = Console("CR1", NOW)
    i = new_incident_id(NOW)
    events = [
        console.create(i, fault_at_ms=NOW - 5),
        console.event(i, "resolved", root_cause="door", preventive_action=None),
        console.event(
            i, "review_updated", root_cause="worn hinge", preventive_action="check weekly"
        ),
        console.event(i, "review_updated", preventive_action="replace hinge"),
    ]
    state = fold(events)
    assert (state.root_cause, state.preventive_action) == ("worn hinge", "replace hinge")
    assert fold(list(reversed(events))) == state
    assert [e.field for e in state.timeline if e.field] == ["root_cause", "preventive_action"]
