"""Issue 6 faults, with real processes: a console (`plantconsole run --headless`, its own
SQLite store) catching up on tens of thousands of events from a real server process is
SIGKILLed in the middle of its download, several times at varied moments, and restarted.

After each kill the store holds exactly the events the server numbered up to the cursor
it saved (pages are applied with their cursor in one transaction: nothing half-applied,
nothing ahead of the cursor), and the cursor never goes back. After the last restart the
console holds every event of the server exactly once (count and ids), with one incident
head per incident. On SQLite and on PostgreSQL (tests/server/conftest.py)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.paths import default_store_path
from app.settings import Settings
from models.incidents.events import to_dict
from models.incidents.ids import uuid7
from resources import demo_plant_path
from tests.models.incidents.builders import Console
from tests.server.site import Site

REPO = Path(__file__).resolve().parents[2]
SECRET_VAR = "PLANTCONSOLE_TEST_CONSOLE_SECRET"
INCIDENTS = 2500
NOTES = 13  # per incident: 2,500 x (1 created + 13 notes) = 35,000 events, 7+ pages
KILLS = 4


class ConsoleProcess:
    """`plantconsole run --headless` syncing with the server, its output collected."""

    def __init__(self, secret: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", SECRET_VAR: secret}
        cmd = [sys.executable, "-m", "app.cli", "run", "--headless"]
        cmd += ["--config", str(demo_plant_path()), "--user", "operator", "--timeout", "0.5"]
        self.process = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, check: Callable[[str], bool], what: str, timeout: float = 30.0) -> str:
        end = time.monotonic() + timeout
        seen = 0
        while time.monotonic() < end:
            lines = list(self.lines)
            for line in lines[seen:]:
                if check(line):
                    return line
            seen = len(lines)
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.005)
        raise AssertionError(f"no line {what}:\n" + "\n".join(self.lines[-30:]))

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self._finish()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self._finish()

    def _finish(self) -> None:
        self.process.wait(15)
        self._reader.join(5)
        assert self.process.stdout is not None
        self.process.stdout.close()


def seed(site: Site) -> int:
    """INCIDENTS incidents of 1 + NOTES events each, uploaded in batches of 1,000 by a
    console; returns the server's head."""
    author = site.add_user("technician")
    site.add_user("technician", name="system")  # as `create-console` does: auto-raise writes
    c = site.add_console()
    writer = Console(c.console_id, user=author, now_ms=int(time.time() * 1000) - 3_600_000)
    events = []
    for _ in range(INCIDENTS):
        incident = uuid7()
        events.append(writer.create(incident))
        events += [writer.event(incident, "comment", text=f"note {n}") for n in range(NOTES)]
    token = site.login(console_id=c.console_id, console_secret=c.secret)
    head = 0
    with httpx.Client(
        base_url=site.url, headers={"authorization": f"Bearer {token}"}, timeout=60
    ) as http:
        for start in range(0, len(events), 1000):
            batch = [to_dict(e) for e in events[start : start + 1000]]
            reply = http.post("/v1/events", json={"events": batch})
            reply.raise_for_status()
            assert {r["status"] for r in reply.json()["results"]} == {"accepted"}, reply.text[:300]
            head = int(reply.json()["head"])
    return head


def server_feed(site: Site) -> list[tuple[int, str, str]]:
    """(seq, event id, incident id) of every event on the server, in seq order."""
    return [
        (int(item["seq"]), item["event"]["id"], item["event"]["incident_id"])
        for item in site.feed()
    ]


@dataclass(frozen=True)
class StoreState:
    cursor: int
    remote: list[str]  # ids of the events pulled from the server
    local: list[str]  # ids of the events this console wrote itself
    incidents: set[str]  # the incidents its events belong to
    heads: int  # incident_head rows (folded from the events in the same transaction)
    outbox: int


def store_state(path: Path) -> StoreState:
    """The console's store, read after the console died (opening it recovers its
    write-ahead log, as the console's restart would)."""
    with closing(sqlite3.connect(path, timeout=10)) as db:
        row = db.execute("SELECT value FROM sync_state WHERE key = 'cursor'").fetchone()
        rows = db.execute("SELECT id, incident_id, origin FROM incident_event").fetchall()
        heads = db.execute("SELECT count(*) FROM incident_head").fetchone()[0]
        outbox = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
    return StoreState(
        int(row[0]) if row else 0,
        [i for i, _, origin in rows if origin == "remote"],
        [i for i, _, origin in rows if origin != "remote"],
        {incident for _, incident, _ in rows},
        heads,
        outbox,
    )


