"""Each merge rule of the fold on its own, with consoles that were offline from each other."""

from __future__ import annotations

import pytest

from models.incidents.events import Event
from models.incidents.fold import FoldContext, fold
from models.incidents.hlc import Hlc
from models.incidents.lifecycle import Status
from models.incidents.priority import Priority, PriorityMatrix
from models.incidents.state import EntryKind

from .builders import MIN, T0, Console, created, new_incident_id


def two_consoles() -> tuple[Console, Console, str, Event]:
    """Control room creates; a plant PC receives it, then both go their own way offline."""
    room, pc = Console("CR1", user="anna"), Console("PC-2", T0 + 1000, user="bob")
    iid = new_incident_id()
    first = room.create(iid)
    pc.observe([first])
    return room, pc, iid, first


def test_comments_and_work_notes_from_both_sides_all_survive() -> None:
    room, pc, iid, first = two_consoles()
    a = room.advance(MIN).event(iid, "comment", text="switch LEDs dark")
    b = pc.advance(MIN).event(iid, "work_note", text="on my way with a spare")
    c = room.advance(MIN).event(iid, "comment", text="fuse checked")
    state = fold([c, b, first, a])
    assert [n.text for n in state.notes] == [
        "switch LEDs dark",
        "on my way with a spare",
        "fuse checked",
    ]
    assert [n.kind for n in state.notes] == ["comment", "work_note", "comment"]


def test_notes_survive_even_on_a_closed_incident() -> None:
    room, _, iid, first = two_consoles()
    events = [
        first,
        room.event(iid, "resolved"),
        room.event(iid, "closed"),
        room.event(iid, "comment", text="late remark"),
    ]
    state = fold(events)
    assert state.status is Status.CLOSED
    assert state.notes[-1].text == "late remark"


def test_invalid_transition_after_a_merge_is_a_recorded_noop() -> None:
    room, pc, iid, first = two_consoles()
    ack = room.advance(MIN).event(iid, "acknowledged")
    pc.observe([ack])
    resolved = room.advance(MIN).event(iid, "resolved")
    hold = pc.advance(2 * MIN).event(iid, "status_changed", to="on_hold", reason="parts")
    state = fold([first, ack, resolved, hold])
    assert state.status is Status.RESOLVED
    noop = state.timeline[-1]
    assert noop.kind is EntryKind.NOOP and noop.event_id == hold.id
    assert str(noop.why) == "invalid_transition(action=hold, status=resolved)"
    assert state.holds == ()


def test_two_acknowledgements_count_once_and_the_first_sets_the_time() -> None:
    room, pc, iid, first = two_consoles()
    a = room.advance(MIN).event(iid, "acknowledged")
    b = pc.advance(3 * MIN).event(iid, "acknowledged")
    state = fold([b, a, first])
    assert state.acknowledged_at_ms == a.hlc.wall_ms
    assert [e.kind for e in state.timeline] == [EntryKind.EVENT, EntryKind.EVENT, EntryKind.NOOP]


def test_scalar_last_writer_wins_and_the_loser_stays_in_the_timeline() -> None:
    room, pc, iid, first = two_consoles()
    alice = room.advance(MIN).event(iid, "assigned", assignee="alice")
    bob = pc.advance(2 * MIN).event(iid, "assigned", assignee="bob")
    state = fold([bob, alice, first])
    assert state.assignee == "bob"
    lost = [e for e in state.timeline if e.kind is EntryKind.OVERRIDDEN]
    assert len(lost) == 1
    assert (lost[0].event_id, lost[0].field, lost[0].value) == (alice.id, "assignee", "alice")
    assert lost[0].superseded_by == bob.id
    # Overridden entry follows the winning event in the timeline.
    ids = [e.event_id for e in state.timeline]
    assert ids.index(bob.id) < ids.index(alice.id, ids.index(bob.id))


def test_last_writer_is_decided_by_hlc_not_by_arrival() -> None:
    room, pc, iid, first = two_consoles()
    late_clock = pc.advance(5 * MIN).event(iid, "title_changed", title="Switch SW-L3-043 dead")
    early = room.advance(MIN).event(iid, "title_changed", title="Line 3 stopped")
    assert fold([first, late_clock, early]).title == "Switch SW-L3-043 dead"


