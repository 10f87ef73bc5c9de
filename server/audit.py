"""The audit log: logins, refusals, rejections and admin actions, one row each."""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import Connection

from server.db.tables import audit_log

log = logging.getLogger("plantconsole.server.audit")


def audit(
    conn: Connection,
    kind: str,
    now_ms: int,
    *,
    user: str | None = None,
    console: str | None = None,
    ip: str | None = None,
    **detail: Any,
) -> None:
    text = json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)
    conn.execute(
        audit_log.insert().values(
            at_ms=now_ms, kind=kind, user=user, console_id=console, ip=ip, detail=text
        )
    )
    log.info(kind, extra={"audit": {"user": user, "console": console, "ip": ip, **detail}})
