"""Property: any permutation and duplication of the same events folds to the same state.

Scenarios are realistic: up to three consoles with skewed clocks (also jumping back)
write events against one incident, sometimes offline, sometimes syncing part of what
the others wrote, so HLCs interleave and concurrent edits conflict.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.incidents.events import Event, from_json, to_json
from models.incidents.fold import fold
from models.incidents.state import EntryKind

from .builders import Console, new_incident_id

NAMES = ["alice", "bob", "carl"]
ACTIONS: list[tuple[str, Any]] = [
    ("acknowledged", st.just({})),
    ("assigned", st.sampled_from([*NAMES, None]).map(lambda n: {"assignee": n})),
    ("technician_on_site", st.sampled_from(NAMES).map(lambda n: {"technician": n})),
    ("status_changed", st.just({"to": "in_progress"})),
    ("status_changed", st.sampled_from(["spare part", "vendor"]).map(lambda r: {"to": "on_hold", "reason": r})),
    ("impact_changed", st.integers(1, 3).map(lambda i: {"impact": i})),
    ("urgency_changed", st.integers(1, 3).map(lambda u: {"urgency": u})),
    ("title_changed", st.sampled_from(["Line 3 stop", "SW-L3-043 down"]).map(lambda t: {"title": t})),
    ("comment", st.text(min_size=1, max_size=20).map(lambda t: {"text": t})),
    ("work_note", st.text(min_size=1, max_size=20).map(lambda t: {"text": t})),
    ("diagnostic_attached", st.sampled_from(["ok", "failed"]).map(lambda r: {"ci": "SW-L3-043", "kind": "ping", "result": r})),
    ("related_ci_added", st.sampled_from(["AR-042", "AR-043", "CONV-L3"]).map(lambda c: {"ci": c})),
    ("recovered", st.integers(0, 600_000).map(lambda d: {"at_ms": 1_732_290_000_000 + d})),
    ("repeat", st.integers(0, 600_000).map(lambda d: {"at_ms": 1_732_290_000_000 + d})),
    ("resolved", st.sampled_from([{}, {"root_cause": "PSU", "preventive_action": "spare PSU"}])),
    ("closed", st.just({})),
    ("reopened", st.just({"reason": "back again"})),
    ("linked_to_problem", st.sampled_from(["PRB-1", "PRB-2", None]).map(lambda p: {"problem_id": p})),
    ("number_assigned", st.sampled_from(["INC-1", "INC-2"]).map(lambda n: {"number": n})),
    ("future_event", st.just({"anything": [1, {"x": None}]})),
]  # fmt: skip


@st.composite
def scenarios(draw: st.DrawFn) -> list[Event]:
    consoles = [
        Console(name, 1_732_290_000_000 + draw(st.integers(-60_000, 60_000)), user=name.lower())
        for name in ["CR1", "PC-2", "PC-3"][: draw(st.integers(1, 3))]
    ]
    iid = new_incident_id()
    log = [consoles[0].create(iid)]
    for _ in range(draw(st.integers(0, 30))):
        console = draw(st.sampled_from(consoles))
        console.advance(draw(st.integers(-5_000, 120_000)))  # clocks also jump back
        if draw(st.booleans()):  # a sync brings in part of what the others wrote
            console.observe(draw(st.lists(st.sampled_from(log), max_size=len(log))))
        type_, payloads = draw(st.sampled_from(ACTIONS))
        log.append(console.event(iid, type_, **draw(payloads)))
    return log


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.data())
def test_any_order_and_duplication_folds_to_the_same_state(
    events: list[Event], data: st.DataObject
) -> None:
    reference = fold(events)
    shuffled = data.draw(st.permutations(events))
    repeated = data.draw(st.lists(st.sampled_from(events), max_size=10))
    assert fold(shuffled + repeated) == reference
    assert fold([from_json(to_json(e)) for e in shuffled]) == reference


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_nothing_is_dropped(events: list[Event]) -> None:
    state = fold(events)
    written = [e for e in events if e.type in ("comment", "work_note", "diagnostic_attached")]
    assert {n.event_id for n in state.notes} == {e.id for e in written}
    own = [t for t in state.timeline if t.kind is not EntryKind.OVERRIDDEN]
    assert [t.event_id for t in own] == [e.id for e in sorted(events, key=lambda e: e.sort_key)]
    newer = {t.event_id for t in state.timeline if t.kind is EntryKind.NEWER_EVENT}
    assert newer == {e.id for e in events if e.type == "future_event"}
    for entry in state.timeline:
        if entry.kind is EntryKind.OVERRIDDEN:
            assert entry.superseded_by in {e.id for e in events}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_derived_fields_stay_consistent(events: list[Event]) -> None:
    state = fold(events)
    assert state.status.is_open == (state.resolved_at_ms is None)
    assert (state.closed_at_ms is not None) == (state.status.value == "closed")
    assert sum(1 for h in state.holds if h.end_ms is None) == (state.status.value == "on_hold")
    for a, b in zip(state.down, state.down[1:], strict=False):
        assert a.end_ms is not None and a.end_ms <= b.start_ms
