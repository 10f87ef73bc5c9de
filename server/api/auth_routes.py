"""Login (users and consoles), logout, and who am I."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from server.api.deps import CallerDep, ConfigDep, EngineDep, client_ip
from server.api.schemas import LoginRequest, LoginResponse, Me
from server.audit import audit
from server.clock import now_ms
from server.db.engine import write
from server.identity import check_console, check_user, console_site, grants_of
from server.security import throttle, tokens

router = APIRouter(prefix="/v1", tags=["identity"])


@router.post(
    "/login",
    responses={401: {"description": "wrong credentials"}, 429: {"description": "throttled"}},
)
def login(
    body: LoginRequest, request: Request, engine: EngineDep, config: ConfigDep
) -> LoginResponse:
    """A bearer token for a user (with password), a console (id + secret), or both."""
    if body.user is None and body.console_id is None:
        raise HTTPException(422, "give user and password, console_id and console_secret, or both")
    if (body.user is None) != (body.password is None):
        raise HTTPException(422, "user and password go together")
    if (body.console_id is None) != (body.console_secret is None):
        raise HTTPException(422, "console_id and console_secret go together")
    ip, now = client_ip(request), now_ms()
    principal = body.user if body.user is not None else f"console:{body.console_id}"
    window, allowed = config.login_window_s, config.login_failures_allowed
    with write(engine) as conn:
        if throttle.failures(conn, principal, ip, now, window) >= allowed:
            audit(conn, "login_throttled", now, user=body.user, console=body.console_id, ip=ip)
            throttled = True
        else:
            throttled = False
    if throttled:
        raise HTTPException(
            429, "too many failed logins: wait and try again", headers={"Retry-After": str(window)}
        )
    with write(engine) as conn:
        ok = True
        if body.user is not None and body.password is not None:
            ok = check_user(conn, body.user, body.password)
        if ok and body.console_id is not None and body.console_secret is not None:
            ok = check_console(conn, body.console_id, body.console_secret)
        if not ok:
            throttle.record_failure(conn, principal, ip, now, window)
            audit(conn, "login_failed", now, user=body.user, console=body.console_id, ip=ip)
    if not ok:
        raise HTTPException(401, "wrong user name, password or console credential")
    with write(engine) as conn:
        throttle.clear(conn, principal, ip)
        ttl = min(body.ttl_s or config.token_ttl_s, config.token_ttl_s)
        token, expires = tokens.issue(conn, body.user, body.console_id, now, ttl)
        site = console_site(conn, body.console_id) if body.console_id else None
        grants = grants_of(conn, [body.user])[body.user] if body.user else []
        audit(conn, "login", now, user=body.user, console=body.console_id, ip=ip)
    roles = {g.site: g.role.label for g in grants if g.revoked_ms is None}
    return LoginResponse(
        token=token,
        expires_ms=expires,
        user=body.user,
        console_id=body.console_id,
        site=site,
        roles=roles,
    )


@router.post("/logout", status_code=204, responses={401: {"description": "no valid token"}})
def logout(who: CallerDep, request: Request, engine: EngineDep) -> None:
    """Revoke the token of this request."""
    now = now_ms()
    with write(engine) as conn:
        tokens.revoke(conn, who.principal.token_hash, now)
        audit(conn, "logout", now, user=who.user, console=who.console_id, ip=client_ip(request))


@router.get("/me", responses={401: {"description": "no valid token"}})
def me(who: CallerDep) -> Me:
    return Me(user=who.user, console_id=who.console_id, site=who.site, roles=who.roles)
