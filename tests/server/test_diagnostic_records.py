"""Diagnostic audit records travel like events: outbox up, stored once, acknowledged
after the commit, listed for supervisors; bad ones are quarantined and block nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from app.sync.client import SyncClient
from models.incidents.ids import uuid7
from models.store.audit import record_diagnostic
from models.store.engine import open_store
from models.store.outbox import outbox_count
from models.store.sync_adapter import StoreSyncAdapter
from tests.server.helpers import run
from tests.server.site import PASSWORD, Site

ODD = "ping 10.0.0.1 — '; DROP TABLE x; -- <b>✓</b> 😀"


def _get(site: Site, token: str, path: str, **params: Any) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"}
    return httpx.get(f"{site.url}{path}", params=params, headers=headers, timeout=30)


def test_records_go_up_once_and_other_consoles_supervisors_see_them(
    site: Site, tmp_path: Path
) -> None:
    cred = site.add_console()
    tech = site.add_user("technician")
    ci = f"PLC-{uuid7()[-6:]}"
    store = open_store(tmp_path / "console.sqlite")
    try:
        records = [
            record_diagnostic(
                store,
                user=tech,
                ci=ci,
                kind="ping",
                target=ODD,
                result="problem",
                summary=f"host reachable, OPC UA down {ODD}",
                data={"layers": [{"icmp_ms": 0.4}, {"tcp": "refused"}], "note": ODD},
                duration_ms=1200,
                console_id=cred.console_id,
            ),
            record_diagnostic(
                store,
                user=tech,
                ci=ci,
                kind="plc_status",
                target="opc.tcp://10.0.0.1:4840",
                result="ok",
                summary="RUN",
                console_id=cred.console_id,
            ),
        ]
        assert outbox_count(store)["audit"] == 2
        client = SyncClient(StoreSyncAdapter(store), site.url, cred, batch_size=1, timeout_s=10)

        async def push() -> int:
            try:
                return await client.push()
            finally:
                await client.close()

        assert run(push()) == 2
        assert outbox_count(store)["audit"] == 0  # confirmed, so gone from the outbox
    finally:
        store.close()

    supervisor = site.login(site.add_user("supervisor"), PASSWORD)
    listed = _get(site, supervisor, "/v1/diagnostics", ci=ci).json()
    assert [r["id"] for r in listed] == [r.id for r in records]
    first = listed[0]
    assert first["target"] == ODD and first["result_json"]["note"] == ODD
    assert first["result_summary"] == records[0].result_summary
    assert (first["user"], first["console_id"], first["duration_ms"]) == (
        tech,
        cred.console_id,
        1200,
    )

    # A console that crashed before the confirmation sends them again: harmless.
    token = site.login(console_id=cred.console_id, console_secret=cred.secret)
    again = httpx.post(
        f"{site.url}/v1/diagnostics",
        json={"records": [r.as_dict() for r in records]},
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]
    assert len(_get(site, supervisor, "/v1/diagnostics", ci=ci).json()) == 2


def test_bad_records_are_quarantined_with_a_reason_and_block_nothing(site: Site) -> None:
    cred = site.add_console()
    tech, viewer = site.add_user("technician"), site.add_user("viewer")
    token = site.login(console_id=cred.console_id, console_secret=cred.secret)

    def record(**changes: Any) -> dict[str, Any]:
        base = {
            "id": uuid7(),
            "at_ms": 1_732_290_000_000,
            "user": tech,
            "console_id": cred.console_id,
            "ci": "AR-042-PLC",
            "kind": "ping",
            "target": "10.0.0.1",
            "result": "ok",
            "result_summary": "fine",
            "result_json": {},
            "duration_ms": 5,
        }
        return {**base, **changes}

    batch = [
        record(at_ms="yesterday"),
        record(user=viewer),
        record(console_id="SOMEONE-ELSE"),
        record(ci="not a ci id!"),
        record(),
    ]
    reply = httpx.post(
        f"{site.url}/v1/diagnostics",
        json={"records": batch},
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert reply.status_code == 200
    results = reply.json()["results"]
    assert [(r["status"], r.get("code")) for r in results] == [
        ("rejected", 422),
        ("rejected", 403),
        ("rejected", 403),
        ("rejected", 422),
        ("accepted", None),
    ]
    assert "run diagnostics" in results[1]["reason"]
    quarantined = site.admin("GET", "/v1/quarantine", params={"limit": 1000}).json()
    ids = {q["event_id"] for q in quarantined}
    assert {batch[0]["id"], batch[1]["id"], batch[2]["id"]} <= ids


def test_listing_needs_a_supervisor(site: Site) -> None:
    assert httpx.get(f"{site.url}/v1/diagnostics", timeout=30).status_code == 401
    for role in ("viewer", "technician"):
        token = site.login(site.add_user(role), PASSWORD)
        assert _get(site, token, "/v1/diagnostics").status_code == 403
    admin = _get(site, site.admin_token, "/v1/diagnostics")
    assert admin.status_code == 200
