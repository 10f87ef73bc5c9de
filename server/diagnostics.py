"""The consoles' diagnostic audit: records uploaded like events, each stored once.

A console queues every diagnostic run it audits (`models.store.audit`) in the same
outbox as its incident events and uploads them here in batches; the record id is the
idempotency key, the reply comes after the commit, and the console drops a record
from its outbox only then. Like events, a record is rejected only for its schema
(422) or its author's rights (403: running diagnostics takes a technician), is then
quarantined with the reason, and never blocks the records behind it. Free text
(target, summary, result details) is stored exactly as sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Engine, select

from models.incidents.events import canonical_json
from models.incidents.payloads import UUID_TEXT
from models.plant_schema import ID_PATTERN
from server.db.engine import write
from server.db.tables import diagnostic_records
from server.identity import best_role, grants_of
from server.ingest import safe_text
from server.rights import Uploader
from server.security.roles import Role
from server.uploaded_records import UploadItem, quarantine_rejected, result_of
from server.upsert import insert_ignore

MAX_RESULT_BYTES = 256 * 1024  # models.store.audit.MAX_RESULT_BYTES
DIAGNOSTICS_ROLE = Role.TECHNICIAN
_CHUNK = 500
_CI = re.compile(ID_PATTERN)


class RecordIn(BaseModel):
    """One audit record as `DiagnosticRecord.as_dict()` writes it."""

    model_config = ConfigDict(strict=True, extra="forbid")

    id: Annotated[str, Field(pattern=UUID_TEXT)]
    at_ms: Annotated[int, Field(ge=0, lt=10**16)]
    user: Annotated[str, Field(min_length=1, max_length=128)]
    console_id: Annotated[str, Field(pattern=ID_PATTERN)]
    ci: Annotated[str, Field(max_length=64)]
    kind: Annotated[str, Field(min_length=1, max_length=64)]
    target: Annotated[str, Field(max_length=2000)]
    result: Annotated[str, Field(min_length=1, max_length=32)]
    result_summary: Annotated[str, Field(max_length=500)]
    result_json: dict[str, Any] = Field(default_factory=dict)
    duration_ms: Annotated[int, Field(ge=0, lt=10**12)] = 0


def _check(index: int, raw: Any, uploader: Uploader) -> UploadItem:
    item = UploadItem(index, raw)
    if not isinstance(raw, Mapping):
        item.reject(422, "a diagnostic record must be a JSON object")
        return item
    try:
        record = RecordIn.model_validate(raw)
        details = canonical_json(record.result_json)
    except ValidationError as exc:
        item.reject(422, f"diagnostic record {item.record_id!r}: {exc}")
        return item
    except ValueError as exc:  # NaN, infinity
        item.reject(422, f"diagnostic record {item.record_id!r}: result_json: {exc}")
        return item
    if len(details.encode("utf-8", "surrogatepass")) > MAX_RESULT_BYTES:
        item.reject(422, f"diagnostic record {record.id}: result_json over {MAX_RESULT_BYTES}")
        return item
    item.record = record
    if record.ci and not _CI.match(record.ci):
        item.reject(422, f"diagnostic record {record.id}: ci {record.ci!r} is not a CI id")
    elif not record.user.isprintable():
        item.reject(422, f"diagnostic record {record.id}: the user must be printable text")
    elif record.console_id != uploader.console_id:
        item.reject(
            403,
            f"record written on console {record.console_id!r} uploaded by {uploader.console_id!r}",
        )
    return item


def ingest_records(
    engine: Engine, raws: Sequence[Any], uploader: Uploader, now_ms: int
) -> list[dict[str, Any]]:
    """Store a batch: per record accepted, duplicate, or rejected (and quarantined)."""
    items = [_check(i, raw, uploader) for i, raw in enumerate(raws)]
    with write(engine) as conn:
        good = [i for i in items if i.record is not None and i.code is None]
        grants = grants_of(conn, {i.record.user for i in good if i.record is not None})
        for item in good:
            _check_author(item, grants.get(item.record.user, []) if item.record else [], uploader)
        good = [i for i in good if i.code is None]
        stored = _stored(conn, [i.record.id for i in good if i.record is not None])
        rows, results = [], []
        for item in items:
            record = item.record
            if record is None or item.code is not None:
                results.append(result_of(item, "rejected"))
            elif record.id in stored:
                results.append(result_of(item, "duplicate"))
            else:
                stored.add(record.id)
                rows.append(_row(record, uploader, now_ms, item.flags))
                results.append(result_of(item, "accepted"))
        insert_ignore(conn, diagnostic_records, rows)
        quarantine_rejected(
            conn, "diagnostic_record", [i for i in items if i.code is not None], uploader, now_ms
        )
    return results


def _check_author(item: UploadItem, grants: list[Any], uploader: Uploader) -> None:
    record = item.record
    assert record is not None
    now = best_role(grants, uploader.site)
    if now is not None and now >= DIAGNOSTICS_ROLE:
        return
    then = best_role(grants, uploader.site, record.at_ms)
    if then is not None and then >= DIAGNOSTICS_ROLE:
        item.flags.append("author_lost_role")
        return
    item.reject(403, f"user {record.user!r} may not run diagnostics at site {uploader.site!r}")


def _stored(conn: Any, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        query = select(diagnostic_records.c.id).where(
            diagnostic_records.c.id.in_(ids[start : start + _CHUNK])
        )
        found.update(conn.execute(query).scalars())
    return found


def _row(record: RecordIn, uploader: Uploader, now_ms: int, flags: list[str]) -> dict[str, Any]:
    return {
        **record.model_dump(exclude={"result_json"}),
        "target": safe_text(record.target),
        "result_summary": safe_text(record.result_summary),
        "user": safe_text(record.user),
        "result_json": safe_text(canonical_json(record.result_json)),
        "uploaded_by_console": uploader.console_id,
        "received_ms": now_ms,
        "flags": ",".join(flags),
    }
