"""The sync state a console shows: online or not, events waiting, last sync, last error."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rejection:
    """An event the server refused (and quarantined): shown to the person who wrote it."""

    event_id: str | None
    code: int
    reason: str


@dataclass(frozen=True)
class SyncStatus:
    online: bool = False
    waiting: int | None = None  # None: the store cannot count its outbox
    last_sync_ms: int | None = None
    last_error: str | None = None
    cursor: int = 0
    server_head: int = 0
    rejections: tuple[Rejection, ...] = ()
    certificate_sha256: str | None = None
