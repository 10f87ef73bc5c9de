"""The quarantine (rejected events with their reason), read in pages: one query for the
REST listing and the admin command line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, select

from server.db.tables import quarantine


def quarantined_after(conn: Connection, after: int, limit: int) -> Sequence[Row[Any]]:
    """Up to `limit` rejected events after quarantine id `after`, oldest first."""
    return conn.execute(
        select(quarantine).where(quarantine.c.qid > after).order_by(quarantine.c.qid).limit(limit)
    ).all()
