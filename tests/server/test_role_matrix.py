"""Issue 6 security: every endpoint that needs more than a viewer refuses each role below
the one it needs with 403 (and the console-only uploads refuse every user token, admin
too). The role each endpoint needs is read from its route's own dependencies
(`server.api.deps.require`, `require_console`), so a new endpoint is covered when added;
a route with no role check at all fails the test unless it is public."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import httpx
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from server.api import (
    admin_routes,
    auth_routes,
    diagnostic_routes,
    event_routes,
    maintenance_routes,
    plant_routes,
)
from server.api.deps import require_console
from server.app import create_app
from server.config import ServerConfig
from server.security.roles import Role
from tests.server.site import PASSWORD, Site

ROUTERS = [admin_routes, auth_routes, diagnostic_routes, event_routes, maintenance_routes]
ROUTERS += [plant_routes]
PUBLIC = {("GET", "/health"), ("POST", "/v1/login")}
ANY_TOKEN = {("POST", "/v1/logout"), ("GET", "/v1/me")}  # about the caller's own token
CONSOLE = "console"  # needs a console credential: no user token, whatever its role


def calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from calls(sub)


def needed(route: APIRoute) -> Role | str | None:
    """The role `route` requires (from `require(role)`), CONSOLE, or None."""
    found: list[Role | str] = []
    for call in calls(route.dependant):
        if call is require_console:
            found.append(CONSOLE)
        elif inspect.isfunction(call) and call.__qualname__ == "require.<locals>.check":
            found.append(inspect.getclosurevars(call).nonlocals["role"])
    assert len(found) <= 1, (route.path, found)
    return found[0] if found else None


def requirements() -> dict[tuple[str, str], Role | str | None]:
    table = {}
    for module in ROUTERS:
        for route in module.router.routes:
            if isinstance(route, APIRoute):
                for method in route.methods or ():
                    table[(method, route.path)] = needed(route)
    return table


REQUIRED = requirements()


def test_every_documented_endpoint_is_walked_and_has_a_role_check_or_is_public() -> None:
    schema = create_app(ServerConfig()).openapi()
    documented = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    assert documented - PUBLIC <= set(REQUIRED), documented - PUBLIC - set(REQUIRED)
    unchecked = {k for k, role in REQUIRED.items() if role is None} - PUBLIC - ANY_TOKEN
    assert not unchecked, f"endpoints without a role check: {sorted(unchecked)}"
    above_viewer = [k for k, r in REQUIRED.items() if r not in (None, Role.VIEWER)]
    assert len(above_viewer) >= 10, above_viewer


def call(site: Site, method: str, path: str, token: str) -> httpx.Response:
    return httpx.request(
        method,
        f"{site.url}{path.replace('{name}', 'someone')}",
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
        json={} if method in ("POST", "PUT") else None,
    )


def test_every_endpoint_above_viewer_refuses_each_lower_role_with_403(site: Site) -> None:
    tokens: dict[str, str] = {}
    for each in Role:
        tokens[each.label] = site.login(site.add_user(each.label), PASSWORD)
    c = site.add_console()
    tokens["console alone"] = site.login(console_id=c.console_id, console_secret=c.secret)
    checked = 0
    for (method, path), role in sorted(REQUIRED.items(), key=str):
        if isinstance(role, Role) and role > Role.VIEWER:
            too_low = [r.label for r in Role if r < role] + ["console alone"]
        elif role == CONSOLE:
            too_low = [r.label for r in Role]  # a user, whatever the role, is no console
        else:
            continue
        for who in too_low:
            reply = call(site, method, path, tokens[who])
            assert reply.status_code == 403, (method, path, who, reply.text)
            assert reply.json()["detail"], (method, path, who)  # with a reason
            checked += 1
    assert checked >= 30
