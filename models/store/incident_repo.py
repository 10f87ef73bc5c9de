"""Incident events in the store: append (local), apply (remote), load and fold.

`append_events` is one user action: its events, their outbox rows, the heads of the
incidents they touch and the clock's high-water mark, in ONE transaction. Either all
of it is on disk when it returns, or a StoreError says nothing was saved.
`apply_remote` is the pull side: new events and the new cursor in one transaction,
idempotent by event id. Heads are always re-folded from every event of the incident,
once per call (a feed page of 5,000 events touching 500 incidents folds each of them
once, from the page's own events plus what was stored before, read in bulk).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import chain
from typing import Any, TypeVar

from sqlalchemy import Connection, insert

from models.incidents.events import Event, to_json
from models.incidents.fold import DEFAULT_CONTEXT, FoldContext, fold
from models.incidents.hlc import Hlc
from models.incidents.state import IncidentState
from models.incidents.trusted import trusted_events
from models.store.engine import Store
from models.store.incident_heads import head_values
from models.store.sync_state import CURSOR, raise_hlc, set_value, within_clock_bound
from models.store.tables import table
from models.store.txn import guarded_write

log = logging.getLogger(__name__)
CHUNK = 500
MAX_VALUES = 990
"""Bound values per statement: under the 999 of the oldest SQLite builds."""
ROWS_PER_INSERT = 99
"""Events per INSERT statement: 8 bound values each (792)."""
T = TypeVar("T")


def append_events(
    store: Store, events: Sequence[Event], context: FoldContext = DEFAULT_CONTEXT
) -> dict[str, IncidentState]:
    """Store events written here, queue them for the server; the touched incidents' new
    states. Events already stored (same id) are skipped, so a retry is harmless."""
    if not events:
        return {}
    what = f"{events[0].type} of incident {events[0].incident_id}"
    with guarded_write(store, what) as connection:
        fresh = _insert_new(connection, events, "local")
        if fresh:
            now = datetime.now(UTC)
            rows = [{"item_id": e.id, "kind": "event", "created_at": now} for e in fresh]
            connection.execute(insert(table("outbox")), rows)
        raise_hlc(connection, _newest_hlc(events))
        return _refold(connection, {e.incident_id for e in events}, context, fresh)


def apply_remote(
    store: Store,
    events: Sequence[Event],
    cursor: str | None,
    context: FoldContext = DEFAULT_CONTEXT,
) -> dict[str, IncidentState]:
    """Store a page pulled from the server and its cursor, in one transaction. Returns the
    new states of incidents that got at least one event not stored before.

    With a cursor, the transaction commits without waiting for the disk (`refetchable`):
    a power cut may lose it whole, cursor included, and the pages are pulled again."""
    refetchable = cursor is not None
    with guarded_write(store, "events from the server", refetchable=refetchable) as connection:
        before = _last_rowid(connection)
        fresh = _insert_new(connection, events, "remote", before)
        if events:
            raise_hlc(connection, _newest_hlc(events))
        if cursor is not None:
            set_value(connection, CURSOR, cursor)
        return _refold(connection, {e.incident_id for e in fresh}, context, fresh, before)


def load_events(store: Store, incident_id: str) -> list[Event]:
    """Every stored event of one incident, in HLC order."""
    with store.read() as connection:
        return _events_of(connection, incident_id)


def load_incident(
    store: Store, incident_id: str, context: FoldContext = DEFAULT_CONTEXT
) -> IncidentState:
    """The folded state of one incident (KeyError when no event of it is stored)."""
    events = load_events(store, incident_id)
    if not events:
        raise KeyError(incident_id)
    return fold(events, context)


def load_incidents(
    store: Store, incident_ids: Iterable[str], context: FoldContext = DEFAULT_CONTEXT
) -> list[IncidentState]:
    """Several incidents folded, read in one snapshot (unknown ids are left out)."""
    with store.read() as connection:
        found = [_events_of(connection, i) for i in dict.fromkeys(incident_ids)]
    return [fold(events, context) for events in found if events]


def rebuild_heads(store: Store, context: FoldContext = DEFAULT_CONTEXT) -> int:
    """Re-fold every incident's head (after a plant file changed the priority matrix)."""
    with guarded_write(store, "the incident list") as connection:
        ids = {
            row[0] for row in connection.exec_driver_sql("SELECT incident_id FROM incident_event")
        }
        return len(_refold(connection, ids, context))


