"""The sync state a console shows: online or not, events waiting, last sync, last error,
the events the server rejected and whether the plant file matches the server's."""

from __future__ import annotations

from dataclasses import dataclass

CATCH_UP_SHOWN = 1_000  # events behind the server before the header shows progress


@dataclass(frozen=True)
class Rejection:
    """An event the server refused (and quarantined): shown to the person who wrote it."""

    event_id: str | None
    code: int
    reason: str


@dataclass(frozen=True)
class PlantCheck:
    """The plant file on this console against the one the server holds (`app.sync.plant_drift`).

    `server_version` None: no plant file uploaded to the server yet (nothing to compare)."""

    local_file: str
    server_version: int | None = None
    server_sha256: str | None = None
    uploaded_by: str = ""
    same: bool = True

    @property
    def differs(self) -> bool:
        return self.server_version is not None and not self.same


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
    paused: bool = False  # stopped by the person (e.g. a first sync at a bad moment)
    plant: PlantCheck | None = None  # None: not compared (yet, or no plant file given)

    @property
    def behind(self) -> int:
        """Events the server has that this console has not pulled yet."""
        return max(0, self.server_head - self.cursor)
