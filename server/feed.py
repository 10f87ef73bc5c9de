"""The change feed: accepted events after a cursor, in sequence order, in pages.

Pages are assembled from the stored canonical JSON without parsing it again, so a
console receives each event byte for byte as it was stored. A console that asks for
`form=rows` gets each plain event (the envelope's 8 keys, no more) as one array of its
values instead: no key repeated 110,000 times in an initial sync, and a console's parse
builds no dict per event (half the `json.loads` time). Any other event (keys of a newer
schema) stays an object in that array, so nothing is lost in the compact form.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, select

from models.gc_pause import cyclic_gc_paused
from server.db.engine import read
from server.db.tables import counters, events

ENVELOPE = ("id", "incident_id", "type", "version", "hlc", "console_id", "user", "payload")
"""The event envelope's keys in the order of a compact row's values (after seq, flags)."""
_ENVELOPE_KEYS = frozenset(ENVELOPE)
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)

MAX_PAGE = 5000
DEFAULT_PAGE = 1000


def head(conn: Connection) -> int:
    query = select(counters.c.value).where(counters.c.name == "seq")
    return int(conn.execute(query).scalar_one())


def head_of(engine: Engine) -> int:
    with read(engine) as conn:
        return head(conn)


class Marks(NamedTuple):
    """How far the feeds reach: the events head and the maintenance records' last seq."""

    head: int
    maintenance: int


def marks_of(engine: Engine) -> Marks:
    """Both counters in one read (a database without the maintenance feed: 0)."""
    with read(engine) as conn:
        query = select(counters.c.name, counters.c.value).where(
            counters.c.name.in_(("seq", "maintenance"))
        )
        values = {name: int(value) for name, value in conn.execute(query)}
    return Marks(values.get("seq", 0), values.get("maintenance", 0))


def page_json(engine: Engine, after: int, limit: int, rows_form: bool = False) -> str:
    """`{"events": [{"seq", "flags", "event"}...], "cursor", "head", "more"}` as JSON text;
    `rows_form`: `{"rows": [...], "cursor", "head", "more"}` (`_rows`)."""
    with read(engine) as conn:
        top = head(conn)
        query = (
            select(events.c.seq, events.c.flags, events.c.body)
            .where(events.c.seq > after)
            .order_by(events.c.seq)
            .limit(limit)
        )
        rows = conn.execute(query).all()
    cursor = rows[-1].seq if rows else after
    more = len(rows) == limit or cursor < top
    tail = f'"cursor":{cursor},"head":{max(top, cursor)},"more":{"true" if more else "false"}}}'
    if rows_form:
        return f'{{"rows":{_rows(rows)},{tail}'
    # Rows unpacked as tuples, and "[]" written as is for the usual no flags: json.dumps
    # of an empty list per event was 40 % of a 5,000-event page's rendering.
    parts = [
        f'{{"seq":{seq},"flags":{json.dumps(flags.split(",")) if flags else "[]"},"event":{body}}}'
        for seq, flags, body in rows
    ]
    return f'{{"events":[{",".join(parts)}],{tail}'


def _rows(rows: Sequence[Any]) -> str:
    """The compact rows as JSON text: `[seq, flags, id, incident_id, type, version, hlc,
    console_id, user, payload]` for an event of exactly the envelope's keys, else
    `[seq, flags, event]`. The stored bodies are parsed in one call (canonical JSON, so
    every value comes back as it was written) and dumped again with all rows at once."""
    with cyclic_gc_paused():  # ~25 containers per event, no cycles: half the time
        bodies = json.loads("[" + ",".join([body for _, _, body in rows]) + "]")
        out: list[list[Any]] = []
        for (seq, flags, _), event in zip(rows, bodies, strict=True):
            marks = flags.split(",") if flags else []
            if event.keys() == _ENVELOPE_KEYS:
                out.append([seq, marks, *[event[key] for key in ENVELOPE]])
            else:
                out.append([seq, marks, event])
        return _ROW_ENCODER.encode(out)
