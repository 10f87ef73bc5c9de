"""Compact feed rows (`form=rows`): the events of the object form, refused alike.

A row is `[seq, flags, id, incident_id, type, version, hlc, console_id, user, payload]`,
or `[seq, flags, event]` for an event with keys beyond the envelope. The console reads
both forms (an older server ignores `form=rows`), and a row's values go through the
same checks as the object's, with the same outcome and message.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import httpx
import pytest

from app.sync.api import ServerApi
from app.sync.remote import parse_page
from models.incidents.events import ENVELOPE, Event, EventError, from_dict, from_values, to_json
from server.feed import _rows
from tests.models.incidents.test_event_fast_paths import _events, _mutations


def _stored(events: list[Event]) -> list[tuple[int, str, str]]:
    """(seq, flags, body) as the server's events table holds them."""
    return [(seq, "late" if seq == 2 else "", to_json(e)) for seq, e in enumerate(events, 1)]


def _objects(stored: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    """The same as the object form's items."""
    return [
        {"seq": seq, "flags": flags.split(",") if flags else [], "event": json.loads(body)}
        for seq, flags, body in stored
    ]


def test_rows_give_the_events_of_the_object_form_byte_for_byte() -> None:
    events = _events()  # odd texts, and an event of a newer schema with extra keys
    stored = _stored(events)
    rows = json.loads(_rows(stored))
    assert [len(row) for row in rows] == [10, 10, 10, 3]
    assert [row[:2] for row in rows] == [[1, []], [2, ["late"]], [3, []], [4, []]]
    from_rows, from_objects = parse_page(rows), parse_page(_objects(stored))
    assert from_rows == from_objects == events
    assert [to_json(e) for e in from_rows] == [body for _, _, body in stored]
    assert [e.body for e in from_rows] == [e.body for e in events]


def _outcome(make: Any) -> tuple[str, Any]:
    try:
        event = make()
    except EventError as exc:
        return ("refused", str(exc))
    return ("kept", (event, event.body, event.known, to_json(event)))


@pytest.mark.parametrize("data", _mutations())
def test_a_rows_values_are_kept_and_refused_like_the_object(data: dict[str, Any]) -> None:
    text = json.dumps(data)
    as_row = _outcome(lambda: from_values(*[json.loads(text)[key] for key in ENVELOPE]))
    assert as_row == _outcome(lambda: from_dict(json.loads(text), owned=True))


def test_bad_rows_are_logged_and_skipped_like_bad_objects(
    caplog: pytest.LogCaptureFixture,
) -> None:
    known = _events()[:2]
    good = json.loads(_rows(_stored(known)))
    bad_id = [7, [], "NOT-A-UUID", *good[0][3:]]
    short = [8, [], *good[0][2:9]]  # the payload missing: no form of the feed
    with caplog.at_level(logging.ERROR, "plantconsole.sync"):
        events = parse_page([good[0], bad_id, short, good[1], [], [9, [], 5]])
    assert events == known
    said = [r.getMessage() for r in caplog.records]
    assert said[0] == "feed item 7 skipped: event 'NOT-A-UUID': id must be a lower-case UUID"
    assert said[1].startswith("feed item 8 skipped: ")
    assert said[2].startswith("feed item None skipped: ")
    assert said[3].startswith("feed item 9 skipped: ")
    assert len(said) == 4


@pytest.mark.parametrize("form", ["rows", "events"])
def test_the_console_asks_for_rows_and_reads_either_form(form: str) -> None:
    """A server that predates `form=rows` ignores it and sends objects."""
    sent = _events()
    stored = _stored(sent)
    asked: list[httpx.URL] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request.url)
        items = json.loads(_rows(stored)) if form == "rows" else _objects(stored)
        page = {form: items, "cursor": 4, "head": 9, "more": True}
        return httpx.Response(200, content=json.dumps(page).encode())

    async def pull() -> Any:
        api = ServerApi("http://server.test", True, 5.0)
        await api.close()
        api._http = httpx.AsyncClient(
            base_url="http://server.test", transport=httpx.MockTransport(answer)
        )
        try:
            return await api.feed(0, 5000)
        finally:
            await api.close()

    page = asyncio.run(pull())
    assert asked[0].params["form"] == "rows"
    assert (page.cursor, page.head, page.more) == (4, 9, True)
    assert parse_page(page.items) == sent
