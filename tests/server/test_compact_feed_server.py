"""The feed's compact form from a running server: `form=rows` carries the same events as
the object form (what older consoles still get by default); an unknown form is refused."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from app.sync.remote import parse_page
from models.incidents.events import Event, to_json
from models.incidents.ids import uuid7
from tests.models.incidents.builders import Console
from tests.server.site import Site, as_dicts


def test_rows_and_objects_carry_the_same_events(site: Site) -> None:
    cred = site.add_console()
    console = Console(cred.console_id, user=site.add_user("technician"))
    token = site.login(console_id=cred.console_id, console_secret=cred.secret)
    incident = uuid7()
    events: list[Event] = [console.create(incident)]
    events += [console.event(incident, "comment", text=f'ü "{n}" \\ ✓') for n in range(3)]
    site.admin(
        "POST",
        "/v1/events",
        json={"events": as_dicts(events)},
        headers={"authorization": f"Bearer {token}"},
    ).raise_for_status()

    def page(**form: str) -> dict[str, Any]:
        params = {"after": 0, "limit": 5000, **form}
        reply = site.admin("GET", "/v1/events", params=params)
        reply.raise_for_status()
        data: dict[str, Any] = json.loads(reply.content)
        return data

    objects, rows = page(), page(form="rows")
    assert "rows" not in objects and "events" not in rows  # older consoles: objects
    assert {k: v for k, v in objects.items() if k != "events"} == {
        k: v for k, v in rows.items() if k != "rows"
    }
    from_objects = parse_page(objects["events"])
    from_rows = parse_page(rows["rows"])
    assert from_rows == from_objects
    assert [to_json(e) for e in from_rows] == [
        json.dumps(i["event"], ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        for i in objects["events"]
    ]
    assert {e.id for e in events} <= {e.id for e in from_rows}
    assert page(form="events") == objects
    with pytest.raises(httpx.HTTPStatusError) as refused:
        site.admin("GET", "/v1/events", params={"form": "csv"})
    assert refused.value.response.status_code == 422
