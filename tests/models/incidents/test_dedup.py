"""Duplicates converge on the earliest incident, the same whatever order they arrive in."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.incidents.dedup import dedup_key, merged_view, merged_views, opened_key, survivors
from models.incidents.events import Event
from models.incidents.fold import fold
from models.incidents.state import IncidentState

from .builders import MIN, T0, Console, new_incident_id


def raise_on(console: Console, key: str = "SW-L3-043|no_answer") -> list[Event]:
    iid = new_incident_id(console.now)
    return [console.create(iid, dedup_key=key)]


def test_two_consoles_raising_the_same_stop_offline_converge_on_the_earliest() -> None:
    room, pc = Console("CR1", T0), Console("PC-2", T0 + 2000)
    a, b = fold(raise_on(room)), fold(raise_on(pc))
    assert survivors([a, b]) == {b.id: a.id}
    assert survivors([b, a]) == {b.id: a.id}


def test_equal_hlc_is_decided_by_console_id() -> None:
    a, b = fold(raise_on(Console("PC-9", T0))), fold(raise_on(Console("CR1", T0)))
    assert survivors([a, b]) == {a.id: b.id}


def test_a_recurrence_after_resolution_is_not_a_duplicate() -> None:
    room = Console("CR1", T0)
    first = raise_on(room)
    first.append(room.advance(10 * MIN).event(first[0].incident_id, "resolved"))
    later = raise_on(room.advance(MIN))
    assert survivors([fold(first), fold(later)]) == {}


def test_overlap_chains_join_one_cluster() -> None:
    room = Console("CR1", T0)
    a_events = raise_on(room)
    b_events = raise_on(room.advance(5 * MIN))
    a_events.append(room.advance(5 * MIN).event(a_events[0].incident_id, "resolved"))
    c_events = raise_on(room.advance(5 * MIN))  # A is resolved, but B was still open
    a, b, c = fold(a_events), fold(b_events), fold(c_events)
    assert survivors([c, b, a]) == {b.id: a.id, c.id: a.id}


def test_different_or_empty_keys_never_merge() -> None:
    room = Console("CR1", T0)
    a = fold(raise_on(room, "SW-L3-043|no_answer"))
    b = fold(raise_on(room.advance(1), "AR-042|fault:0x2A"))
    c = fold(raise_on(room.advance(1), ""))
    d = fold(raise_on(room.advance(1), ""))
    assert survivors([a, b, c, d]) == {}


def test_a_persons_mark_is_honoured_and_chains_resolve() -> None:
    room = Console("CR1", T0)
    a = fold(raise_on(room, "k1"))
    b_events = raise_on(room.advance(1), "k2")
    c = fold(raise_on(room.advance(1), "k2"))  # automatic duplicate of b
    b_events.append(room.event(b_events[0].incident_id, "marked_duplicate", of=a.id))
    b = fold(b_events)
    assert survivors([a, b, c]) == {b.id: a.id, c.id: a.id}


def test_a_cycle_of_marks_is_broken_at_the_earliest() -> None:
    room = Console("CR1", T0)
    a_events, b_events = raise_on(room, "k1"), raise_on(room.advance(1), "k2")
    a_id, b_id = a_events[0].incident_id, b_events[0].incident_id
    a_events.append(room.event(a_id, "marked_duplicate", of=b_id))
    b_events.append(room.event(b_id, "marked_duplicate", of=a_id))
    assert survivors([fold(b_events), fold(a_events)]) == {b_id: a_id}


def test_merged_view_shows_the_duplicates_notes_on_the_survivor() -> None:
    room, pc = Console("CR1", T0), Console("PC-2", T0 + 1000)
    a_events, b_events = raise_on(room), raise_on(pc)
    a_id, b_id = a_events[0].incident_id, b_events[0].incident_id
    b_events.append(pc.advance(MIN).event(b_id, "comment", text="seen on the HMI too"))
    b_events.append(pc.event(b_id, "repeat", at_ms=T0 + 2 * MIN))
    b_events.append(pc.event(b_id, "related_ci_added", ci="CONV-L3"))
    a_events.append(room.advance(2 * MIN).event(a_id, "work_note", text="replacing switch"))
    a, b = fold(a_events), fold(b_events)
    view = merged_view(a, [b])
    assert [(iid, n.text) for iid, n in view.notes] == [
        (b_id, "seen on the HMI too"),
        (a_id, "replacing switch"),
    ]
    assert view.duplicate_ids == (b_id,)
    assert view.repeat_count == 2  # the duplicate itself and its repeat
    assert view.affected_cis[-1] == "CONV-L3"
    assert [v.survivor.id for v in merged_views([b, a])] == [a_id]


@st.composite
def incident_sets(draw: st.DrawFn) -> list[IncidentState]:
    consoles = [Console(n, T0 + draw(st.integers(0, 5000))) for n in ("CR1", "PC-2", "PC-3")]
    states = []
    for _ in range(draw(st.integers(1, 8))):
        console = draw(st.sampled_from(consoles))
        console.advance(draw(st.integers(0, 20 * MIN)))
        events = raise_on(console, draw(st.sampled_from(["k1", "k2", ""])))
        if draw(st.booleans()):
            resolved_after = draw(st.integers(0, 30 * MIN))
            events.append(console.advance(resolved_after).event(events[0].incident_id, "resolved"))
            console.advance(-resolved_after)
        states.append(fold(events))
    return states


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(incident_sets(), st.data())
def test_convergence_does_not_depend_on_input_order(
    states: list[IncidentState], data: st.DataObject
) -> None:
    mapping = survivors(states)
    assert survivors(data.draw(st.permutations(states))) == mapping
    by_id = {s.id: s for s in states}
    for dup, root in mapping.items():
        assert root not in mapping  # a survivor is nobody's duplicate
        assert by_id[dup].dedup_key == by_id[root].dedup_key != ""
        assert opened_key(by_id[root]) < opened_key(by_id[dup])


def test_dedup_key_is_built_alike_everywhere() -> None:
    assert dedup_key("SW-L3-043", "no_answer") == "SW-L3-043|no_answer"
    assert dedup_key("AR-042-PLC", "fault", "0x2A") == dedup_key("AR-042-PLC", "fault", "42")
    assert dedup_key("AR-042-PLC", "fault", "E-STOP ") == "AR-042-PLC|fault|e-stop"
