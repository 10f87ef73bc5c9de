"""Users, their roles per site (with history) and registered consoles."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from server.db.tables import consoles, role_grants, users
from server.security.passwords import hash_secret, verify_secret
from server.security.roles import ANY_SITE, Role


class IdentityError(ValueError):
    """An identity request that cannot be done (unknown user, already exists, ...)."""


@dataclass(frozen=True)
class Grant:
    site: str
    role: Role
    granted_ms: int
    revoked_ms: int | None

    def covers(self, site: str, at_ms: int | None) -> bool:
        if self.site not in (site, ANY_SITE):
            return False
        if at_ms is None:
            return self.revoked_ms is None
        return self.granted_ms <= at_ms and (self.revoked_ms is None or at_ms < self.revoked_ms)


def create_user(
    conn: Connection, name: str, password: str, roles: Iterable[tuple[str, Role]], now_ms: int
) -> None:
    if conn.execute(select(users.c.name).where(users.c.name == name)).first() is not None:
        raise IdentityError(f"user {name!r} exists")
    conn.execute(
        users.insert().values(
            name=name, password_hash=hash_secret(password), active=True, created_ms=now_ms
        )
    )
    set_roles(conn, name, roles, now_ms)


def set_roles(conn: Connection, name: str, roles: Iterable[tuple[str, Role]], now_ms: int) -> None:
    """Make the user's current roles exactly `roles`; ended grants stay as history."""
    wanted = {(site, role.label) for site, role in roles}
    current = conn.execute(
        select(role_grants.c.gid, role_grants.c.site, role_grants.c.role).where(
            role_grants.c.user == name, role_grants.c.revoked_ms.is_(None)
        )
    ).all()
    have = {(row.site, row.role) for row in current}
    for row in current:
        if (row.site, row.role) not in wanted:
            conn.execute(
                update(role_grants).where(role_grants.c.gid == row.gid).values(revoked_ms=now_ms)
            )
    for site, role in sorted(wanted - have):
        conn.execute(
            role_grants.insert().values(user=name, site=site, role=role, granted_ms=now_ms)
        )


def user_exists(conn: Connection, name: str) -> bool:
    row = conn.execute(select(users.c.active).where(users.c.name == name)).first()
    return row is not None and bool(row.active)


def grants_of(conn: Connection, names: Iterable[str]) -> dict[str, list[Grant]]:
    wanted = sorted(set(names))
    out: dict[str, list[Grant]] = {name: [] for name in wanted}
    if not wanted:
        return out
    rows = conn.execute(
        select(role_grants)
        .join(users, users.c.name == role_grants.c.user)
        .where(role_grants.c.user.in_(wanted), users.c.active.is_(True))
    )
    for row in rows:
        out[row.user].append(Grant(row.site, Role.parse(row.role), row.granted_ms, row.revoked_ms))
    return out


def best_role(grants: Iterable[Grant], site: str, at_ms: int | None = None) -> Role | None:
    """The highest role covering `site` now (at_ms None) or at `at_ms`."""
    found = [g.role for g in grants if g.covers(site, at_ms)]
    return max(found) if found else None


def check_user(conn: Connection, name: str, password: str) -> bool:
    row = conn.execute(
        select(users.c.password_hash).where(users.c.name == name, users.c.active.is_(True))
    ).first()
    return verify_secret(row.password_hash if row else None, password)


def register_console(
    conn: Connection, console_id: str, site: str, secret: str, now_ms: int
) -> None:
    """Register a console, or give an existing one a new secret and site."""
    values = {"site": site, "secret_hash": hash_secret(secret), "active": True}
    done = conn.execute(
        update(consoles).where(consoles.c.console_id == console_id).values(**values)
    ).rowcount
    if not done:
        conn.execute(consoles.insert().values(console_id=console_id, created_ms=now_ms, **values))


def check_console(conn: Connection, console_id: str, secret: str) -> bool:
    row = conn.execute(
        select(consoles.c.secret_hash).where(
            consoles.c.console_id == console_id, consoles.c.active.is_(True)
        )
    ).first()
    return verify_secret(row.secret_hash if row else None, secret)


def console_site(conn: Connection, console_id: str) -> str | None:
    row = conn.execute(select(consoles.c.site).where(consoles.c.console_id == console_id)).first()
    return None if row is None else str(row.site)


SYSTEM_USER = "system"  # app.incidents.service.SYSTEM_USER: consoles auto-raise as it


def ensure_system_user(conn: Connection, site: str, now_ms: int) -> bool:
    """The user automatic incidents are written as, a technician at `site` (it raises and
    resolves). Its password is random and never shown: nobody logs in as it. True when
    something was added."""
    if conn.execute(select(users.c.name).where(users.c.name == SYSTEM_USER)).first() is None:
        create_user(conn, SYSTEM_USER, secrets.token_urlsafe(32), [(site, Role.TECHNICIAN)], now_ms)
        return True
    grants = [g for g in grants_of(conn, [SYSTEM_USER])[SYSTEM_USER] if g.revoked_ms is None]
    role = best_role(grants, site)
    if role is not None and role >= Role.TECHNICIAN:
        return False
    current = {(g.site, g.role) for g in grants}
    set_roles(conn, SYSTEM_USER, [*current, (site, Role.TECHNICIAN)], now_ms)
    return True
