"""Maintenance windows and shelvings of every console: versioned records, last writer wins.

A console writes a record per maintenance window (change record) or shelving: its id
(client-generated), `updated_hlc` from the console's hybrid logical clock, the console
and the user. Ending a window or unshelving is a new version, never a delete (audit).
Uploads are idempotent by (id, updated_hlc); of two versions of one record the one
with the greater (updated_hlc, console_id) wins, here and on every console, so all
converge whatever order they arrive in. A stored version gets the next number of the
`counters` row 'maintenance', locked from the moment it is handed out until the commit
(as events' seq in `server.ingest`): a reader of `GET /v1/maintenance?after=` never
skips a version that commits late. Rejected only for schema (422) or rights (403:
a technician or above), then quarantined without blocking the records behind it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Connection, Engine, insert, select, update

from models.incidents.maintenance import ChangeKind
from models.plant_schema import ID_PATTERN
from server.db.engine import read, write
from server.db.tables import counters, maintenance_records
from server.identity import best_role, grants_of
from server.ingest import safe_text
from server.rights import Uploader
from server.security.roles import Role
from server.uploaded_records import UploadItem, quarantine_rejected, result_of

MAINTENANCE_ROLE = Role.TECHNICIAN
COUNTER = "maintenance"
HLC_TEXT = r"^\d{16}-\d{4}$"
_CHUNK = 500
_MS = Annotated[int, Field(ge=0, lt=10**16)]
_CI = Annotated[str, Field(pattern=ID_PATTERN)]
_NAME = Annotated[str, Field(min_length=1, max_length=128)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class WindowBody(_Strict):
    """A change record with its planned window (`models.incidents.maintenance`)."""

    kind: Annotated[str, Field(max_length=32)]
    title: Annotated[str, Field(max_length=500)]
    cis: Annotated[list[_CI], Field(min_length=1, max_length=10_000)]
    planned_start_ms: _MS
    planned_end_ms: _MS
    rollback_note: Annotated[str, Field(min_length=1, max_length=4000)]
    approved_by: Annotated[list[_NAME], Field(max_length=20)] = Field(default_factory=list)
    ended_ms: _MS | None = None
    created_by: _NAME


class ShelveBody(_Strict):
    """An ISA-18.2 shelving of one CI's alarms."""

    ci: _CI
    user: _NAME
    reason: Annotated[str, Field(min_length=1, max_length=2000)]
    start_ms: _MS
    until_ms: _MS
    cleared_ms: _MS | None = None
    cleared_by: _NAME | None = None


