"""What the sync client needs from a console's store (SQLite in the console, memory in tests)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from models.incidents.events import Event


class SyncStore(Protocol):
    """The console's incident store as the sync client sees it.

    Calls are synchronous and short; `SyncClient(offload=True)` runs them in a worker
    thread. `apply_remote` must be one transaction (events and cursor together) and
    idempotent per event id: the console's own uploads come back through the feed.
    """

    def batch_outbox(self, n: int) -> Sequence[Event]:
        """The oldest `n` events not yet confirmed by the server, oldest first."""
        ...

    def confirm(self, ids: Sequence[str]) -> None:
        """The server has these events (stored, already had them, or quarantined them)."""
        ...

    def apply_remote(self, events: Sequence[Event], cursor: int) -> None:
        """Store a feed page and the new cursor in one transaction."""
        ...

    def cursor(self) -> int:
        """The feed sequence number applied so far (0: nothing yet)."""
        ...


@runtime_checkable
class CountsPending(Protocol):
    """Optional: a store that can say how many events wait in its outbox."""

    def pending_count(self) -> int: ...


class AuditRecord(Protocol):
    """A diagnostic audit record (`models.store.audit.DiagnosticRecord`)."""

    @property
    def id(self) -> str: ...

    def as_dict(self) -> dict[str, Any]: ...


@runtime_checkable
class UploadsAudit(Protocol):
    """Optional: a store whose outbox also holds diagnostic audit records. They go up
    after the events, in FIFO batches, and leave the outbox through `confirm` once the
    server has committed them (same rules as events)."""

    def batch_audit(self, n: int) -> Sequence[AuditRecord]: ...


@runtime_checkable
class SyncsMaintenance(Protocol):
    """Optional: a store whose maintenance windows and shelvings travel (issue 6): queued
    versions go up after the events (`confirm` drops them), pulled ones are applied with
    their own cursor in one transaction."""

    def batch_maintenance(self, n: int) -> Sequence[AuditRecord]: ...

    def apply_maintenance(self, records: Sequence[Mapping[str, Any]], cursor: int) -> None: ...

    def maintenance_cursor(self) -> int: ...