def test_equal_hlc_falls_back_to_console_id_then_event_id() -> None:
    iid = new_incident_id()
    first = Console("CR1").create(iid)
    same = Hlc(T0 + MIN, 0)
    a = Console("CR1", same.wall_ms).event(iid, "urgency_changed", urgency=2)
    b = Console("PC-2", same.wall_ms).event(iid, "urgency_changed", urgency=3)
    assert a.hlc == b.hlc
    assert fold([b, a, first]).urgency == 3  # "PC-2" sorts after "CR1"


def test_writing_the_same_value_loses_nothing() -> None:
    room, pc, iid, first = two_consoles()
    a = room.advance(MIN).event(iid, "assigned", assignee="alice")
    b = pc.advance(MIN).event(iid, "assigned", assignee="alice")
    state = fold([first, a, b])
    assert not [e for e in state.timeline if e.kind is EntryKind.OVERRIDDEN]


def test_priority_is_derived_from_impact_and_urgency() -> None:
    room, _, iid, first = two_consoles()
    assert fold([first]).priority is Priority.P1  # line stop: impact 1, urgency 1
    lower = room.advance(MIN).event(iid, "impact_changed", impact=2, reason="buffer running")
    assert fold([first, lower]).priority is Priority.P2
    strict = PriorityMatrix.from_names([["P1", "P1", "P2"], ["P1", "P2", "P3"], ["P3", "P4", "P5"]])
    assert fold([first, lower], FoldContext(strict)).priority is Priority.P1


def test_priority_is_never_stored() -> None:
    with pytest.raises(ValueError, match="priority"):
        Console().event(new_incident_id(), "created", **created(priority="P1"))


def test_unknown_type_is_kept_as_a_newer_event() -> None:
    room, _, iid, first = two_consoles()
    future = room.event(iid, "spare_robot_activated", robot="AR-099")
    state = fold([first, future])
    entry = state.timeline[-1]
    assert entry.kind is EntryKind.NEWER_EVENT and entry.event_id == future.id
    assert str(entry.why) == "unknown_type(type=spare_robot_activated)"
    assert entry.payload == {"robot": "AR-099"}


def test_newer_version_of_a_known_type_is_kept_but_not_applied() -> None:
    room, _, iid, first = two_consoles()
    v2 = room.event(iid, "assigned", version=2, assignees=["alice", "bob"])
    state = fold([first, v2])
    assert state.assignee is None
    assert str(state.timeline[-1].why) == "newer_version(known=1, version=2)"


def test_the_same_event_twice_counts_once() -> None:
    room, _, iid, first = two_consoles()
    note = room.event(iid, "comment", text="once")
    state = fold([first, note, note, first, note])
    assert len(state.notes) == 1
    assert len(state.timeline) == 2


def test_two_different_events_with_one_id_resolve_the_same_everywhere() -> None:
    room, _, iid, first = two_consoles()
    a = room.event(iid, "comment", text="a")
    b = Event(a.id, iid, "comment", 1, a.hlc, a.console_id, a.user, {"text": "b"})
    assert fold([first, a, b]) == fold([b, first, a])
    assert [n.text for n in fold([b, a, first]).notes] == ["a"]


def test_hold_intervals_are_recorded_with_their_reason() -> None:
    room, _, iid, first = two_consoles()
    events = [
        first,
        room.advance(MIN).event(iid, "acknowledged"),
        room.advance(MIN).event(iid, "status_changed", to="on_hold", reason="spare part"),
        room.advance(10 * MIN).event(iid, "status_changed", to="in_progress"),
        room.advance(MIN).event(iid, "status_changed", to="on_hold", reason="vendor call"),
    ]
    state = fold(events)
    assert [(h.end_ms is None, h.reason) for h in state.holds] == [
        (False, "spare part"),
        (True, "vendor call"),
    ]
    assert state.holds[0].end_or(0) - state.holds[0].start_ms == 10 * MIN


