"""The fast paths of event construction agree with the slow, obviously right ones.

`to_json` assembles the canonical text around the payload text the checks made;
`from_dict(owned=True)` skips the defensive re-parse of freshly parsed JSON; trusted
reads hand back the stored text. Each must give exactly what the plain path gives,
and refuse exactly what it refuses.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from models.incidents.events import (
    MAX_EVENT_BYTES,
    Event,
    EventError,
    canonical_json,
    from_dict,
    from_json,
    to_dict,
    to_json,
)
from models.incidents.hlc import Hlc
from models.incidents.trusted import trusted_events
from tests.models.incidents.builders import Console, det_id

ODD_TEXT = 'ü "quoted" \\ back\x00slash \u2028 😀 </script>\' OR 1=1; --'


def _events() -> list[Event]:
    console = Console("CR-1.a", user=f"anna {ODD_TEXT}"[:128])
    incident = det_id(1)
    out = [console.create(incident), console.event(incident, "comment", text=ODD_TEXT)]
    out.append(console.event(incident, "assigned", assignee="tech-ü"))
    out.append(
        Event(
            det_id(5),
            incident,
            "from_the_future",
            7,
            Hlc(5, 9),
            "CR2",
            "bob",
            {"b": [1, 2.5, None, {"z": True, "a": "é"}], "a": {}},
            {"zzz": 1, "aaa": {"k": [1, "x"]}},
        )
    )
    return out


def test_to_json_is_the_canonical_dump_of_the_envelope() -> None:
    for event in _events():
        assert to_json(event) == canonical_json(to_dict(event))


@pytest.mark.parametrize("owned", [False, True])
def test_parsed_events_round_trip_byte_for_byte(owned: bool) -> None:
    for event in _events():
        text = canonical_json(to_dict(event))
        again = from_dict(json.loads(text), owned=owned)
        assert again == event
        assert to_json(again) == text
        assert from_json(text) == event


def test_trusted_reads_hand_back_the_stored_text() -> None:
    events = _events()
    texts = [to_json(e) for e in events]
    read = trusted_events(texts)
    assert read == events
    assert [to_json(e) for e in read] == texts


def _bad(payload_text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(to_json(_events()[1]))
    data["payload"] = json.loads(payload_text)
    return data


@pytest.mark.parametrize(
    ("payload_text", "says"),
    [
        ('{"text": NaN}', "not plain JSON"),
        ('{"text": "\\ud800"}', "not plain JSON"),
        ('{"text": 5}', "bad payload"),
        ('{"text": "' + "x" * MAX_EVENT_BYTES + '"}', "bytes, over"),
    ],
)
@pytest.mark.parametrize("owned", [False, True])
def test_owned_input_is_refused_like_any_other(payload_text: str, says: str, owned: bool) -> None:
    with pytest.raises(EventError, match=says):
        from_dict(_bad(payload_text), owned=owned)


def test_a_copy_of_the_callers_data_is_kept_unless_owned() -> None:
    data = json.loads(to_json(_events()[1]))
    event = from_dict(data)
    data["payload"]["text"] = "changed later"
    assert event.payload["text"] == ODD_TEXT
