"""Every diagnostic run is queued in the console store's outbox and reaches the server,
also one not attached to any incident: the window's queue (runs before the store opened
wait in memory) and the CLI's store (with and without a console holding its lock)."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.diagnostics.audit import FanoutSink, JsonlSink, StoreQueueSink
from app.diagnostics.core import DiagnosticsCore
from app.sync.client import SyncClient
from models.store.audit import list_diagnostics
from models.store.console_lock import try_lock
from models.store.engine import open_store
from models.store.outbox import outbox_count
from models.store.sync_adapter import StoreSyncAdapter
from models.store.sync_state import console_identity
from server.process import ServerProcess
from tests.conftest import REPO
from tests.drivers.conftest import free_port, run
from tests.drivers.opcua_peer import start_peer
from tests.server.site import PASSWORD, Site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    db = tmp_path_factory.mktemp("srv") / "server.sqlite"
    process = ServerProcess(f"sqlite:///{db}")
    process.create_admin("root", "root-password")
    process.start()
    try:
        yield Site(process, "root", "root-password")
    finally:
        process.stop()


def test_runs_without_an_incident_are_queued_and_reach_the_server(
    site: Site, tmp_path: Path
) -> None:
    cred = site.add_console()
    tech = site.add_user("technician")
    store = open_store(tmp_path / "console.sqlite")
    console_identity(store, cred.console_id)
    queue = StoreQueueSink()
    jsonl = JsonlSink(tmp_path / "audit.jsonl")
    core = DiagnosticsCore(
        audit=FanoutSink(jsonl, queue), role=lambda: "technician", user=lambda: tech
    )

    async def scenario() -> int:
        peer = await start_peer(free_port())
        try:
            await core.ping(peer.url, 1)  # the window before its store opened
            assert queue.pending == 1 and outbox_count(store).get("audit", 0) == 0
            queue.open(store)
            assert queue.pending == 0
            await core.ping(f"127.0.0.1:{free_port()}", 1)  # refused: audited all the same
        finally:
            await peer.stop()
        assert outbox_count(store)["audit"] == 2
        client = SyncClient(StoreSyncAdapter(store), site.url, cred, batch_size=10, timeout_s=10)
        try:
            return await client.push()
        finally:
            await client.close()

    try:
        assert run(scenario(), timeout=60) == 2
        assert outbox_count(store).get("audit", 0) == 0  # confirmed by the server
        local = list_diagnostics(store)
    finally:
        store.close()
    assert [r.id for r in reversed(local)] == [r.id for r in jsonl.read()]  # same ids both
    supervisor = site.login(site.add_user("supervisor"), PASSWORD)
    listed = httpx.get(
        f"{site.url}/v1/diagnostics",
        params={"ci": ""},
        headers={"authorization": f"Bearer {supervisor}"},
        timeout=30,
    ).json()
    mine = {r["id"]: r for r in listed if r["console_id"] == cred.console_id}
    assert set(mine) == {r.id for r in local}
    results = sorted((r["kind"], r["result"], r["user"]) for r in mine.values())
    assert results == [("ping", "ok", tech), ("ping", "problem", tech)]


async def cli(*args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app.cli", *args,
        cwd=REPO, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await proc.communicate()
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def test_the_cli_queues_its_runs_beside_a_running_console(
    tmp_path: Path, private_home: Path
) -> None:
    path = tmp_path / "console.sqlite"
    open_store(path).close()

    async def scenario() -> None:
        refused = f"127.0.0.1:{free_port()}"
        code, out, err = await cli("diagnose", refused, "--attempts", "1", "--store", str(path))
        assert code == 1 and "note:" not in err, err
        lock = try_lock(path)  # a console runs with this store
        assert lock is not None
        try:
            code, out, err = await cli("diagnose", refused, "--attempts", "1", "--json")
            assert code == 1 and "not synced" in err, err  # default store: none here
            json.loads(out)  # the note is on stderr: --json stays parseable
            code, _, err = await cli("diagnose", refused, "--attempts", "1", "--store", str(path))
            assert code == 1 and "note:" not in err, err
        finally:
            lock.release()

    run(scenario(), timeout=60)
    with open_store(path) as store:
        records = list_diagnostics(store)
        assert [r.result for r in records] == ["problem", "problem"]
        assert outbox_count(store)["audit"] == 2
    left = try_lock(path)  # the CLI left no lock behind
    assert left is not None
    left.release()
    audit = (private_home / "data" / "diagnostics" / "audit.jsonl").read_text().splitlines()
    assert len(audit) == 3