def test_recovery_and_flapping() -> None:
    room, _, iid, first = two_consoles()
    fault = first.payload["fault_at_ms"]
    events = [
        first,
        room.event(iid, "recovered", at_ms=fault + 60_000),
        room.event(iid, "recovered", at_ms=fault + 70_000),  # nothing down any more
        room.event(iid, "repeat", at_ms=fault + 120_000),
        room.event(iid, "repeat", at_ms=fault + 125_000),  # still down: only counts
        room.event(iid, "recovered", at_ms=fault + 180_000),
    ]
    state = fold(events)
    assert state.repeat_count == 2
    assert [(d.start_ms - fault, d.end_or(0) - fault) for d in state.down] == [
        (0, 60_000),
        (120_000, 180_000),
    ]
    assert state.recovered_at_ms == fault + 180_000
    assert str(state.timeline[2].why) == "not_down"


def test_resolve_ends_the_downtime_and_reopen_records_the_resolved_period() -> None:
    room, _, iid, first = two_consoles()
    resolved = room.advance(30 * MIN).event(
        iid, "resolved", root_cause="PSU failed", preventive_action="redundant PSU"
    )
    reopened = room.advance(5 * MIN).event(iid, "reopened", reason="fault back")
    state = fold([first, resolved])
    assert state.down[0].end_ms == resolved.hlc.wall_ms
    assert (state.root_cause, state.preventive_action) == ("PSU failed", "redundant PSU")
    state = fold([first, resolved, reopened])
    assert state.status is Status.IN_PROGRESS and state.resolved_at_ms is None
    assert state.resolved_periods[0].end_ms == reopened.hlc.wall_ms
    assert state.root_cause == "PSU failed"


def test_server_number_replaces_the_temporary_one() -> None:
    _, _, iid, first = two_consoles()
    assert (fold([first]).number, fold([first]).number_final) == ("L3-tmp-7", False)
    numbered = Console("server").event(iid, "number_assigned", number="INC-2024-0042")
    state = fold([numbered, first])
    assert (state.number, state.number_final) == ("INC-2024-0042", True)


def test_on_site_is_the_first_arrival_and_needs_an_open_incident() -> None:
    room, pc, iid, first = two_consoles()
    a = pc.advance(MIN).event(iid, "technician_on_site", technician="bob")
    b = room.advance(2 * MIN).event(iid, "technician_on_site", technician="carl")
    assert fold([first, a, b]).on_site_at_ms == a.hlc.wall_ms
    resolved = room.event(iid, "resolved")
    late = room.event(iid, "technician_on_site")
    assert fold([first, resolved, late]).timeline[-1].kind is EntryKind.NOOP


def test_problem_link_duplicate_mark_and_related_cis() -> None:
    room, _, iid, first = two_consoles()
    other = new_incident_id()
    events = [
        first,
        room.event(iid, "linked_to_problem", problem_id="PRB-7"),
        room.event(iid, "marked_duplicate", of=iid),  # of itself: no-op
        room.event(iid, "marked_duplicate", of=other),
        room.event(iid, "related_ci_added", ci="AR-043"),
        room.event(iid, "related_ci_added", ci="AR-042"),  # already there
        room.event(iid, "diagnostic_attached", ci="SW-L3-043", kind="ping", result="failed"),
    ]
    state = fold(events)
    assert (state.problem_id, state.duplicate_of) == ("PRB-7", other)
    assert state.affected_cis == ("AR-042", "AR-042-PLC", "AR-043", "SW-L3-043")
    assert str(state.timeline[2].why) == "duplicate_of_itself"
    assert state.notes[-1].kind == "diagnostic_attached"


def test_events_ordered_before_created_still_count() -> None:
    iid = new_incident_id()
    early = Console("PC-2", T0 - MIN).event(iid, "comment", text="I saw it first")
    state = fold([Console("CR1").create(iid), early])
    assert state.created and state.notes[0].text == "I saw it first"
    assert fold([early]).created is False


def test_fold_refuses_no_events_or_mixed_incidents() -> None:
    with pytest.raises(ValueError, match="exactly one incident"):
        fold([])
    with pytest.raises(ValueError, match="exactly one incident"):
        fold([Console().create(), Console().create()])
