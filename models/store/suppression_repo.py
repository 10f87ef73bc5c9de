"""Maintenance windows and shelvings in the store: what keeps a CI's faults from raising.

Shelvings are an audit trail (ISA-18.2): rows are never deleted; unshelving records
who cleared it and when. Each change is one transaction.

Sync (issue 6): a write given a `Stamp` (the console's HLC, its id, the user) is a new
version of a record (window: its id; shelving: its `record_id`) and queues it in the
outbox (kind 'maint') in the same transaction; the outbox item is
"w:<id>@<hlc>" / "s:<id>@<hlc>", and a newer local version replaces the queued one.
`apply_maintenance` stores pulled versions, last writer by (updated_hlc, console_id),
with the maintenance cursor in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, insert, select, update

from models.incidents.hlc import Hlc
from models.incidents.ids import uuid7
from models.incidents.maintenance import ChangeKind, MaintenanceWindow, Shelve
from models.store.engine import Store
from models.store.sync_state import get_value, raise_hlc, set_value, within_clock_bound
from models.store.tables import table
from models.store.txn import guarded_write

log = logging.getLogger("plantconsole.store")

MAINT_KIND = "maint"
MAINT_CURSOR = "maintenance_cursor"


class Stamp(NamedTuple):
    """Who writes a synced version: the console's HLC now, its id, the user."""

    hlc: str
    console_id: str
    user: str


@dataclass(frozen=True)
class MaintenanceRecord:
    """One version of a window or shelving as it travels (`as_dict`)."""

    record_id: str
    kind: str  # 'window' | 'shelve'
    updated_hlc: str
    console_id: str
    user: str
    body: dict[str, Any]

    @property
    def id(self) -> str:
        """The outbox item of this version (what the sync client confirms)."""
        return _item_id(self.kind, self.record_id, self.updated_hlc)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.record_id,
            "kind": self.kind,
            "updated_hlc": self.updated_hlc,
            "console_id": self.console_id,
            "user": self.user,
            "body": dict(self.body),
        }


def _item_id(kind: str, record_id: str, hlc: str) -> str:
    return f"{kind[0]}:{record_id}@{hlc}"


def _drop_queued(connection: Connection, kind: str, record_id: str) -> None:
    """Forget a queued (not yet uploaded) version of this record."""
    prefix = f"{kind[0]}:{record_id}@"
    connection.exec_driver_sql(
        "DELETE FROM outbox WHERE kind = ? AND substr(item_id, 1, ?) = ?",
        (MAINT_KIND, len(prefix), prefix),
    )


def _enqueue(connection: Connection, kind: str, record_id: str, stamp: Stamp) -> None:
    """Queue this version; an older queued version of the record leaves (this one wins)."""
    _drop_queued(connection, kind, record_id)
    connection.exec_driver_sql(
        "INSERT INTO outbox (item_id, kind, created_at) VALUES (?, ?, ?)",
        (_item_id(kind, record_id, stamp.hlc), MAINT_KIND, datetime.now(UTC).replace(tzinfo=None)),
    )
    raise_hlc(connection, Hlc.parse(stamp.hlc))


def save_window(
    store: Store, window: MaintenanceWindow, created_by: str, stamp: Stamp | None = None
) -> None:
    """Add a change record with its window, or replace the one with its id (with a
    `stamp`: as a new synced version, queued for upload in the same transaction)."""
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
        **_stamped(stamp),
    }
    with guarded_write(store, f"maintenance window {window.id}") as connection:
        connection.execute(insert(t).prefix_with("OR REPLACE"), row)
        if stamp is not None:
            _enqueue(connection, "window", window.id, stamp)


def _stamped(stamp: Stamp | None) -> dict[str, Any]:
    if stamp is None:
        return {}
    return {"updated_hlc": stamp.hlc, "console_id": stamp.console_id, "updated_by": stamp.user}


