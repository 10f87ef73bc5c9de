"""The lifecycle table, checked pair by pair through the fold (an invalid pair is a no-op)."""

from __future__ import annotations

from typing import Any

import pytest

from models.incidents.fold import fold
from models.incidents.lifecycle import TRANSITIONS, Action, Status
from models.incidents.state import EntryKind

from .builders import Console, new_incident_id

# The specification, written out independently of TRANSITIONS.
EXPECTED = {
    "new": {"acknowledge": "acknowledged", "resolve": "resolved"},
    "acknowledged": {"start": "in_progress", "hold": "on_hold", "resolve": "resolved"},
    "in_progress": {"hold": "on_hold", "resolve": "resolved"},
    "on_hold": {"start": "in_progress", "resolve": "resolved"},
    "resolved": {"close": "closed", "reopen": "in_progress"},
    "closed": {"reopen": "in_progress"},
}

ACTION_EVENTS: dict[str, tuple[str, dict[str, Any]]] = {
    "acknowledge": ("acknowledged", {}),
    "start": ("status_changed", {"to": "in_progress"}),
    "hold": ("status_changed", {"to": "on_hold", "reason": "waiting for spare part"}),
    "resolve": ("resolved", {"resolution": "switch replaced"}),
    "close": ("closed", {}),
    "reopen": ("reopened", {"reason": "fault is back"}),
}

PATHS = {
    "new": [],
    "acknowledged": ["acknowledge"],
    "in_progress": ["acknowledge", "start"],
    "on_hold": ["acknowledge", "start", "hold"],
    "resolved": ["resolve"],
    "closed": ["resolve", "close"],
}


def test_table_matches_the_specification() -> None:
    table = {(s.value, a.value): t.value for (s, a), t in TRANSITIONS.items()}
    spec = {(s, a): t for s, row in EXPECTED.items() for a, t in row.items()}
    assert table == spec


@pytest.mark.parametrize("status", [s.value for s in Status])
@pytest.mark.parametrize("action", [a.value for a in Action])
def test_each_pair(status: str, action: str) -> None:
    console = Console()
    iid = new_incident_id()
    events = [console.create(iid)]
    for step in PATHS[status]:
        events.append(console.event(iid, ACTION_EVENTS[step][0], **ACTION_EVENTS[step][1]))
    assert fold(events).status.value == status
    type_, payload = ACTION_EVENTS[action]
    events.append(console.event(iid, type_, **payload))
    state = fold(events)
    last = state.timeline[-1]
    target = EXPECTED[status].get(action)
    if target is None:
        assert state.status.value == status
        assert last.kind is EntryKind.NOOP
        assert last.why is not None and last.why.code == "invalid_transition"
        assert last.why.param("status") == status and last.why.param("action") == action
    else:
        assert state.status.value == target
        assert last.kind is EntryKind.EVENT
