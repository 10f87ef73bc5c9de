"""Event schema: known payloads validated, unknown types and versions kept, canonical JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.incidents.events import Event, EventError, from_json, new_event, to_json
from models.incidents.hlc import Hlc, HlcClock
from models.incidents.ids import is_uuid, uuid7, uuid7_ms
from models.incidents.payloads import PAYLOADS

from .builders import T0, Console, created, new_incident_id


def test_uuid7_carries_its_time_and_version() -> None:
    text = uuid7(T0)
    assert is_uuid(text)
    assert text[14] == "7" and text[19] in "89ab"
    assert uuid7_ms(text) == T0
    assert uuid7(T0) != uuid7(T0)
    assert uuid7(T0) < uuid7(T0 + 1)


def test_every_known_type_has_a_schema() -> None:
    expected = {
        "created", "acknowledged", "assigned", "technician_on_site", "status_changed",
        "impact_changed", "urgency_changed", "title_changed", "comment", "work_note",
        "diagnostic_attached", "related_ci_added", "recovered", "resolved", "closed",
        "reopened", "linked_to_problem", "marked_duplicate", "number_assigned", "repeat",
        "problem_updated", "review_updated",
    }  # fmt: skip
    assert set(PAYLOADS) == expected


@pytest.mark.parametrize(
    ("type_", "payload", "complaint"),
    [
        ("created", created(impact=4), "impact"),
        ("created", created(impact="1"), "impact"),  # no coercion from text
        ("created", created(title=""), "title"),
        ("created", created(ci="bad id!"), "ci"),
        ("created", created(lines=[{"id": "L3", "cost_per_hour": -1}]), "cost_per_hour"),
        ("created", {**created(), "colour": "red"}, "colour"),
        ("assigned", {}, "assignee"),
        ("status_changed", {"to": "on_hold"}, "needs a reason"),
        ("status_changed", {"to": "closed"}, "to"),
        ("comment", {"text": ""}, "text"),
        ("comment", {"text": "x" * 20_001}, "text"),
        ("marked_duplicate", {"of": "not-a-uuid"}, "of"),
        ("recovered", {"at_ms": 1.5}, "at_ms"),
        ("reopened", {}, "reason"),
    ],
)
def test_a_malformed_payload_of_a_known_type_is_refused(
    type_: str, payload: dict[str, Any], complaint: str
) -> None:
    with pytest.raises(EventError, match=complaint) as info:
        Console().event(new_incident_id(), type_, **payload)
    assert type_ in str(info.value)


def test_envelope_is_checked() -> None:
    good = Console().event(new_incident_id(), "comment", text="hi")
    fields = {
        "id": "123",
        "incident_id": "X",
        "type": "Comment Added",
        "version": 0,
        "console_id": "",
        "user": "",
    }
    for name, bad in fields.items():
        data = json.loads(to_json(good))
        data[name] = bad
        with pytest.raises(EventError, match=name.split("_")[0]):
            from_json(json.dumps(data))


def test_non_json_payloads_are_refused() -> None:
    console = Console()
    with pytest.raises(EventError, match="plain JSON"):
        console.event(new_incident_id(), "comment", text=float("nan"))
    with pytest.raises(EventError, match="plain JSON"):
        console.event(new_incident_id(), "comment", text="\udcff")  # lone surrogate
    with pytest.raises(EventError, match="bytes"):
        console.event(new_incident_id(), "future_blob", blob="x" * 70_000)


def test_unknown_type_and_newer_version_are_kept_verbatim() -> None:
    console = Console()
    iid = new_incident_id()
    text = json.dumps(
        {
            "id": uuid7(T0),
            "incident_id": iid,
            "type": "spare_robot_activated",
            "version": 1,
            "hlc": "0001732290000000-0000",
            "console_id": "CR1",
            "user": "anna",
            "payload": {"robot": "AR-099", "nested": {"b": [1, 2.5, None]}},
            "signature": "abc",  # an envelope field from a newer schema
        }
    )
    event = from_json(text)
    assert not event.known and event.body is None
    assert event.extra == {"signature": "abc"}
    assert json.loads(to_json(event)) == json.loads(text)
    newer = console.event(iid, "comment", version=2, text=123, mentions=["bob"])
    assert not newer.known
    assert from_json(to_json(newer)) == newer


def test_payload_is_detached_from_the_callers_dict() -> None:
    payload: dict[str, Any] = {"text": "first"}
    event = Console().event(new_incident_id(), "comment", **payload)
    payload["text"] = "changed"
    assert event.payload == {"text": "first"}


def test_canonical_form_is_sorted_and_compact() -> None:
    clock = HlcClock(lambda: T0)
    event = new_event(
        clock,
        incident_id=new_incident_id(),
        type="comment",
        payload={"text": "Tür offen 🚪 <b>'; DROP TABLE"},
        console_id="CR1",
        user="anna",
    )
    text = to_json(event)
    assert text.startswith('{"console_id":"CR1","hlc":"0001732290000000-0000","id":')
    assert "Tür offen 🚪 <b>'; DROP TABLE" in text
    assert event.hlc == Hlc(T0, 0)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip
texts = st.text(min_size=1, max_size=200)  # utf-8 characters: no lone surrogates


@st.composite
def events(draw: st.DrawFn) -> Event:
    console = Console(
        draw(st.sampled_from(["CR1", "PC-2", "HMI.L3"])), T0 + draw(st.integers(0, 10**9))
    )
    iid = new_incident_id()
    kind = draw(st.sampled_from(["comment", "assigned", "created", "unknown", "newer"]))
    if kind == "comment":
        return console.event(iid, "comment", text=draw(texts))
    if kind == "assigned":
        return console.event(
            iid, "assigned", assignee=draw(st.none() | texts.map(lambda t: t[:128]))
        )
    if kind == "created":
        cost = draw(st.floats(0, 1e7, allow_nan=False))
        return console.create(iid, title=draw(texts), lines=[{"id": "L3", "cost_per_hour": cost}])
    payload = draw(st.dictionaries(st.text(max_size=8), json_values, max_size=5))
    if kind == "unknown":
        return console.write(iid, "future_thing", payload)
    return console.write(iid, "comment", payload, version=draw(st.integers(2, 9)))


@given(events())
def test_json_round_trip_is_exact_and_stable(event: Event) -> None:
    text = to_json(event)
    again = from_json(text)
    assert again == event
    assert to_json(again) == text
    assert from_json(text.encode("utf-8")) == event