def end_window(store: Store, window_id: str, ended_ms: int, stamp: Stamp | None = None) -> None:
    """The change is done (or rolled back): its CIs leave MAINTENANCE (an update, never
    a delete: with a `stamp` a new synced version)."""
    t = table("maintenance_window")
    with guarded_write(store, f"the end of maintenance window {window_id}") as connection:
        values = {"ended_ms": ended_ms, **_stamped(stamp)}
        result = connection.execute(update(t).where(t.c.id == window_id).values(values))
        if result.rowcount == 0:
            raise KeyError(window_id)
        if stamp is not None:
            _enqueue(connection, "window", window_id, stamp)


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


def add_shelve(store: Store, shelf: Shelve, console_id: str, stamp: Stamp | None = None) -> str:
    """Record a shelving (build it with `models.incidents.maintenance.shelve`); returns
    its record id. With a `stamp` it is queued for upload in the same transaction."""
    record_id = uuid7()
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
                "record_id": record_id,
                "updated_hlc": stamp.hlc if stamp is not None else None,
            },
        )
        if stamp is not None:
            _enqueue(connection, "shelve", record_id, stamp)
    return record_id


def clear_shelves(store: Store, ci: str, user: str, now_ms: int, stamp: Stamp | None = None) -> int:
    """Unshelve a CI now: every shelving of it still in force is marked cleared by `user`
    (with a `stamp`: each as a new synced version, queued in the same transaction)."""
    t = table("shelve")
    active = (t.c.ci == ci) & (t.c.cleared_ms.is_(None)) & (t.c.until_ms > now_ms)
    with guarded_write(store, f"the unshelving of {ci}") as connection:
        ids = list(connection.execute(select(t.c.record_id).where(active)).scalars())
        values: dict[str, Any] = {"cleared_ms": now_ms, "cleared_by": user}
        if stamp is not None:
            values.update(updated_hlc=stamp.hlc, console_id=stamp.console_id)
        result = connection.execute(update(t).where(active).values(values))
        if stamp is not None:
            for record_id in ids:
                if record_id is not None:
                    _enqueue(connection, "shelve", record_id, stamp)
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


# -- sync ---------------------------------------------------------------------------


def _window_body(row: Any) -> dict[str, Any]:
    return {
        "kind": row["kind"],
        "title": row["title"],
        "cis": list(row["cis"]),
        "planned_start_ms": row["planned_start_ms"],
        "planned_end_ms": row["planned_end_ms"],
        "rollback_note": row["rollback_note"],
        "approved_by": list(row["approved_by"]),
        "ended_ms": row["ended_ms"],
        "created_by": row["created_by"],
    }


def _shelve_body(row: Any) -> dict[str, Any]:
    keys = ("ci", "user", "reason", "start_ms", "until_ms", "cleared_ms", "cleared_by")
    return {k: row[k] for k in keys}


def outbox_maintenance_batch(store: Store, n: int) -> list[MaintenanceRecord]:
    """The oldest `n` queued versions of windows and shelvings, as they travel."""
    windows, shelves = table("maintenance_window"), table("shelve")
    out: list[MaintenanceRecord] = []
    with store.read() as connection:
        items = connection.exec_driver_sql(
            "SELECT item_id FROM outbox WHERE kind = ? ORDER BY seq LIMIT ?", (MAINT_KIND, n)
        ).scalars()
        for item in list(items):
            kind, _, rest = str(item).partition(":")
            record_id, _, hlc = rest.rpartition("@")
            if kind == "w":
                row = connection.execute(select(windows).where(windows.c.id == record_id))
                found = row.mappings().first()
                if found is not None:
                    out.append(
                        MaintenanceRecord(
                            record_id,
                            "window",
                            hlc,
                            found["console_id"] or "",
                            found["updated_by"] or found["created_by"],
                            _window_body(found),
                        )
                    )
            else:
                row = connection.execute(select(shelves).where(shelves.c.record_id == record_id))
                found = row.mappings().first()
                if found is not None:
                    user = found["cleared_by"] if found["cleared_ms"] is not None else None
                    out.append(
                        MaintenanceRecord(
                            record_id,
                            "shelve",
                            hlc,
                            found["console_id"],
                            user or found["user"],
                            _shelve_body(found),
                        )
                    )
    return out


def maintenance_cursor(store: Store) -> int:
    """The maintenance feed's position after the last applied page (0 before any)."""
    with store.read() as connection:
        value = get_value(connection, MAINT_CURSOR)
    return int(value) if value else 0


