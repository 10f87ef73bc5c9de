"""Incident events in the store: append (local), apply (remote), load and fold.

`append_events` is one user action: its events, their outbox rows, the heads of the
incidents they touch and the clock's high-water mark, in ONE transaction. Either all
of it is on disk when it returns, or a StoreError says nothing was saved.
`apply_remote` is the pull side: new events and the new cursor in one transaction,
idempotent by event id. Heads are always re-folded from every event of the incident.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import Connection, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from models.incidents.events import Event, to_json
from models.incidents.fold import DEFAULT_CONTEXT, FoldContext, fold
from models.incidents.state import IncidentState
from models.incidents.trusted import trusted_events
from models.store.engine import Store
from models.store.incident_heads import head_values
from models.store.sync_state import CURSOR, raise_hlc, set_value
from models.store.tables import table
from models.store.txn import guarded_write

CHUNK = 500
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
        raise_hlc(connection, max(e.hlc for e in events))
        return _refold(connection, {e.incident_id for e in events}, context)


def apply_remote(
    store: Store,
    events: Sequence[Event],
    cursor: str | None,
    context: FoldContext = DEFAULT_CONTEXT,
) -> dict[str, IncidentState]:
    """Store a page pulled from the server and its cursor, in one transaction. Returns the
    new states of incidents that got at least one event not stored before."""
    with guarded_write(store, "events from the server") as connection:
        fresh = _insert_new(connection, events, "remote")
        if events:
            raise_hlc(connection, max(e.hlc for e in events))
        if cursor is not None:
            set_value(connection, CURSOR, cursor)
        return _refold(connection, {e.incident_id for e in fresh}, context)


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


def _insert_new(connection: Connection, events: Sequence[Event], origin: str) -> list[Event]:
    unique = list({e.id: e for e in events}.values())
    t = table("incident_event")
    stored: set[str] = set()
    for chunk in _chunks([e.id for e in unique]):
        stored.update(connection.execute(select(t.c.id).where(t.c.id.in_(chunk))).scalars())
    fresh = [e for e in unique if e.id not in stored]
    if fresh:
        now = datetime.now(UTC)
        connection.execute(insert(t), [_event_row(e, origin, now) for e in fresh])
    return fresh


def _event_row(event: Event, origin: str, now: datetime) -> dict[str, object]:
    return {
        "id": event.id,
        "incident_id": event.incident_id,
        "type": event.type,
        "version": event.version,
        "hlc": str(event.hlc),
        "console_id": event.console_id,
        "user": event.user,
        "body": to_json(event),
        "received_at": now,
        "origin": origin,
    }


def _events_of(connection: Connection, incident_id: str) -> list[Event]:
    rows = connection.exec_driver_sql(
        "SELECT body FROM incident_event WHERE incident_id = ? ORDER BY hlc, console_id, id",
        (incident_id,),
    )
    return trusted_events([body for (body,) in rows])


def _refold(
    connection: Connection, incident_ids: set[str], context: FoldContext
) -> dict[str, IncidentState]:
    states: dict[str, IncidentState] = {}
    heads = []
    for incident_id in sorted(incident_ids):
        events = _events_of(connection, incident_id)
        state = fold(events, context)
        states[incident_id] = state
        heads.append(head_values(state, len(events)))
    for chunk in _chunks(heads):
        statement = sqlite_insert(table("incident_head"))
        columns = {c: statement.excluded[c] for c in heads[0] if c != "incident_id"}
        update = statement.on_conflict_do_update(index_elements=["incident_id"], set_=columns)
        connection.execute(update, chunk)
    return states


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
