"""Durability: a killed writer loses nothing committed, a full disk is an error (not a lie),
a damaged file is refused and kept as it is."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from models.incidents.fold import fold
from models.store import StoreError, open_store
from models.store.incident_heads import list_heads
from models.store.incident_repo import append_events, load_events, load_incident
from models.store.outbox import outbox_batch
from tests.conftest import REPO
from tests.models.incidents.builders import Console

WRITER = r"""
import sys
from models.store import open_store
from models.store.incident_repo import append_events
from tests.models.incidents.builders import Console

store = open_store(sys.argv[1])
console = Console("CR1")
created = console.create()
append_events(store, [created])
print(created.id, flush=True)
n = 0
while True:
    n += 1
    note = console.advance(1000).event(created.incident_id, "comment", text="x" * 2000 + str(n))
    append_events(store, [note])  # one user action = one transaction
    print(note.id, flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_while_writing_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "console.db"
    open_store(path).close()
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    ) as child:
        assert child.stdout is not None
        committed = [child.stdout.readline().strip() for _ in range(60)]
        child.send_signal(signal.SIGKILL)  # mid-way: it is writing the next ones
        child.wait(timeout=30)
        committed += [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
    assert all(committed)

    with open_store(path) as store:  # opens fine: quick_check passed, WAL replayed
        (head,) = list_heads(store)
        events = load_events(store, head.id)
        stored = {e.id for e in events}
        assert set(committed) <= stored  # every acknowledged commit survived
        assert len(stored) - len(committed) <= 1  # at most the one committed unannounced
        assert {e.id for e in outbox_batch(store, 10_000)} == stored  # outbox matches events
        assert head.event_count == len(events)  # the head cache agrees with the events
        assert load_incident(store, head.id) == fold(events)


def _limit_pages(engine: Any, pages: int) -> None:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    engine.dispose()
    event.listen(engine, "connect", on_connect)


def test_a_full_disk_is_a_clear_error_and_nothing_is_pretended(tmp_path: Path) -> None:
    path = tmp_path / "console.db"
    console = Console("CR1")
    created = console.create()
    with open_store(path) as store:
        append_events(store, [created])
        with store.read() as connection:
            pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
        _limit_pages(store.engine, int(pages or 0))  # the database may not grow any more
        big = console.advance(1000).event(created.incident_id, "comment", text="x" * 19_000)
        with pytest.raises(StoreError, match="full") as caught:
            for _ in range(20):
                append_events(store, [big])
                big = console.advance(1000).event(created.incident_id, "comment", text="y" * 19_000)
        assert "not saved" in str(caught.value)
        stored = load_events(store, created.incident_id)
        assert big.id not in {e.id for e in stored}
        assert {e.id for e in outbox_batch(store, 100)} == {e.id for e in stored}
    with open_store(path) as store:  # room again: the store works as before
        append_events(store, [big])
        assert big.id in {e.id for e in load_events(store, created.incident_id)}


def test_a_damaged_store_is_refused_and_kept_for_recovery(tmp_path: Path) -> None:
    path = tmp_path / "console.db"
    with open_store(path) as store:
        created = Console("CR1").create()
        append_events(store, [created])
        with store.read() as connection:
            size = connection.exec_driver_sql("PRAGMA page_size").scalar()
    data = bytearray(path.read_bytes())
    page = int(size or 4096)
    data[2 * page : 4 * page] = os.urandom(2 * page)  # scribble over pages 3 and 4
    path.write_bytes(bytes(data))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    with pytest.raises(StoreError, match="left untouched"):
        open_store(path)
    assert path.exists()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest  # never recreated


def test_headless_commands_refuse_a_damaged_store(tmp_path: Path) -> None:
    path = tmp_path / "console.db"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    before = path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "incidents", "list", "--store", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "damaged" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before