def apply_maintenance(store: Store, records: Sequence[Mapping[str, Any]], cursor: int) -> set[str]:
    """Store pulled versions (last writer by (updated_hlc, console_id) wins) and the
    cursor, in one transaction; returns the CIs whose suppression may have changed.
    A version this console cannot read is logged and skipped, never blocking the rest."""
    cis: set[str] = set()
    newest = ""
    with guarded_write(store, "the maintenance windows from the server") as connection:
        for raw in records:
            try:
                hlc = str(raw["updated_hlc"])
                Hlc.parse(hlc)
                if raw["kind"] == "window":
                    cis |= _apply_window(connection, raw, hlc)
                elif raw["kind"] == "shelve":
                    cis |= _apply_shelve(connection, raw, hlc)
                else:
                    raise ValueError(f"unknown kind {raw['kind']!r}")
                if within_clock_bound(Hlc.parse(hlc)):  # a PC's clock far ahead: not kept
                    newest = max(newest, hlc)
            except (KeyError, TypeError, ValueError) as exc:
                log.warning("maintenance record %r skipped: %s", raw.get("id"), exc)
        if newest:
            raise_hlc(connection, Hlc.parse(newest))
        set_value(connection, MAINT_CURSOR, str(cursor))
    return cis


def _newer(raw: Mapping[str, Any], hlc: str, current: Any) -> bool:
    if current is None:
        return True
    return (hlc, str(raw["console_id"])) > (
        current["updated_hlc"] or "",
        current["console_id"] or "",
    )


def _apply_window(connection: Connection, raw: Mapping[str, Any], hlc: str) -> set[str]:
    t = table("maintenance_window")
    body = raw["body"]
    window = MaintenanceWindow(
        id=str(raw["id"]),
        kind=ChangeKind(body["kind"]),
        title=str(body["title"]),
        cis=frozenset(str(c) for c in body["cis"]),
        planned_start_ms=int(body["planned_start_ms"]),
        planned_end_ms=int(body["planned_end_ms"]),
        rollback_note=str(body["rollback_note"]),
        approved_by=tuple(str(a) for a in body.get("approved_by", ())),
        ended_ms=None if body.get("ended_ms") is None else int(body["ended_ms"]),
    )
    current = connection.execute(select(t).where(t.c.id == window.id)).mappings().first()
    if not _newer(raw, hlc, current):
        return set()
    before = set(current["cis"]) if current is not None else set()
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
        "created_by": str(body["created_by"]),
        "created_at": current["created_at"] if current is not None else datetime.now(UTC),
        "updated_hlc": hlc,
        "console_id": str(raw["console_id"]),
        "updated_by": str(raw["user"]),
    }
    connection.execute(insert(t).prefix_with("OR REPLACE"), row)
    # A newer version from another console replaced ours: our queued, older one must not be
    # uploaded with the other console's content (the server would refuse it as not ours).
    _drop_queued(connection, "window", window.id)
    return before | window.cis


def _apply_shelve(connection: Connection, raw: Mapping[str, Any], hlc: str) -> set[str]:
    t = table("shelve")
    body = raw["body"]
    record_id = str(raw["id"])
    current = connection.execute(select(t).where(t.c.record_id == record_id)).mappings().first()
    if not _newer(raw, hlc, current):
        return set()
    ci = str(body["ci"])
    values: dict[str, Any] = {
        "ci": ci,
        "user": str(body["user"]),
        "reason": str(body["reason"]),
        "start_ms": int(body["start_ms"]),
        "until_ms": int(body["until_ms"]),
        "cleared_ms": None if body.get("cleared_ms") is None else int(body["cleared_ms"]),
        "cleared_by": None if body.get("cleared_by") is None else str(body["cleared_by"]),
        "console_id": str(raw["console_id"]),
        "record_id": record_id,
        "updated_hlc": hlc,
    }
    if current is None:
        connection.execute(insert(t), values)
    else:
        connection.execute(update(t).where(t.c.record_id == record_id).values(values))
    _drop_queued(connection, "shelve", record_id)  # as in _apply_window
    return {ci} | ({str(current["ci"])} if current is not None else set())
