"""What diagnostic audit records and maintenance records share on upload: one item per
record of a batch, its result line, and the quarantine (plus audit entry) of a rejected one.
Like events, a record is rejected only for its schema or its author's rights, and a
rejected record never blocks the ones behind it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from server.audit import audit
from server.db.tables import quarantine
from server.ingest import safe_text
from server.rights import Uploader


@dataclass
class UploadItem:
    """One uploaded record: its raw form, the parsed record (None when it failed its
    schema) and, once rejected, the HTTP-like code and reason."""

    index: int
    raw: Any
    record: Any = None
    code: int | None = None
    reason: str | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def record_id(self) -> str | None:
        if self.record is not None:
            return str(self.record.id)
        raw_id = self.raw.get("id") if isinstance(self.raw, Mapping) else None
        return raw_id[:64] if isinstance(raw_id, str) else None

    def reject(self, code: int, reason: str) -> None:
        self.code, self.reason = code, reason


def result_of(item: UploadItem, status: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.record_id, "index": item.index, "status": status}
    if item.code is not None:
        out.update(code=item.code, reason=item.reason)
    if item.flags:
        out["flags"] = list(item.flags)
    return out


def quarantine_rejected(
    conn: Any, kind: str, rejected: list[UploadItem], uploader: Uploader, now_ms: int
) -> None:
    """Keep each rejected record for the admins (`kind`: e.g. 'diagnostic_record') and
    audit its rejection; free text is stored as sent, made safe only for the database."""
    if not rejected:
        return
    rows = [
        {
            "event_id": safe_text(item.record_id) if item.record_id else None,
            "code": item.code,
            "reason": safe_text(item.reason or ""),
            "console_id": uploader.console_id,
            "user": uploader.user,
            "received_ms": now_ms,
            "body": safe_text(json.dumps({kind: item.raw}, sort_keys=True, default=repr)),
        }
        for item in rejected
    ]
    conn.execute(quarantine.insert(), rows)
    for item in rejected:
        audit(
            conn,
            f"{kind}_rejected",
            now_ms,
            user=uploader.user,
            console=uploader.console_id,
            record_id=safe_text(item.record_id or ""),
            code=item.code,
            reason=safe_text(item.reason or ""),
        )
