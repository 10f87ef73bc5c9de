"""Maintenance windows and shelvings in the store: what keeps a CI's faults from raising.

Shelvings are an audit trail (ISA-18.2): rows are never deleted; unshelving records
who cleared it and when. Each change is one transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update

from models.incidents.maintenance import ChangeKind, MaintenanceWindow, Shelve
from models.store.engine import Store
from models.store.tables import table
from models.store.txn import guarded_write


def save_window(store: Store, window: MaintenanceWindow, created_by: str) -> None:
    """Add a change record with its window, or replace the one with its id."""
    t = table("maintenance_window")
    row = {
        "id": window.id,
        "kind": window.kind.value,
        "title": window.title,
        "cis": sorted(window.cis),
        "planned_start_ms": window.planned_start_ms,
        "planned_end_ms": window.planned_end_ms,
        "rollback_note": window.rollback_note,
        "approved_by": list(window.approved_by),
        "ended_ms": window.ended_ms,
        "created_by": created_by,
        "created_at": datetime.now(UTC),
    }
    with guarded_write(store, f"maintenance window {window.id}") as connection:
        connection.execute(insert(t).prefix_with("OR REPLACE"), row)


def end_window(store: Store, window_id: str, ended_ms: int) -> None:
    """The change is done (or rolled back): its CIs leave MAINTENANCE."""
    t = table("maintenance_window")
    with guarded_write(store, f"the end of maintenance window {window_id}") as connection:
        result = connection.execute(update(t).where(t.c.id == window_id).values(ended_ms=ended_ms))
        if result.rowcount == 0:
            raise KeyError(window_id)


def load_windows(store: Store) -> list[MaintenanceWindow]:
    with store.read() as connection:
        rows = connection.execute(select(table("maintenance_window"))).mappings().all()
    return [_window(row) for row in rows]


def _window(row: Any) -> MaintenanceWindow:
    return MaintenanceWindow(
        id=row["id"],
        kind=ChangeKind(row["kind"]),
        title=row["title"],
        cis=frozenset(row["cis"]),
        planned_start_ms=row["planned_start_ms"],
        planned_end_ms=row["planned_end_ms"],
        rollback_note=row["rollback_note"],
        approved_by=tuple(row["approved_by"]),
        ended_ms=row["ended_ms"],
    )


def add_shelve(store: Store, shelf: Shelve, console_id: str) -> None:
    """Record a shelving (build it with `models.incidents.maintenance.shelve`)."""
    with guarded_write(store, f"the shelving of {shelf.ci}") as connection:
        connection.execute(
            insert(table("shelve")),
            {
                "ci": shelf.ci,
                "user": shelf.user,
                "reason": shelf.reason,
                "start_ms": shelf.start_ms,
                "until_ms": shelf.until_ms,
                "cleared_ms": shelf.cleared_ms,
                "cleared_by": shelf.cleared_by,
                "console_id": console_id,
            },
        )


def clear_shelves(store: Store, ci: str, user: str, now_ms: int) -> int:
    """Unshelve a CI now: every shelving of it still in force is marked cleared by `user`."""
    t = table("shelve")
    active = (t.c.ci == ci) & (t.c.cleared_ms.is_(None)) & (t.c.until_ms > now_ms)
    with guarded_write(store, f"the unshelving of {ci}") as connection:
        result = connection.execute(
            update(t).where(active).values(cleared_ms=now_ms, cleared_by=user)
        )
        return int(result.rowcount)


def load_shelves(store: Store, since_ms: int = 0) -> list[Shelve]:
    """Shelvings that were in force at or after `since_ms` (all: the audit trail)."""
    t = table("shelve")
    with store.read() as connection:
        rows = connection.execute(
            select(t).where(t.c.until_ms >= since_ms).order_by(t.c.start_ms, t.c.id)
        ).mappings()
        return [
            Shelve(
                r["ci"],
                r["user"],
                r["reason"],
                r["start_ms"],
                r["until_ms"],
                r["cleared_ms"],
                r["cleared_by"],
            )
            for r in rows
        ]