def live_cursor(path: Path) -> int:
    """The cursor a running console has committed so far (-1 before its store exists)."""
    if not path.exists():
        return -1
    try:
        with closing(sqlite3.connect(path, timeout=5)) as db:
            row = db.execute("SELECT value FROM sync_state WHERE key = 'cursor'").fetchone()
    except sqlite3.OperationalError:  # the store is being created
        return -1
    return int(row[0]) if row else 0


def wait_until(check: Callable[[], bool], what: str, console: ConsoleProcess) -> None:
    end = time.monotonic() + 30
    while not check():
        if time.monotonic() > end or console.process.poll() is not None:
            raise AssertionError(f"not reached: {what}:\n" + "\n".join(console.lines[-30:]))
        time.sleep(0.005)


@pytest.fixture
def registered(site: Site) -> Iterator[str]:
    """This console registered at `site` (settings in the test's private home; the secret
    in an environment variable, as `plantconsole register --secret-env` keeps it)."""
    credential = site.add_console()
    settings = Settings(user="operator").with_console(
        site.url, credential.console_id, "", ref=f"env:{SECRET_VAR}"
    )
    settings.save()
    default_store_path().parent.mkdir(parents=True, exist_ok=True)
    yield credential.secret


def server_head(site: Site) -> int:
    return int(httpx.get(f"{site.url}/health", timeout=10).json()["head"])


def test_console_sigkilled_mid_download_resumes_with_every_event_exactly_once(
    site: Site, registered: str
) -> None:
    head = seed(site)
    feed = server_feed(site)
    assert len(feed) >= INCIDENTS * (1 + NOTES) and feed[-1][0] == head
    store = default_store_path()
    rng = random.Random(2026)
    cursors = [0]
    for kill in range(KILLS):
        console = ConsoleProcess(registered)
        try:
            resumed_from = cursors[-1]
            if kill % 2 == 0:  # in this life's first page: soon after the download started
                console.wait_for(lambda line: "syncing with" in line, "saying it syncs")
            else:  # after at least one page of this life was applied
                wait_until(
                    lambda: live_cursor(store) > resumed_from,  # noqa: B023
                    "a page applied past the resumed cursor",
                    console,
                )
            time.sleep(rng.uniform(0.0, 0.15))  # a varied moment within the download
        finally:
            console.kill()
        state = store_state(store)
        assert state.cursor < head, f"kill {kill} came after the whole download: {cursors}"
        assert state.cursor >= cursors[-1], f"the cursor went back: {cursors}, {state.cursor}"
        # exactly the server's events up to the saved cursor, each once: a page is
        # applied with its cursor, nothing half-applied, nothing ahead of the cursor
        upto = {event_id for seq, event_id, _ in feed if seq <= state.cursor}
        assert len(state.remote) == len(set(state.remote))
        assert set(state.remote) <= upto <= set(state.remote) | set(state.local), kill
        assert state.heads == len(state.incidents)  # folded with its events
        cursors.append(state.cursor)
    assert cursors[-1] > 0, f"no page was ever applied between kills: {cursors}"

    console = ConsoleProcess(registered)
    try:
        console.wait_for(lambda line: line.endswith("sync: online"), "online", timeout=60)
        # its own writes (an automatic incident, if any) go up and come back in the feed
        wait_until(
            lambda: live_cursor(store) >= server_head(site) >= head,
            "the cursor at the server's head",
            console,
        )
    finally:
        console.stop()
    state = store_state(store)
    feed = server_feed(site)
    ids = state.remote + state.local
    assert state.cursor == feed[-1][0] and state.outbox == 0
    assert len(ids) == len(set(ids)) == len(feed)  # every event, each once
    assert set(ids) == {event_id for _, event_id, _ in feed}
    assert state.heads == len(state.incidents) == len({i for _, _, i in feed}) >= INCIDENTS
