"""The fold's fast path (input already in fold order, no id twice) gives exactly what the
general path gives, on sorted, shuffled, duplicated and conflicting inputs."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.incidents.events import Event
from models.incidents.fold import _unique_sorted_slow, unique_sorted

from .test_fold_properties import scenarios


def _variants(events: list[Event], data: st.DataObject) -> list[list[Event]]:
    ordered = sorted(events, key=lambda e: e.sort_key)
    shuffled = data.draw(st.permutations(events))
    doubled = data.draw(st.permutations(events + data.draw(st.lists(st.sampled_from(events)))))
    # one id written twice with different content (a corrupt or hostile copy)
    clash = dataclasses.replace(ordered[-1], user="mallory") if len(ordered) > 1 else ordered[0]
    return [ordered, shuffled, doubled, [*ordered, clash], [clash, *ordered]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.data())
def test_fast_path_equals_the_general_path(events: list[Event], data: st.DataObject) -> None:
    for variant in _variants(events, data):
        fast, slow = unique_sorted(iter(variant)), _unique_sorted_slow(list(variant))
        assert [e.id for e in fast] == [e.id for e in slow]
        assert all(a is b for a, b in zip(fast, slow, strict=True))


def test_sorted_unique_input_is_returned_in_order() -> None:
    from .builders import Console, new_incident_id

    console = Console("CR1", 1_732_290_000_000)
    iid = new_incident_id()
    events = [console.create(iid), *(console.event(iid, "comment", text=f"n{k}") for k in range(5))]
    assert unique_sorted(events) == sorted(events, key=lambda e: e.sort_key)
    assert unique_sorted(events) is not events  # a new list: callers may change it


def test_quick_timeline_entries_and_notes_equal_the_dataclass_constructors() -> None:
    from models.incidents.fold_acc import FoldAcc, _timeline_entry
    from models.incidents.state import EntryKind, Note, TimelineEntry
    from models.states import Reason

    from .builders import Console, new_incident_id

    console = Console("CR1", 1_732_290_000_000)
    iid = new_incident_id()
    event = console.event(iid, "comment", text="n ✓")
    why = Reason.of("duplicate_of_itself")
    for kind in EntryKind:
        for reason in (None, why):
            quick, slow = (
                _timeline_entry(kind, event, reason),
                TimelineEntry.of(kind, event, reason),
            )
            assert quick == slow and vars(quick) == vars(slow)
    acc = FoldAcc(iid)
    acc.add_note(event, "n ✓")
    expected = Note(
        event.id, event.type, "n ✓", event.user, event.console_id, event.hlc, event.payload
    )
    assert acc.notes == [expected] and vars(acc.notes[0]) == vars(expected)
