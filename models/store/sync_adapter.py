"""The SQLite store as the sync client's `SyncStore` (app/sync/protocol.py).

Push: `batch_outbox` (incident events) and `batch_audit` (diagnostic audit records)
/ `confirm` (FIFO, rows leave only on confirmation). Pull:
`apply_remote` stores a feed page and its cursor in one transaction, idempotent by
event id. `on_applied` hears which incidents changed (the incident service refreshes
its caches and views from it). Not thread-safe by itself: one caller at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from models.incidents.events import Event
from models.incidents.fold import DEFAULT_CONTEXT, FoldContext
from models.incidents.state import IncidentState
from models.store.audit import DiagnosticRecord
from models.store.engine import Store
from models.store.incident_repo import apply_remote
from models.store.outbox import outbox_audit_batch, outbox_batch, outbox_confirm, outbox_count
from models.store.suppression_repo import (
    MaintenanceRecord,
    apply_maintenance,
    maintenance_cursor,
    outbox_maintenance_batch,
)
from models.store.sync_state import sync_cursor

Applied = Callable[[Sequence[Event], Mapping[str, IncidentState]], None]


class StoreSyncAdapter:
    def __init__(
        self,
        store: Store,
        context: FoldContext = DEFAULT_CONTEXT,
        on_applied: Applied | None = None,
    ) -> None:
        self.store = store
        self.context = context
        self.on_applied = on_applied
        self.on_maintenance: Callable[[set[str]], None] | None = None

    def batch_outbox(self, n: int) -> Sequence[Event]:
        return outbox_batch(self.store, n)

    def batch_audit(self, n: int) -> Sequence[DiagnosticRecord]:
        """The oldest `n` diagnostic audit records the server has not confirmed."""
        return outbox_audit_batch(self.store, n)

    def confirm(self, ids: Sequence[str]) -> None:
        outbox_confirm(self.store, ids)

    def apply_remote(self, events: Sequence[Event], cursor: int) -> None:
        states = apply_remote(self.store, events, str(cursor), self.context)
        if self.on_applied is not None:
            self.on_applied(events, states)

    def batch_maintenance(self, n: int) -> Sequence[MaintenanceRecord]:
        """The oldest `n` queued versions of maintenance windows and shelvings."""
        return outbox_maintenance_batch(self.store, n)

    def apply_maintenance(self, records: Sequence[Mapping[str, Any]], cursor: int) -> None:
        """Pulled windows/shelvings and their cursor, in one transaction."""
        cis = apply_maintenance(self.store, records, cursor)
        if self.on_maintenance is not None and cis:
            self.on_maintenance(cis)

    def maintenance_cursor(self) -> int:
        return maintenance_cursor(self.store)

    def cursor(self) -> int:
        value = sync_cursor(self.store)
        return int(value) if value else 0

    def pending_count(self) -> int:
        """Everything still to upload: events, diagnostic audit records and maintenance
        versions (the header's "N waiting" must not say 0 while any of them waits)."""
        return sum(outbox_count(self.store).values())
