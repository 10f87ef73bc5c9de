"""Maintenance windows (change records) and shelving: when a CI's faults raise nothing.

Pure data and functions; their event-sourced storage comes with the store. Both
answer with a `Reason` so the health view and the incident service say why.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from models.states import Reason

HOUR_MS = 3_600_000
MAX_SHELVE_MS = 8 * HOUR_MS


class ChangeKind(enum.Enum):
    PLC_FIRMWARE = "plc_firmware"
    ROBOT_PROGRAM = "robot_program"
    MES_CONFIG = "mes_config"
    NETWORK_CONFIG = "network_config"
    ERP_PATCH = "erp_patch"
    OTHER = "other"


@dataclass(frozen=True)
class MaintenanceWindow:
    """A change record with its planned window: its CIs are in MAINTENANCE meanwhile."""

    id: str  # e.g. CHG-12
    kind: ChangeKind
    title: str
    cis: frozenset[str]
    planned_start_ms: int
    planned_end_ms: int
    rollback_note: str
    approved_by: tuple[str, ...] = ()
    ended_ms: int | None = None  # set when the change is reported done (or rolled back)

    def __post_init__(self) -> None:
        if self.planned_end_ms <= self.planned_start_ms:
            raise ValueError(f"{self.id}: the window must end after it starts")
        if not self.rollback_note.strip():
            raise ValueError(f"{self.id}: a change needs a rollback note")
        if not self.cis:
            raise ValueError(f"{self.id}: a change names at least one CI")

    def covers(self, ci: str, t_ms: int) -> bool:
        """The CI is under this change at `t_ms`: inside the planned window and not yet done.

        An overrun is not covered: past the planned end, faults raise incidents again
        (and `overrun` flags the change), so a line that does not come back is noticed.
        """
        end = self.planned_end_ms if self.ended_ms is None else self.ended_ms
        return ci in self.cis and self.planned_start_ms <= t_ms < min(end, self.planned_end_ms)


def in_window(windows: Iterable[MaintenanceWindow], ci: str, t_ms: int) -> MaintenanceWindow | None:
    """The (earliest-starting) window covering `ci` at `t_ms`, or None."""
    hits = [w for w in windows if w.covers(ci, t_ms)]
    return min(hits, key=lambda w: (w.planned_start_ms, w.id), default=None)


@dataclass(frozen=True)
class Overrun:
    window_id: str
    overrun_s: float


def overrun(window: MaintenanceWindow, now_ms: int, still_active: bool) -> Overrun | None:
    """Flag a change still going (or finished) past its planned end."""
    end = now_ms if still_active else window.ended_ms
    if end is None or end <= window.planned_end_ms:
        return None
    return Overrun(window.id, (end - window.planned_end_ms) / 1000)


@dataclass(frozen=True)
class Shelve:
    """ISA-18.2 shelving: a CI's alarms silenced until `until_ms`, audited."""

    ci: str
    user: str
    reason: str
    start_ms: int
    until_ms: int
    cleared_ms: int | None = None  # unshelved early
    cleared_by: str | None = None

    def active(self, t_ms: int) -> bool:
        end = self.until_ms if self.cleared_ms is None else min(self.until_ms, self.cleared_ms)
        return self.start_ms <= t_ms < end


def shelve(
    ci: str, user: str, reason: str, now_ms: int, duration_ms: int, max_ms: int = MAX_SHELVE_MS
) -> Shelve:
    """A new shelving, refused without a reason or beyond the bound (default 8 h)."""
    if not reason.strip():
        raise ValueError("shelving needs a reason")
    if not user.strip():
        raise ValueError("shelving needs the user who does it")
    if not 0 < duration_ms <= max_ms:
        raise ValueError(f"shelving lasts more than 0 and at most {max_ms / HOUR_MS:g} h")
    return Shelve(ci, user, reason, now_ms, now_ms + duration_ms)


def unshelve(shelf: Shelve, user: str, now_ms: int) -> Shelve:
    return Shelve(shelf.ci, shelf.user, shelf.reason, shelf.start_ms, shelf.until_ms, now_ms, user)


def is_shelved(shelves: Iterable[Shelve], ci: str, t_ms: int) -> Shelve | None:
    """The shelving in force for `ci` at `t_ms` (the one lasting longest), or None."""
    hits = [s for s in shelves if s.ci == ci and s.active(t_ms)]
    return max(hits, key=lambda s: (s.until_ms, s.start_ms, s.user), default=None)


def suppressed(
    windows: Iterable[MaintenanceWindow], shelves: Iterable[Shelve], ci: str, t_ms: int
) -> Reason | None:
    """Why a fault of `ci` at `t_ms` raises no incident, or None if it should raise one.

    `until` is the end as local 24-hour time ('06:00') for the reason's text."""
    if (window := in_window(windows, ci, t_ms)) is not None:
        end = window.planned_end_ms
        return Reason.of("maintenance", window=window.id, until=clock_hhmm(end), until_ms=end)
    if (shelf := is_shelved(shelves, ci, t_ms)) is not None:
        end = shelf.until_ms
        return Reason.of(
            "shelved", by=shelf.user, until=clock_hhmm(end), until_ms=end, why=shelf.reason
        )
    return None


def clock_hhmm(ms: int) -> str:
    """Local 24-hour time of day: '06:00'."""
    return datetime.fromtimestamp(ms / 1000).strftime("%H:%M")
