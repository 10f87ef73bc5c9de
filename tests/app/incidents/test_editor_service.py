"""The service side of the editors: shelving, maintenance windows, problems, reviews."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from app.incidents.service import ActionError, IncidentService
from models.incidents.maintenance import ChangeKind, MaintenanceWindow
from models.store.suppression_repo import load_shelves

PLC = "AR-051-PLC"
MIN, HOUR = 60_000, 3_600_000


def test_shelving_is_bounded_needs_a_reason_and_is_audited(service: IncidentService) -> None:
    with pytest.raises(ActionError, match="needs a reason"):
        service.shelve(PLC, " ", 10)
    with pytest.raises(ActionError, match="at most 8 h"):
        service.shelve(PLC, "chatter", 8 * 60 + 1)
    with pytest.raises(ActionError, match="at most 8 h"):
        service.shelve(PLC, "chatter", 0)
    with pytest.raises(ActionError, match="no CI 'NOPE'"):
        service.shelve("NOPE", "chatter", 10)
    with pytest.raises(ActionError, match="is not shelved"):
        service.unshelve(PLC)
    assert load_shelves(service.store) == []
    shelf = service.shelve(PLC, "  chatter ", 30)
    assert (shelf.user, shelf.reason) == ("anna", "chatter")
    assert service.shelved(PLC) == shelf and service.shelves_now() == [shelf]
    assert service.unshelve(PLC) == 1
    assert service.shelved(PLC) is None
    (audit,) = load_shelves(service.store)
    assert audit.cleared_by == "anna"


def test_windows_name_known_cis_and_overrun_is_flagged(
    service: IncidentService, clock: Any
) -> None:
    start = clock.now - MIN
    window = MaintenanceWindow(
        "CHG-7",
        ChangeKind.ROBOT_PROGRAM,
        "gripper path",
        frozenset({"GHOST"}),
        start,
        start + HOUR,
        "reload program P12",
    )
    with pytest.raises(ActionError, match="no CI GHOST"):
        service.save_window(window)
    window = dataclasses.replace(window, cis=frozenset({PLC}))
    assert service.save_window(window) == window
    assert service.next_window_id() == "CHG-CR1-1"  # typed ids (CHG-7) are not ours to count
    assert service.suppressions.lookup(PLC) is not None
    assert service.window_overrun(window) is None
    clock.advance(2 * 3600)
    over = service.window_overrun(window)
    assert over is not None and over.overrun_s == pytest.approx(3600 + 60)
    service.end_window("CHG-7")
    (ended,) = service.windows()
    assert ended.ended_ms == clock.now
    with pytest.raises(ActionError, match="no maintenance window CHG-99"):
        service.end_window("CHG-99")


def test_problem_records_group_incidents_and_review_edits(service: IncidentService) -> None:
    raised = [service.raise_manual(PLC, f"door open {n}", fault_text="door") for n in range(3)]
    (suggestion,) = [g for g in service.problem_suggestions() if g.kind == "ci"]
    assert set(suggestion.incident_ids) == {s.id for s in raised}
    with pytest.raises(ActionError, match="needs a title"):
        service.create_problem(" ", suggestion.incident_ids)
    with pytest.raises(ActionError, match="at least one incident"):
        service.create_problem("doors", [])
    with pytest.raises(ActionError, match="no incident"):
        service.create_problem("doors", ["0190f000-0000-7000-8000-000000000000"])
    assert service.problems() == {}  # nothing half-written
    problem = service.create_problem("door chatter", suggestion.incident_ids[:2])
    assert problem.incident_ids == suggestion.incident_ids[:2]
    assert [g.kind for g in service.problem_suggestions()] == ["ci"]  # one still unlinked
    rest = suggestion.incident_ids[2]
    problem = service.link_to_problem(problem.id, [rest])
    assert len(problem.incident_ids) == 3 and service.problem_suggestions() == []
    with pytest.raises(ActionError, match="already in"):
        service.link_to_problem(problem.id, [rest])
    problem = service.update_problem(problem.id, root_cause="worn hinge", status="known_error")
    assert (problem.root_cause, problem.status.value, problem.title) == (
        "worn hinge",
        "known_error",
        "door chatter",
    )
    with pytest.raises(ActionError, match="no problem PRB-NOPE"):
        service.update_problem("PRB-NOPE", title="x")
    state = service.update_review(raised[0].id, preventive_action="weekly hinge check")
    assert state.preventive_action == "weekly hinge check"
    assert service.review(raised[0].id).preventive_action == "weekly hinge check"
    with pytest.raises(ActionError, match="nothing to change"):
        service.update_review(raised[0].id)


def test_suggested_change_ids_carry_the_console_so_offline_consoles_never_collide(
    service: IncidentService, clock: Any
) -> None:
    start = clock.now
    first = MaintenanceWindow(
        service.next_window_id(),
        ChangeKind.PLC_FIRMWARE,
        "firmware",
        frozenset({PLC}),
        start,
        start + HOUR,
        "flash V4.1 back",
    )
    service.save_window(first)
    assert (first.id, service.next_window_id()) == ("CHG-CR1-1", "CHG-CR1-2")
