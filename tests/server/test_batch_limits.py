"""Issue 6: oversized payloads -> 413, also when the size is a count. A batch upload over
its schema's `maxItems` (1,000 events, diagnostic records, maintenance records) gets the
413 its OpenAPI entry documents, not a 422: nothing of it is stored, and a console
configured with batches over the limit splits them and gets everything up."""

from __future__ import annotations

from typing import Any

import httpx

from app.sync.backoff import Backoff
from models.incidents.events import to_dict
from models.incidents.ids import uuid7
from server.app import create_app
from server.config import ServerConfig
from tests.server.helpers import run, server_ids
from tests.server.site import PASSWORD, Site, SyncedConsole


def capped_lists() -> list[tuple[str, str, int, bool]]:
    """(path, list field, maxItems, whether the route documents 413) of every POST whose
    body has a capped list."""
    schema = create_app(ServerConfig()).openapi()
    found = []
    for path, ops in schema["paths"].items():
        post = ops.get("post")
        if not post or "requestBody" not in post:
            continue
        ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        body = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
        for field, spec in body.get("properties", {}).items():
            if spec.get("type") == "array" and "maxItems" in spec:
                documented = "413" in post["responses"]
                found.append((path, field, int(spec["maxItems"]), documented))
    return found


def batch_uploads() -> list[tuple[str, str, int]]:
    """The capped lists that are batches: their route documents 413."""
    return [(path, field, cap) for path, field, cap, documented in capped_lists() if documented]


def test_the_batch_uploads_document_413() -> None:
    uploads = {path for path, _, _ in batch_uploads()}
    assert uploads >= {"/v1/events", "/v1/diagnostics", "/v1/maintenance"}


def console_headers(site: Site) -> dict[str, str]:
    c = site.add_console()
    token = site.login(console_id=c.console_id, console_secret=c.secret)
    return {"authorization": f"Bearer {token}"}


def test_a_batch_over_the_count_gets_413_with_a_reason_and_nothing_is_stored(
    site: Site, http: httpx.Client
) -> None:
    headers = console_headers(site)
    writer = SyncedConsole(site).writer
    incident = uuid7()
    events = [writer.create(incident)]
    events += [writer.event(incident, "comment", text=f"n{n}") for n in range(1000)]
    assert len(events) == 1001
    reply = http.post("/v1/events", json={"events": [to_dict(e) for e in events]}, headers=headers)
    assert reply.status_code == 413, reply.text
    assert reply.json()["detail"] == "batch too large: 1001 events, at most 1000 per request"
    assert not server_ids(site, [incident])  # nothing of it stored

    for path, field, cap in batch_uploads():
        reply = http.post(path, json={field: [{}] * (cap + 1)}, headers=headers)
        assert reply.status_code == 413, (path, reply.text)
        assert f"{cap + 1} {field}, at most {cap}" in reply.json()["detail"]

    at_the_limit = [to_dict(e) for e in events[:1000]]
    reply = http.post("/v1/events", json={"events": at_the_limit}, headers=headers)
    assert reply.status_code == 200 and len(reply.json()["results"]) == 1000


def test_other_bad_bodies_still_get_422(site: Site, http: httpx.Client) -> None:
    headers = console_headers(site)
    for body in ({"events": "not a list"}, {"events": [{}], "extra": 1}, {}):
        reply = http.post("/v1/events", json=body, headers=headers)
        assert reply.status_code == 422, (body, reply.text)
    # a capped list on a route without batches (roles of a user) is a plain 422
    admin = {"authorization": f"Bearer {site.admin_token}"}
    roles: list[dict[str, Any]] = [{"site": f"S{n}", "role": "viewer"} for n in range(101)]
    reply = http.post(
        "/v1/users",
        json={"name": "many-roles", "password": PASSWORD, "roles": roles},
        headers=admin,
    )
    assert reply.status_code == 422, reply.text


def test_a_console_with_batches_over_the_limit_splits_them_and_uploads_everything(
    site: Site,
) -> None:
    async def scenario() -> None:
        a = SyncedConsole(site, batch_size=1500, backoff=Backoff(0.1, 0.5))
        incident = uuid7()
        written = {a.create(incident).id}
        for n in range(1200):
            written.add(a.write(incident, "comment", text=f"n{n}").id)
        await a.client.push()
        await a.stop()
        assert not a.store.outbox
        counts = server_ids(site, [incident])
        assert written <= set(counts) and set(counts.values()) == {1}  # + its number

    run(scenario())