def _insert_new(
    connection: Connection, events: Sequence[Event], origin: str, before: int | None = None
) -> list[Event]:
    """Insert the events not stored yet; the ones that were new, in the given order.

    Every row goes in with ON CONFLICT (id) DO NOTHING, so an id stored before is left as
    it was; when the insert's row count says some were skipped, the new ones are those
    with a rowid above the table's highest before the insert (the write transaction holds
    the lock, so no one else inserted meanwhile). A feed page of new events, the common
    case, thus costs no lookup of its own: the primary key's check is the only one.
    `before`: the table's highest rowid, when the caller has it."""
    unique = list({e.id: e for e in events}.values())
    if not unique:
        return []
    if before is None:
        before = _last_rowid(connection)
    t = table("incident_event")
    # The dialect's own processor (as a Core insert binds it): text once, not a
    # datetime the sqlite3 module would adapt again for every row.
    dialect = connection.dialect
    bind = t.c.received_at.type.dialect_impl(dialect).bind_processor(dialect)
    now = datetime.now(UTC)
    received = bind(now) if bind is not None else now
    values = f"(?, ?, ?, ?, ?, ?, ?, ?, {_literal(received)}, {_literal(origin)})"
    rows = [_row(e) for e in unique]
    inserted = 0
    for start in range(0, len(rows), ROWS_PER_INSERT):  # many rows per statement: one
        chunk = rows[start : start + ROWS_PER_INSERT]  # step and reset for all of them
        sql = (
            "INSERT INTO incident_event (id, incident_id, type, version, hlc, console_id, "
            f'"user", body, received_at, origin) VALUES {", ".join([values] * len(chunk))} '
            "ON CONFLICT (id) DO NOTHING"
        )
        inserted += connection.exec_driver_sql(sql, tuple(chain.from_iterable(chunk))).rowcount
    if inserted == len(unique):
        return unique
    new_ids = {
        row[0]
        for row in connection.exec_driver_sql(
            f"SELECT id FROM incident_event WHERE rowid > {int(before)}"
        )
    }
    _warn_if_different(connection, [e for e in unique if e.id not in new_ids])
    return [e for e in unique if e.id in new_ids]


def _warn_if_different(connection: Connection, skipped: Sequence[Event]) -> None:
    """An id stored before keeps its first body (events are immutable); one arriving again
    with another body is a forged or corrupted copy: said in the log, never applied."""
    by_id = {e.id: e for e in skipped}
    for chunk in _chunks(list(by_id)):
        marks = ", ".join("?" * len(chunk))
        rows = connection.exec_driver_sql(
            f"SELECT id, body FROM incident_event WHERE id IN ({marks})", tuple(chunk)
        )
        for event_id, body in rows:
            if body != to_json(by_id[event_id]):
                log.warning(
                    "event %s arrived again with another body; the stored one is kept", event_id
                )


def _literal(value: object) -> str:
    """A text as an SQL literal (the insert's per-call constants: binding them for each
    row cost the sqlite3 module ~700 instructions a value)."""
    return "'" + str(value).replace("'", "''") + "'"


def _row(e: Event) -> tuple[Any, ...]:
    """An `incident_event` row's bound values (`hlc_text` and `to_json`, read from the
    event's fields when it has them: 100,000 rows in an initial sync)."""
    state = e.__dict__
    text = state.get("_json")
    hlc = state.get("_hlc_text")
    return (
        e.id,
        e.incident_id,
        e.type,
        e.version,
        str(e.hlc) if hlc is None else hlc,
        e.console_id,
        e.user,
        to_json(e) if text is None else text,
    )


def _newest_hlc(events: Sequence[Event]) -> Hlc:
    """`max(e.hlc for e in events)`, compared as plain ints (Hlc's order); if that one is
    too far ahead of this machine's clock (sync_state.raise_hlc), the newest of the rest."""
    newest = max(events, key=_hlc_key).hlc
    if within_clock_bound(newest):
        return newest
    fair = [e for e in events if within_clock_bound(e.hlc)]
    return max(fair, key=_hlc_key).hlc if fair else newest


