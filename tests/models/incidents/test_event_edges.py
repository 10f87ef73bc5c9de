"""Envelope values a database would refuse, or that only look like valid ids: refused at
parse time on both paths (the fast path of a feed page and the full checks), so the server
quarantines such an event instead of a console failing on the same page forever."""

from __future__ import annotations

import json
from typing import Any

import pytest

from models.incidents.events import EventError, from_dict, to_json
from tests.models.incidents.builders import MIN, Console


def envelope(**changes: Any) -> dict[str, Any]:
    console = Console("CR2", user="ben")
    created = console.advance(MIN).create()
    event = console.advance(MIN).event(created.incident_id, "comment", text="x")
    data: dict[str, Any] = json.loads(to_json(event))
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "changes",
    [
        {"user": "\ud800"},  # a lone surrogate: not UTF-8, SQLite refuses it
        {"version": 2**63, "type": "zz_new"},  # past any integer column
        {"type": "comment\n"},
        {"console_id": "CR2\n"},
        {"id": "0193548a-73a0-7000-8000-000000000003\n"},
    ],
    ids=["surrogate user", "huge version", "type with newline", "console newline", "id newline"],
)
@pytest.mark.parametrize("owned", [True, False], ids=["fast path", "full checks"])
def test_values_a_database_or_a_sort_would_trip_on_are_refused(
    changes: dict[str, Any], owned: bool
) -> None:
    data = envelope(**changes)
    if owned:
        data = json.loads(json.dumps(data))
    with pytest.raises(EventError):
        from_dict(data, owned=owned)


def test_a_plain_event_still_passes_both_paths() -> None:
    data = envelope()
    assert to_json(from_dict(json.loads(json.dumps(data)), owned=True)) == to_json(from_dict(data))
