"""Bearer tokens: random, short-lived, revocable; only their SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from server.db.tables import tokens


@dataclass(frozen=True)
class Principal:
    """Who a request comes from: a user, a console, or a user at a console."""

    user: str | None
    console_id: str | None
    token_hash: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(
    conn: Connection, user: str | None, console_id: str | None, now_ms: int, ttl_s: int
) -> tuple[str, int]:
    """A new token and its expiry (ms)."""
    token = secrets.token_urlsafe(32)
    expires = now_ms + ttl_s * 1000
    conn.execute(
        tokens.insert().values(
            token_hash=token_hash(token),
            user=user,
            console_id=console_id,
            issued_ms=now_ms,
            expires_ms=expires,
        )
    )
    return token, expires


def lookup(conn: Connection, token: str, now_ms: int) -> Principal | None:
    """The principal of a valid token; None when unknown, expired or revoked."""
    digest = token_hash(token)
    row = conn.execute(select(tokens).where(tokens.c.token_hash == digest)).first()
    if row is None or row.revoked_ms is not None or row.expires_ms <= now_ms:
        return None
    return Principal(row.user, row.console_id, digest)


def revoke(conn: Connection, digest: str, now_ms: int) -> None:
    conn.execute(
        update(tokens)
        .where(tokens.c.token_hash == digest, tokens.c.revoked_ms.is_(None))
        .values(revoked_ms=now_ms)
    )


def revoke_all(
    conn: Connection, now_ms: int, *, user: str | None = None, console: str | None = None
) -> int:
    """Revoke every live token of a user or a console; returns how many."""
    query = update(tokens).where(tokens.c.revoked_ms.is_(None)).values(revoked_ms=now_ms)
    if user is not None:
        query = query.where(tokens.c.user == user)
    if console is not None:
        query = query.where(tokens.c.console_id == console)
    return conn.execute(query).rowcount
