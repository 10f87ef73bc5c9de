"""Maintenance windows and shelvings travel between consoles (issue 6): versioned
records, last writer wins, replays are no-ops, rights and schema checked by the server."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

import httpx

from app.incidents.suppression import Suppressions
from app.sync.client import ConsoleCredential, SyncClient
from models.incidents.maintenance import ChangeKind, MaintenanceWindow
from models.store.engine import Store, open_store
from models.store.suppression_repo import outbox_maintenance_batch
from models.store.sync_adapter import StoreSyncAdapter
from tests.server.helpers import eventually, run
from tests.server.site import Site

HOUR = 3_600_000
NOW = 1_800_000_000_000


def _console(site: Site, path: Path, skew_ms: int = 0) -> tuple[Store, Suppressions, SyncClient]:
    cred = site.add_console()
    store = open_store(path)
    sup = Suppressions(store, cred.console_id, lambda: NOW + skew_ms)
    adapter = StoreSyncAdapter(store)
    adapter.on_maintenance = sup.remote_changed
    return store, sup, SyncClient(adapter, site.url, cred, timeout_s=10)


def _sync(*clients: SyncClient) -> None:
    async def go() -> None:
        try:
            for client in clients:
                await client.sync_once()
        finally:
            for client in clients:
                await client.close()

    run(go())


def _window(wid: str, ci: str, title: str = "firmware") -> MaintenanceWindow:
    return MaintenanceWindow(
        wid, ChangeKind.PLC_FIRMWARE, title, frozenset({ci}), NOW - HOUR, NOW + HOUR, "flash v1"
    )


def test_a_window_planned_on_a_suppresses_on_b_and_its_end_travels_too(
    site: Site, tmp_path: Path
) -> None:
    tech = site.add_user("technician")
    store_a, sup_a, client_a = _console(site, tmp_path / "a.sqlite")
    store_b, sup_b, client_b = _console(site, tmp_path / "b.sqlite")
    refreshed: list[str] = []
    sup_b.refresh = refreshed.extend
    try:
        sup_a.add_window(_window("CHG-A1", "PLC-M1"), tech)
        sup_a.shelve("PLC-M2", tech, "sensor swap", HOUR, 8 * HOUR)
        assert sup_b.lookup("PLC-M1") is None
        _sync(client_a, client_b)
        assert not outbox_maintenance_batch(store_a, 10)  # confirmed
        assert sup_b.lookup("PLC-M1") is not None  # no auto-raise on B for this CI
        assert sup_b.lookup("PLC-M2") is not None
        assert {"PLC-M1", "PLC-M2"} <= set(refreshed)
        sup_a.end_window("CHG-A1", tech)  # an update, not a delete
        sup_a.unshelve("PLC-M2", tech)
        _sync(client_a, client_b)
        assert sup_b.lookup("PLC-M1") is None and sup_b.lookup("PLC-M2") is None
        assert [w.ended_ms for w in sup_b.windows] == [NOW]
        assert [s.cleared_by for s in sup_b.shelves] == [tech]
    finally:
        store_a.close()
        store_b.close()


def test_the_push_stream_brings_a_window_to_the_other_console_before_any_poll(
    site: Site, tmp_path: Path
) -> None:
    """Two running consoles that poll only every 10 minutes: a window planned (and then
    ended) on A reaches B through the server's push stream, not at B's next poll."""
    tech = site.add_user("technician")
    store_a, sup_a, client_a = _console(site, tmp_path / "a.sqlite")
    store_b, sup_b, client_b = _console(site, tmp_path / "b.sqlite")
    for client in (client_a, client_b):
        client.poll_s = 600.0
    sup_a.local_write_listeners.append(client_a.notify_local_write)  # as ConsoleLink does

    async def go() -> None:
        tasks = [asyncio.create_task(c.run()) for c in (client_a, client_b)]
        try:
            await eventually(lambda: client_a.status.online and client_b.status.online)
            await asyncio.sleep(0.3)  # both past their first sync, following the stream
            sup_a.add_window(_window("CHG-PUSH", "PLC-P1"), tech)
            await eventually(lambda: sup_b.lookup("PLC-P1") is not None, what="window on B")
            sup_a.end_window("CHG-PUSH", tech)
            await eventually(lambda: sup_b.lookup("PLC-P1") is None, what="end on B")
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            for client in (client_a, client_b):
                await client.close()

    try:
        run(go(), timeout=120)  # far below the 600 s poll: only the push can explain it
    finally:
        store_a.close()
        store_b.close()


def test_concurrent_edits_converge_on_the_last_writer(site: Site, tmp_path: Path) -> None:
    tech = site.add_user("technician")
    store_a, sup_a, client_a = _console(site, tmp_path / "a.sqlite")
    store_b, sup_b, client_b = _console(site, tmp_path / "b.sqlite", skew_ms=5)
    try:
        sup_a.add_window(_window("CHG-LWW", "PLC-L1", "from A"), tech)
        sup_b.add_window(_window("CHG-LWW", "PLC-L1", "from B"), tech)  # later HLC
        _sync(client_b, client_a, client_b)  # B's upload first: A's older one is superseded
        for sup in (sup_a, sup_b):
            assert [w.title for w in sup.windows if w.id == "CHG-LWW"] == ["from B"]
    finally:
        store_a.close()
        store_b.close()


def _post(site: Site, cred: ConsoleCredential, records: list[Any]) -> httpx.Response:
    token = site.login(console_id=cred.console_id, console_secret=cred.secret)
    return httpx.post(
        f"{site.url}/v1/maintenance",
        json={"records": records},
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
    )


def _record(cred: ConsoleCredential, user: str, rid: str, hlc: str) -> dict[str, Any]:
    body = {"ci": "PLC-R1", "user": user, "reason": "swap", "start_ms": NOW, "until_ms": NOW + HOUR}
    return {
        "id": rid,
        "kind": "shelve",
        "updated_hlc": hlc,
        "console_id": cred.console_id,
        "user": user,
        "body": body,
    }


def test_replay_is_a_no_op_viewer_gets_403_malformed_is_quarantined(site: Site) -> None:
    cred = site.add_console()
    tech, viewer = site.add_user("technician"), site.add_user("viewer")
    good = _record(cred, tech, f"r-{cred.console_id}", "1800000000000000-0001")
    first = _post(site, cred, [good]).json()["results"]
    assert first[0]["status"] == "accepted"
    assert _post(site, cred, [good]).json()["results"][0]["status"] == "duplicate"
    bad_body = {**good, "id": "x1", "body": {"ci": "PLC-R1"}}
    response = _post(
        site,
        cred,
        [
            {"id": "x2", "kind": "window"},
            bad_body,
            _record(cred, viewer, "v1", "1800000000000000-0002"),
            _record(cred, tech, "ok2", "1800000000000000-0003"),
        ],
    )
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [(r["status"], r.get("code")) for r in results] == [
        ("rejected", 422),
        ("rejected", 422),
        ("rejected", 403),
        ("accepted", None),
    ]
    token = site.login(console_id=cred.console_id, console_secret=cred.secret)
    feed = httpx.get(
        f"{site.url}/v1/maintenance",
        params={"after": first[0]["seq"] - 1},
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    mine = [r["id"] for r in feed if r["console_id"] == cred.console_id]
    assert mine == [good["id"], "ok2"]  # stored once each, in commit order
