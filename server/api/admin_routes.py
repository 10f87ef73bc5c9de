"""Administration: users and roles, consoles, token revocation, quarantine, audit log."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request
from sqlalchemy import select

from server.api.deps import Admin, EngineDep, client_ip
from server.api.schemas import (
    USER_PATTERN,
    AuditEntry,
    ConsoleCredential,
    NewConsole,
    NewUser,
    QuarantinedEvent,
    Responses,
    RolesUpdate,
)
from server.audit import audit
from server.clock import now_ms
from server.db.engine import read, write
from server.db.tables import audit_log
from server.identity import IdentityError, create_user, register_console, set_roles, user_exists
from server.quarantine_store import quarantined_after
from server.security import tokens
from server.security.roles import Role

router = APIRouter(prefix="/v1", tags=["admin"])
AUTH: Responses = {401: {"description": "no valid token"}, 403: {"description": "not an admin"}}
UserName = Annotated[str, Path(pattern=USER_PATTERN)]


@router.post("/users", status_code=201, responses={**AUTH, 409: {"description": "exists"}})
def add_user(body: NewUser, who: Admin, request: Request, engine: EngineDep) -> None:
    now = now_ms()
    roles = [(g.site, Role.parse(g.role)) for g in body.roles]
    try:
        with write(engine) as conn:
            create_user(conn, body.name, body.password, roles, now)
            audit(conn, "user_created", now, user=who.user, ip=client_ip(request), name=body.name)
    except IdentityError as exc:
        raise HTTPException(409, str(exc)) from None


@router.put(
    "/users/{name}/roles", status_code=204, responses={**AUTH, 404: {"description": "no such user"}}
)
def update_roles(
    name: UserName, body: RolesUpdate, who: Admin, request: Request, engine: EngineDep
) -> None:
    """Replace the user's roles; events written under a role since removed are flagged."""
    now = now_ms()
    with write(engine) as conn:
        if not user_exists(conn, name):
            raise HTTPException(404, f"no user {name!r}")
        set_roles(conn, name, [(g.site, Role.parse(g.role)) for g in body.roles], now)
        roles = [f"{g.site}:{g.role}" for g in body.roles]
        audit(
            conn, "roles_changed", now, user=who.user, ip=client_ip(request), name=name, roles=roles
        )


@router.post("/users/{name}/revoke-tokens", responses={**AUTH})
def revoke_user_tokens(
    name: UserName, who: Admin, request: Request, engine: EngineDep
) -> dict[str, int]:
    now = now_ms()
    with write(engine) as conn:
        count = tokens.revoke_all(conn, now, user=name)
        audit(
            conn,
            "tokens_revoked",
            now,
            user=who.user,
            ip=client_ip(request),
            name=name,
            count=count,
        )
    return {"revoked": count}


@router.post("/consoles", status_code=201, responses={**AUTH})
def add_console(
    body: NewConsole, who: Admin, request: Request, engine: EngineDep
) -> ConsoleCredential:
    """Register a console (or renew its secret): the secret is shown this once."""
    secret = body.secret or secrets.token_urlsafe(32)
    now = now_ms()
    with write(engine) as conn:
        register_console(conn, body.console_id, body.site, secret, now)
        tokens.revoke_all(conn, now, console=body.console_id)
        audit(
            conn,
            "console_registered",
            now,
            user=who.user,
            ip=client_ip(request),
            console=body.console_id,
            site=body.site,
        )
    return ConsoleCredential(console_id=body.console_id, site=body.site, secret=secret)


@router.get("/quarantine", responses={**AUTH})
def list_quarantine(
    who: Admin,
    engine: EngineDep,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[QuarantinedEvent]:
    """Rejected events with their reason, oldest first."""
    with read(engine) as conn:
        rows = quarantined_after(conn, after, limit)
    return [QuarantinedEvent.model_validate(row._asdict()) for row in rows]


@router.get("/audit", responses={**AUTH})
def list_audit(
    who: Admin,
    engine: EngineDep,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditEntry]:
    with read(engine) as conn:
        rows = conn.execute(
            select(audit_log).where(audit_log.c.aid > after).order_by(audit_log.c.aid).limit(limit)
        ).all()
    return [AuditEntry.model_validate(row._asdict()) for row in rows]
