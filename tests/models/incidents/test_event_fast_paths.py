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
    hlc_text,
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
    assert [hlc_text(e) for e in read] == [str(e.hlc) for e in events]


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


def _outcome(data: dict[str, Any], owned: bool) -> tuple[str, Any]:
    try:
        event = from_dict(json.loads(json.dumps(data)), owned=owned)
    except EventError as exc:
        return ("refused", str(exc))
    text = hlc_text(event)  # the text the HLC came with is its str() (or not kept)
    assert text == str(event.hlc)
    return ("kept", (event, event.body, event.known, to_json(event), text))


def _mutations() -> list[dict[str, Any]]:
    base: dict[str, Any] = json.loads(to_json(_events()[1]))
    changes: list[dict[str, Any]] = [
        {},
        {"id": base["id"].upper()},
        {"id": "not-a-uuid"},
        {"id": 5},
        {"incident_id": base["incident_id"] + "0"},
        {"incident_id": None},
        {"type": "Comment"},
        {"type": "x" * 65},
        {"type": "newer_kind", "payload": {"anything": [1, {"b": None}]}},
        {"version": 0},
        {"version": True},
        {"version": "1"},
        {"version": 99},
        {"hlc": "0000000000000005-0009\n"},
        {"hlc": "5-9"},
        {"hlc": "\u0660" * 16 + "-0009"},  # Arabic-Indic digits: int() and \\d take them
        {"id": base["id"] + "\n"},  # `$` matches before a final line feed
        {"incident_id": base["incident_id"] + "\n"},
        {"type": "comment\n"},
        {"type": "newer_kind\n", "payload": {}},
        {"console_id": "CR-1.a\n"},
        {"console_id": "CR-9", "user": 'a "new" \\ user\n'},
        {"hlc": "000000000000000\uff15-0009"},  # a full-width 5
        {"hlc": "0000000000000005+0009"},
        {"hlc": "0000000000000005-000\u00b2"},  # superscript two: isdigit(), not int()
        {"payload": {"text": ""}},
        {"payload": {"text": 'ü "q" \\ \u2028 \U0001f600'}},
        {"payload": {"text": "x", "extra": 1}},
        {"type": "newer_kind", "payload": {'k"ey\u00e9': "v\n"}},
        {"type": "newer_kind", "payload": {"k": 1.5}},
        {"type": "newer_kind", "payload": {"k": None}},
        {"hlc": 5},
        {"console_id": "bad console"},
        {"console_id": ""},
        {"user": ""},
        {"user": "u" * 129},
        {"user": "u" * 128},
        {"payload": []},
        {"payload": {"text": "ü" * (MAX_EVENT_BYTES // 2)}},  # over in bytes, not in chars
        {"payload": {"text": "ü" * (MAX_EVENT_BYTES // 2 - 20)}},
        {"payload": {"text": 1e400}},
    ]
    return [{**base, **change} for change in changes]


@pytest.mark.parametrize("data", _mutations())
def test_feed_fast_path_decides_like_the_full_checks(data: dict[str, Any]) -> None:
    """A feed page's events take `from_dict(owned=True)`'s quick path: it keeps and
    refuses exactly what the full checks keep and refuse, with the same message."""
    assert _outcome(data, owned=True) == _outcome(data, owned=False)


def test_an_unknown_type_from_the_feed_is_kept_as_a_newer_event() -> None:
    data: dict[str, Any] = json.loads(to_json(_events()[1]))
    data.update(type="made_by_v9", version=3, payload={"x": 1})
    event = from_dict(data, owned=True)
    assert not event.known and event.body is None and event.payload == {"x": 1}