def _hlc_key(event: Event) -> tuple[int, int]:
    hlc = event.hlc
    return (hlc.wall_ms, hlc.counter)


def _events_of(connection: Connection, incident_id: str) -> list[Event]:
    rows = connection.exec_driver_sql(
        "SELECT body FROM incident_event WHERE incident_id = ? ORDER BY hlc, console_id, id",
        (incident_id,),
    )
    return trusted_events([body for (body,) in rows])


def _last_rowid(connection: Connection) -> int:
    """The highest rowid of `incident_event` (rows inserted later have higher ones)."""
    return int(connection.exec_driver_sql("SELECT max(rowid) FROM incident_event").scalar() or 0)


def _refold(
    connection: Connection,
    incident_ids: set[str],
    context: FoldContext,
    known: Sequence[Event] = (),
    stored_up_to: int | None = None,
) -> dict[str, IncidentState]:
    """Fold each incident once and write its head. `known`: events of these incidents
    already in memory (just inserted): only the others are read back from the store.
    `stored_up_to`: the rowid `known` were inserted after, so reading back skips them in
    SQL (a feed page need not fetch its own 5,000 bodies to drop them)."""
    states: dict[str, IncidentState] = {}
    heads = []
    ordered = sorted(incident_ids)
    by_incident: dict[str, list[Event]] = {i: [] for i in ordered}
    for event in known:
        if event.incident_id in by_incident:
            by_incident[event.incident_id].append(event)
    # reading back up to `stored_up_to` cannot meet `known`; without it, skip them by id
    skip = {e.id for e in known} if stored_up_to is None else set()
    for ids in _chunks(ordered if stored_up_to != 0 else []):  # 0: the table was empty
        marks = ", ".join("?" * len(ids))
        sql = f"SELECT id, incident_id, body FROM incident_event WHERE incident_id IN ({marks})"
        if stored_up_to is not None:
            sql += f" AND rowid <= {int(stored_up_to)}"
        rows = connection.exec_driver_sql(sql, tuple(ids)).all()
        others = [row for row in rows if row[0] not in skip]
        for row, event in zip(others, trusted_events([r[2] for r in others]), strict=True):
            by_incident[row[1]].append(event)
    for incident_id in ordered:
        events = by_incident[incident_id]
        state = fold(events, context)
        states[incident_id] = state
        heads.append(head_values(state, len(events)))
    if heads:
        _upsert_heads(connection, heads)
    return states


def _upsert_heads(connection: Connection, heads: Sequence[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT DO UPDATE of head rows (values bound by the columns' own
    types, as the Core statement would), many rows per statement. Rows are grouped by
    which of their values are NULL, written as NULL in the statement: the sqlite3
    module took ~3,300 instructions to bind each None (10 of a new incident's 32)."""
    columns = list(heads[0])
    t = table("incident_head")
    binds = [t.c[c].type.bind_processor(connection.dialect) for c in columns]
    processed = [(i, bind) for i, bind in enumerate(binds) if bind is not None]
    names = ", ".join(f'"{c}"' for c in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "incident_id")
    groups: dict[tuple[bool, ...], list[tuple[Any, ...]]] = {}
    for head in heads:  # `head_values` dicts: their keys in one order, `columns`'
        values = list(head.values())
        for i, bind in processed:
            values[i] = bind(values[i])
        nulls = tuple([v is None for v in values])
        groups.setdefault(nulls, []).append(tuple([v for v in values if v is not None]))
    for nulls, rows in groups.items():
        one = f"({', '.join('NULL' if null else '?' for null in nulls)})"
        per = max(1, MAX_VALUES // max(1, len(rows[0])))
        for start in range(0, len(rows), per):
            chunk = rows[start : start + per]
            connection.exec_driver_sql(
                f"INSERT INTO incident_head ({names}) VALUES {', '.join([one] * len(chunk))} "
                f"ON CONFLICT (incident_id) DO UPDATE SET {updates}",
                tuple(chain.from_iterable(chunk)),
            )


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
