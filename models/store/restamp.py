"""Queued work written before this console was registered, re-stamped with its new id.

A console works before plant IT connects it to the server, stamping what it writes
with the id it made up for itself (`sync_state.console_identity`). The server takes an
item only from the console that wrote it, so after `plantconsole register` under
another id those queued items would all be refused and quarantined. They were never
accepted anywhere (no server knows the old id's secret), so nobody has seen them:
`restamp_outbox` gives every queued incident event, diagnostic audit record and
maintenance window/shelving version of the old id the new one, and makes the new id
the store's own, in one transaction. Anything already confirmed by a server, or
written under a third id, is left as it is.

A console that has the store open keeps stamping the id it read at start, so
`restamp_outbox` runs only with the store's console lock held
(`models.store.console_lock`): no console runs with the store meanwhile.

Incident heads need no re-fold: they hold no console id, and a console id orders
events only between two with the same HLC from different consoles.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from models.incidents.events import from_dict, to_dict, to_json
from models.incidents.trusted import trusted_events
from models.plant_schema import ID_PATTERN
from models.store.console_lock import ConsoleLock, StoreInUse, lock_path
from models.store.engine import Store
from models.store.suppression_repo import MAINT_KIND
from models.store.sync_state import CONSOLE_ID, get_value, set_value
from models.store.txn import guarded_write

CHUNK = 500


@dataclass(frozen=True)
class Restamped:
    """What `restamp_outbox` changed: the store's id before, and how many queued items."""

    old_id: str | None
    events: int = 0
    audit: int = 0
    maintenance: int = 0

    @property
    def total(self) -> int:
        return self.events + self.audit + self.maintenance


def queued_under(store: Store, console_id: str) -> Restamped:
    """How many queued items were written as `console_id` (nothing is changed)."""
    with store.read() as connection:
        return _count(connection, console_id)


def restamp_outbox(store: Store, new_id: str, *, lock: ConsoleLock) -> Restamped:
    """Re-stamp the queued items of the store's own (old) console id with `new_id`, and
    keep `new_id` as the store's id; all or nothing. `lock`: the store's console lock,
    held (else StoreInUse: a console may be running). ValueError for a malformed id."""
    if not re.match(ID_PATTERN, new_id):
        raise ValueError(f"console id {new_id!r} must match {ID_PATTERN}")
    if not lock.held or lock.path != lock_path(store.path):
        raise StoreInUse(store.path, f"the console lock of {store.path} is not held")
    with guarded_write(store, f"the queued items re-stamped as console {new_id}") as connection:
        old_id = get_value(connection, CONSOLE_ID)
        set_value(connection, CONSOLE_ID, new_id)
        if old_id is None or old_id == new_id:
            return Restamped(old_id)
        return Restamped(
            old_id,
            events=_restamp_events(connection, old_id, new_id),
            audit=_restamp_audit(connection, old_id, new_id),
            maintenance=_restamp_maintenance(connection, old_id, new_id),
        )


def _count(connection: Connection, console_id: str) -> Restamped:
    events = connection.exec_driver_sql(
        "SELECT count(*) FROM outbox o JOIN incident_event e ON e.id = o.item_id "
        "WHERE o.kind = 'event' AND e.console_id = ?",
        (console_id,),
    ).scalar_one()
    audit = connection.exec_driver_sql(
        "SELECT count(*) FROM outbox o JOIN diagnostic_audit a ON a.id = o.item_id "
        "WHERE o.kind = 'audit' AND a.console_id = ?",
        (console_id,),
    ).scalar_one()
    maintenance = sum(1 for _ in _queued_maintenance(connection, console_id))
    return Restamped(console_id, int(events), int(audit), maintenance)


def _restamp_events(connection: Connection, old_id: str, new_id: str) -> int:
    rows = connection.exec_driver_sql(
        "SELECT e.body FROM outbox o JOIN incident_event e ON e.id = o.item_id "
        "WHERE o.kind = 'event' AND e.console_id = ?",
        (old_id,),
    ).all()
    updates: list[tuple[str, str, str]] = []
    for event in trusted_events([body for (body,) in rows]):
        data: dict[str, Any] = {**to_dict(event), "console_id": new_id}
        stamped = from_dict(data)  # checked like any new event
        updates.append((new_id, to_json(stamped), stamped.id))
    if updates:
        connection.exec_driver_sql(
            "UPDATE incident_event SET console_id = ?, body = ? WHERE id = ?", updates
        )
    return len(updates)


def _restamp_audit(connection: Connection, old_id: str, new_id: str) -> int:
    result = connection.exec_driver_sql(
        "UPDATE diagnostic_audit SET console_id = ? WHERE console_id = ? AND id IN "
        "(SELECT item_id FROM outbox WHERE kind = 'audit')",
        (new_id, old_id),
    )
    return int(result.rowcount)


def _restamp_maintenance(connection: Connection, old_id: str, new_id: str) -> int:
    queued = list(_queued_maintenance(connection, old_id))
    for table, key, record_id in queued:
        connection.exec_driver_sql(
            f"UPDATE {table} SET console_id = ? WHERE {key} = ? AND console_id = ?",
            (new_id, record_id, old_id),
        )
    return len(queued)


def _queued_maintenance(connection: Connection, console_id: str) -> Iterator[tuple[str, str, str]]:
    """(table, key column, record id) of each queued window/shelving version written as
    `console_id` (outbox item ids are 'w:ID@HLC' and 's:ID@HLC')."""
    items: Sequence[Any] = connection.exec_driver_sql(
        "SELECT item_id FROM outbox WHERE kind = ?", (MAINT_KIND,)
    ).all()
    seen: set[tuple[str, str]] = set()
    for (item,) in items:
        kind, _, rest = str(item).partition(":")
        record_id = rest.rpartition("@")[0]
        table, key = ("maintenance_window", "id") if kind == "w" else ("shelve", "record_id")
        if (table, record_id) in seen:
            continue
        seen.add((table, record_id))
        found = connection.exec_driver_sql(
            f"SELECT 1 FROM {table} WHERE {key} = ? AND console_id = ?", (record_id, console_id)
        ).first()
        if found is not None:
            yield table, key, record_id
