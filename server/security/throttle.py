"""Login throttling per (user, client address), kept in the database so that every
server process behind a load balancer counts the same failures."""

from __future__ import annotations

from sqlalchemy import Connection, delete, func, select

from server.db.tables import login_failures


def failures(conn: Connection, principal: str, ip: str, now_ms: int, window_s: int) -> int:
    since = now_ms - window_s * 1000
    query = select(func.count()).where(
        login_failures.c.principal == principal,
        login_failures.c.ip == ip,
        login_failures.c.at_ms > since,
    )
    return int(conn.execute(query).scalar_one())


def record_failure(conn: Connection, principal: str, ip: str, now_ms: int, window_s: int) -> None:
    conn.execute(login_failures.insert().values(principal=principal, ip=ip, at_ms=now_ms))
    conn.execute(
        delete(login_failures).where(login_failures.c.at_ms <= now_ms - 2 * window_s * 1000)
    )


def clear(conn: Connection, principal: str, ip: str) -> None:
    conn.execute(
        delete(login_failures).where(
            login_failures.c.principal == principal, login_failures.c.ip == ip
        )
    )
