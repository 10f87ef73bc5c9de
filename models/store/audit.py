"""The audit of diagnostic runs: who ran what against which CI, when, and the result.

`record_diagnostic` writes the record and its outbox row (kind 'audit') in one
transaction; the sync client uploads it with `outbox_audit_batch`. A record attached
to an incident is referenced by the `diagnostic_attached` event's `run_id`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert

from models.incidents.events import canonical_json
from models.incidents.ids import is_uuid, uuid7
from models.store.engine import Store
from models.store.sync_state import console_identity
from models.store.tables import table
from models.store.txn import guarded_write

MAX_RESULT_BYTES = 256 * 1024


@dataclass(frozen=True)
class DiagnosticRecord:
    id: str  # UUIDv7
    at_ms: int  # when the run started (Unix ms)
    user: str
    console_id: str
    ci: str
    kind: str  # e.g. "ping", "plc_status", "opcua_browse", "tag_read"
    target: str  # what was asked: endpoint, node id, register range
    result: str  # the run's outcome: ok, problem, error, timeout, cancelled, refused, ...
    result_summary: str
    result_json: Mapping[str, Any] = field(default_factory=dict)
    duration_ms: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at_ms": self.at_ms,
            "user": self.user,
            "console_id": self.console_id,
            "ci": self.ci,
            "kind": self.kind,
            "target": self.target,
            "result": self.result,
            "result_summary": self.result_summary,
            "result_json": dict(self.result_json),
            "duration_ms": self.duration_ms,
        }

    def to_json(self) -> str:
        """Canonical JSON, as uploaded to the server."""
        return canonical_json(self.as_dict())


def record_diagnostic(
    store: Store,
    *,
    user: str,
    ci: str,
    kind: str,
    target: str,
    result: str,
    summary: str,
    data: Mapping[str, Any] | None = None,
    duration_ms: int = 0,
    at_ms: int | None = None,
    console_id: str | None = None,
    record_id: str | None = None,
) -> DiagnosticRecord:
    """Audit one diagnostic run (and queue it for the server); one transaction.

    `ci` may be "" for a run against a bare target; `record_id` keeps the caller's id
    (a UUID), else a UUIDv7 is made. ValueError for an empty user/kind/result, a bad id,
    or `data` that is not plain JSON or larger than 256 KB; StoreError when not saved.
    """
    for name, value in (("user", user), ("kind", kind), ("result", result)):
        if not value.strip():
            raise ValueError(f"a diagnostic record needs a {name}")
    if len(result) > 32:
        raise ValueError(f"diagnostic result {result[:40]!r} is longer than 32 characters")
    if record_id is not None and not is_uuid(record_id):
        raise ValueError(f"diagnostic record id {record_id!r} is not a lower-case UUID")
    text = canonical_json(dict(data or {}))  # ValueError/TypeError for non-JSON data
    if len(text.encode("utf-8")) > MAX_RESULT_BYTES:
        raise ValueError(f"diagnostic result data is larger than {MAX_RESULT_BYTES} bytes")
    started = time.time_ns() // 1_000_000 if at_ms is None else at_ms
    record = DiagnosticRecord(
        id=record_id or uuid7(started),
        at_ms=started,
        user=user,
        console_id=console_id or console_identity(store),
        ci=ci,
        kind=kind,
        target=target,
        result=result,
        result_summary=summary[:500],
        result_json=json.loads(text),
        duration_ms=max(0, int(duration_ms)),
    )
    with guarded_write(store, f"the audit of a {kind} diagnostic on {ci}") as connection:
        connection.execute(insert(table("diagnostic_audit")), record.as_dict())
        connection.execute(
            insert(table("outbox")),
            {"item_id": record.id, "kind": "audit", "created_at": datetime.now(UTC)},
        )
    return record


def diagnostic_record(store: Store, record_id: str) -> DiagnosticRecord | None:
    """The audit record with this id, None when it is not stored (yet)."""
    with store.read() as connection:
        row = connection.exec_driver_sql(
            "SELECT * FROM diagnostic_audit WHERE id = ?", (record_id,)
        ).first()
    return None if row is None else record_of(row._mapping)


def list_diagnostics(
    store: Store, ci: str | None = None, limit: int = 200
) -> list[DiagnosticRecord]:
    """The newest audit records (of one CI when given), newest first."""
    sql = "SELECT * FROM diagnostic_audit"
    params: tuple[Any, ...] = ()
    if ci is not None:
        sql += " WHERE ci = ?"
        params = (ci,)
    sql += f" ORDER BY at_ms DESC, id DESC LIMIT {int(limit)}"
    with store.read() as connection:
        return [record_of(row._mapping) for row in connection.exec_driver_sql(sql, params)]


def record_of(row: Any) -> DiagnosticRecord:
    """A record from a `diagnostic_audit` row mapping."""
    data = row["result_json"]
    return DiagnosticRecord(
        id=row["id"],
        at_ms=row["at_ms"],
        user=row["user"],
        console_id=row["console_id"],
        ci=row["ci"],
        kind=row["kind"],
        target=row["target"],
        result=row["result"],
        result_summary=row["result_summary"],
        result_json=json.loads(data) if isinstance(data, str) else dict(data),
        duration_ms=row["duration_ms"],
    )
