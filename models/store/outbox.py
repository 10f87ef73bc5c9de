"""The outbox: what this console wrote and the server has not confirmed, oldest first.

Two kinds share one FIFO: incident events (`outbox_batch`) and diagnostic audit
records (`outbox_audit_batch`, see `models.store.audit`). Audit records are not
incident events: they belong to no incident and are never folded, so they travel as
their own kind. A row leaves only through `outbox_confirm`, after the server has
committed the item; a crash before that resends it, and the server's id key makes the
resend harmless.
"""

from __future__ import annotations

from collections.abc import Iterable

from models.incidents.events import Event
from models.incidents.trusted import trusted_events
from models.store.audit import DiagnosticRecord, record_of
from models.store.engine import Store
from models.store.txn import guarded_write

CHUNK = 500


def outbox_batch(store: Store, n: int) -> list[Event]:
    """The oldest `n` unconfirmed incident events, in the order they were written."""
    with store.read() as connection:
        rows = connection.exec_driver_sql(
            "SELECT e.body FROM outbox o JOIN incident_event e ON e.id = o.item_id "
            "WHERE o.kind = 'event' ORDER BY o.seq LIMIT ?",
            (n,),
        )
        return trusted_events([body for (body,) in rows])


def outbox_audit_batch(store: Store, n: int) -> list[DiagnosticRecord]:
    """The oldest `n` unconfirmed diagnostic audit records."""
    with store.read() as connection:
        rows = connection.exec_driver_sql(
            "SELECT a.* FROM outbox o JOIN diagnostic_audit a ON a.id = o.item_id "
            "WHERE o.kind = 'audit' ORDER BY o.seq LIMIT ?",
            (n,),
        )
        return [record_of(row._mapping) for row in rows]


def outbox_confirm(store: Store, item_ids: Iterable[str]) -> int:
    """The server has committed these (event or audit ids): drop them. Unknown ids are
    ignored (a confirmation may arrive twice). Returns how many rows left the outbox."""
    ids = list(dict.fromkeys(item_ids))
    removed = 0
    with guarded_write(store, "the server's confirmation") as connection:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            result = connection.exec_driver_sql(
                f"DELETE FROM outbox WHERE item_id IN ({marks})", tuple(chunk)
            )
            removed += result.rowcount
    return removed


def outbox_count(store: Store) -> dict[str, int]:
    """Unconfirmed items per kind ('event', 'audit'): the sync status line shows it."""
    with store.read() as connection:
        rows = connection.exec_driver_sql("SELECT kind, count(*) FROM outbox GROUP BY kind")
        counts = {"event": 0, "audit": 0}
        counts.update({kind: n for kind, n in rows})
        return counts