class RecordIn(_Strict):
    """One version as `models.store.suppression_repo.MaintenanceRecord.as_dict()` writes it."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    kind: Literal["window", "shelve"]
    updated_hlc: Annotated[str, Field(pattern=HLC_TEXT)]
    console_id: Annotated[str, Field(pattern=ID_PATTERN)]
    user: _NAME
    body: dict[str, Any]


def _check_body(record: RecordIn) -> str | None:
    """What is wrong with the body for its kind (None: fine)."""
    try:
        if record.kind == "window":
            window = WindowBody.model_validate(record.body)
            ChangeKind(window.kind)
            if window.planned_end_ms <= window.planned_start_ms:
                return "the window must end after it starts"
            if not window.rollback_note.strip():
                return "a change needs a rollback note"
        else:
            shelf = ShelveBody.model_validate(record.body)
            if shelf.until_ms <= shelf.start_ms:
                return "a shelving must end after it starts"
            if not shelf.reason.strip():
                return "shelving needs a reason"
    except ValidationError as exc:
        return str(exc)
    except ValueError as exc:  # an unknown change kind
        return f"body.kind: {exc}"
    return None


def _check(index: int, raw: Any, uploader: Uploader) -> UploadItem:
    item = UploadItem(index, raw)
    if not isinstance(raw, Mapping):
        item.reject(422, "a maintenance record must be a JSON object")
        return item
    try:
        record = RecordIn.model_validate(raw)
    except ValidationError as exc:
        item.reject(422, f"maintenance record {item.record_id!r}: {exc}")
        return item
    item.record = record
    wrong = _check_body(record)
    if wrong is not None:
        item.reject(422, f"maintenance record {record.id}: {wrong}")
    elif not record.user.isprintable():
        item.reject(422, f"maintenance record {record.id}: the user must be printable text")
    elif record.console_id != uploader.console_id:
        item.reject(
            403,
            f"record written on console {record.console_id!r} uploaded by {uploader.console_id!r}",
        )
    return item


def ingest_maintenance(
    engine: Engine, raws: Sequence[Any], uploader: Uploader, now_ms: int
) -> list[dict[str, Any]]:
    """Store a batch: per version accepted (with its seq), duplicate (this version or a
    newer one is already stored: flag 'superseded' for an older one), or rejected."""
    items = [_check(i, raw, uploader) for i, raw in enumerate(raws)]
    results: list[dict[str, Any]] = []
    with write(engine) as conn:
        good = [i for i in items if i.record is not None and i.code is None]
        grants = grants_of(conn, {i.record.user for i in good if i.record is not None})
        for item in good:
            _check_author(item, grants.get(item.record.user, []) if item.record else [], uploader)
        good = [i for i in good if i.code is None]
        seq = before = _lock_counter(conn)
        stored = _stored(conn, [i.record.id for i in good if i.record is not None])
        for item in items:
            record = item.record
            if record is None or item.code is not None:
                results.append(result_of(item, "rejected"))
                continue
            mine = (record.updated_hlc, record.console_id)
            current = stored.get(record.id)
            if current is not None and current >= mine:
                if current > mine:
                    item.flags.append("superseded")
                results.append(result_of(item, "duplicate"))
                continue
            seq += 1
            row = _row(record, seq, uploader, now_ms, item.flags)
            if current is None:
                conn.execute(insert(maintenance_records), row)
            else:
                where = maintenance_records.c.id == record.id
                conn.execute(update(maintenance_records).where(where).values(row))
            stored[record.id] = mine
            results.append({**result_of(item, "accepted"), "seq": seq})
        quarantine_rejected(
            conn, "maintenance_record", [i for i in items if i.code is not None], uploader, now_ms
        )
        if seq != before:
            where = counters.c.name == COUNTER
            conn.execute(update(counters).where(where).values(value=seq))
    return results


def _lock_counter(conn: Connection) -> int:
    query = select(counters.c.value).where(counters.c.name == COUNTER).with_for_update()
    return int(conn.execute(query).scalar_one())


def _check_author(item: UploadItem, grants: list[Any], uploader: Uploader) -> None:
    record = item.record
    assert record is not None
    now = best_role(grants, uploader.site)
    if now is not None and now >= MAINTENANCE_ROLE:
        return
    item.reject(
        403, f"user {record.user!r} may not plan maintenance or shelve at site {uploader.site!r}"
    )


def _stored(conn: Connection, ids: list[str]) -> dict[str, tuple[str, str]]:
    t = maintenance_records
    found: dict[str, tuple[str, str]] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        query = select(t.c.id, t.c.updated_hlc, t.c.console_id).where(
            t.c.id.in_(unique[start : start + _CHUNK])
        )
        found.update({row.id: (row.updated_hlc, row.console_id) for row in conn.execute(query)})
    return found


def _row(
    record: RecordIn, seq: int, uploader: Uploader, now_ms: int, flags: list[str]
) -> dict[str, Any]:
    return {
        "id": record.id,
        "seq": seq,
        "kind": record.kind,
        "updated_hlc": record.updated_hlc,
        "console_id": record.console_id,
        "user": safe_text(record.user),
        "body": safe_text(json.dumps(record.body, sort_keys=True, ensure_ascii=False)),
        "uploaded_by_console": uploader.console_id,
        "received_ms": now_ms,
        "flags": ",".join(flags),
    }


def page(engine: Engine, after: int, limit: int) -> list[dict[str, Any]]:
    """Stored versions with seq > `after`, in seq order (each record at its latest)."""
    t = maintenance_records
    query = select(t).where(t.c.seq > after).order_by(t.c.seq).limit(limit)
    with read(engine) as conn:
        rows = conn.execute(query).all()
    out = []
    for row in rows:
        data = row._asdict()
        data["body"] = json.loads(data["body"])
        data["flags"] = data["flags"].split(",") if data["flags"] else []
        out.append(data)
    return out
