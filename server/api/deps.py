"""Request dependencies: the app's engine and config, the caller, and role checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from server.clock import now_ms
from server.config import ServerConfig
from server.db.engine import read
from server.identity import best_role, console_site, grants_of
from server.security import tokens
from server.security.roles import Role

_bearer = HTTPBearer(auto_error=False, description="Token from POST /v1/login")


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def config_of(request: Request) -> ServerConfig:
    config: ServerConfig = request.app.state.config
    return config


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@dataclass(frozen=True)
class Caller:
    """An authenticated request: its token's principal, site and effective role."""

    principal: tokens.Principal
    site: str | None
    role: Role | None
    roles: dict[str, str]

    @property
    def user(self) -> str | None:
        return self.principal.user

    @property
    def console_id(self) -> str | None:
        return self.principal.console_id


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})


def caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise unauthorized("a bearer token is needed (POST /v1/login)")
    with read(engine_of(request)) as conn:
        principal = tokens.lookup(conn, credentials.credentials, now_ms())
        if principal is None:
            raise unauthorized("the token is unknown, expired or revoked: log in again")
        site = console_site(conn, principal.console_id) if principal.console_id else None
        grants = grants_of(conn, [principal.user])[principal.user] if principal.user else []
    current = [g for g in grants if g.revoked_ms is None]
    roles = {g.site: g.role.label for g in sorted(current, key=lambda g: (g.site, g.role))}
    if principal.user is None:
        role: Role | None = Role.VIEWER  # a console alone reads and uploads, nothing more
    elif site is not None:
        role = best_role(grants, site)
    else:
        role = max((g.role for g in current), default=None)
    return Caller(principal, site, role, roles)


CallerDep = Annotated[Caller, Depends(caller)]


def require(role: Role) -> object:
    def check(who: CallerDep) -> Caller:
        if who.role is None or who.role < role:
            have = who.role.label if who.role else "no role"
            raise HTTPException(403, f"needs the {role.label} role (you have {have})")
        return who

    return Depends(check)


def require_console(who: CallerDep) -> Caller:
    if who.console_id is None or who.site is None:
        raise HTTPException(403, "uploading events needs a console credential")
    return who


Viewer = Annotated[Caller, require(Role.VIEWER)]
Admin = Annotated[Caller, require(Role.ADMIN)]
Uploading = Annotated[Caller, Depends(require_console)]
EngineDep = Annotated[Engine, Depends(engine_of)]
ConfigDep = Annotated[ServerConfig, Depends(config_of)]
