"""Pulled pages that repeat stored events: the insert keeps each id once, reports only the
new events (in page order) and folds only the incidents they touch; a page of new
events only, the common case, needs no lookup of its own."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from models.incidents.events import Event, from_dict, to_json
from models.store import open_store
from models.store.incident_repo import append_events, apply_remote, load_events
from tests.models.incidents.builders import MIN, Console


def _events(n: int) -> list[Event]:
    cr2 = Console("CR2", user="ben")
    out: list[Event] = []
    for k in range(n):
        created = cr2.advance(MIN).create()
        out += [created, cr2.advance(MIN).event(created.incident_id, "comment", text=f"n{k}")]
    return out


def _stored(store_path: Path) -> list[tuple[str, str]]:
    import sqlite3

    with sqlite3.connect(store_path) as raw:
        return list(raw.execute("SELECT id, body FROM incident_event ORDER BY rowid"))


def test_a_page_of_stored_and_new_events_inserts_and_folds_only_the_new(tmp_path: Path) -> None:
    events = _events(4)  # incidents a, b, c, d: created + comment each
    a, b, c, d = (events[i : i + 2] for i in range(0, 8, 2))
    path = tmp_path / "console.db"
    with open_store(path) as store:
        assert set(apply_remote(store, [*a, b[0]], "1")) == {a[0].incident_id, b[0].incident_id}
        page = [c[1], a[1], b[0], b[1], c[0], a[0], d[0], d[0]]  # repeats, new ones between
        states = apply_remote(store, page, "2")
        assert set(states) == {b[0].incident_id, c[0].incident_id, d[0].incident_id}
        assert states[b[0].incident_id].notes[0].text == "n1"  # folded with the stored create
        assert apply_remote(store, page, "3") == {}  # nothing new: nothing folded
        for incident in (a, b, c):
            assert load_events(store, incident[0].incident_id) == incident
        assert load_events(store, d[0].incident_id) == [d[0]]
    rows = _stored(path)
    assert [r[0] for r in rows] == [e.id for e in (*a, b[0], c[1], b[1], c[0], d[0])]
    assert all(
        body == to_json(e)
        for (_, body), e in zip(rows, (*a, b[0], c[1], b[1], c[0], d[0]), strict=True)
    )


def test_a_local_retry_after_a_pull_stores_nothing_twice(tmp_path: Path) -> None:
    events = _events(2)
    with open_store(tmp_path / "console.db") as store:
        apply_remote(store, events[:3], "1")
        states = append_events(store, events)  # a retry of writes the server already echoed
        assert set(states) == {events[0].incident_id, events[2].incident_id}
        assert load_events(store, events[2].incident_id) == events[2:]
    assert len(_stored(tmp_path / "console.db")) == 4


def test_heads_written_many_per_statement_equal_the_core_insert(tmp_path: Path) -> None:
    """Heads of mixed shapes (NULLs in different columns, more rows than one statement
    holds) read back exactly as a plain SQLAlchemy Core insert of the same values."""
    from sqlalchemy import insert

    from models.incidents.fold import fold
    from models.store.incident_heads import head_values, list_heads
    from models.store.tables import table

    cr2 = Console("CR2", user="ben")
    events: list[Event] = []
    for k in range(160):  # from 60 on: one shape, over two statements' worth
        created = cr2.advance(MIN).create(fault_code=None if k % 3 else f"F{k}", lines=[])
        iid = created.incident_id
        events.append(created)
        if k >= 60:
            continue
        if k % 2:
            events.append(cr2.advance(MIN).event(iid, "acknowledged"))
        if k % 5 == 0:
            events.append(cr2.advance(MIN).event(iid, "assigned", assignee=f"tech {k}"))
        if k % 7 == 0:
            events.append(cr2.advance(MIN).event(iid, "resolved", resolution="ok"))
    with open_store(tmp_path / "many.db") as many, open_store(tmp_path / "core.db") as core:
        apply_remote(many, events, "1")
        by: dict[str, list[Event]] = {}
        for e in events:
            by.setdefault(e.incident_id, []).append(e)
        rows = [head_values(fold(group), len(group)) for group in by.values()]
        with core.write() as connection:
            connection.execute(insert(table("incident_head")), rows)
        assert list_heads(many) == list_heads(core)
        assert len(list_heads(many)) == 160


def test_a_stored_id_arriving_with_another_body_keeps_the_first_and_says_so(
    tmp_path: Path, caplog: Any
) -> None:
    events = _events(1)
    path = tmp_path / "console.db"
    with open_store(path) as store:
        apply_remote(store, events, "1")
        data = json.loads(to_json(events[1]))
        data["payload"] = {"text": "DIFFERENT"}
        forged = from_dict(data)
        with caplog.at_level(logging.WARNING):
            assert apply_remote(store, [forged], "2") == {}
        assert load_events(store, events[1].incident_id) == events  # the first body kept
    assert f"event {events[1].id} arrived again with another body" in caplog.text
    caplog.clear()
    with open_store(path) as store, caplog.at_level(logging.WARNING):
        apply_remote(store, events, "3")  # the same events again: nothing to say
    assert "another body" not in caplog.text
