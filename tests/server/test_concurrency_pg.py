"""No cursor gap on PostgreSQL: 4 writers commit through two server processes while
readers page the feed; every reader sees every event once, in seq order."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from models.incidents.ids import uuid7
from server.process import ServerProcess
from tests.models.incidents.builders import Console
from tests.server.conftest import PG_SKIP, create_pg_database, drop_pg_database, pg_admin_url
from tests.server.site import Site, as_dicts

pytestmark = pytest.mark.postgres
WRITERS, BATCHES, BATCH = 4, 15, 40


@pytest.fixture(scope="module")
def two_servers() -> Iterator[tuple[Site, Site]]:
    if pg_admin_url() is None:
        pytest.skip(PG_SKIP)
    url, name = create_pg_database()
    first = ServerProcess(url)
    first.create_admin("root", "root-password")
    second = ServerProcess(url)
    try:
        first.start()
        second.start()
        yield Site(first, "root", "root-password"), Site(second, "root", "root-password")
    finally:
        first.stop()
        second.stop()
        drop_pg_database(name)


def test_readers_never_skip_an_event_that_commits_late(two_servers: tuple[Site, Site]) -> None:
    sites = two_servers
    writers = []
    for i in range(WRITERS):
        cred = sites[0].add_console()
        user = sites[0].add_user("technician")
        token = sites[i % 2].login(console_id=cred.console_id, console_secret=cred.secret)
        writers.append((sites[i % 2], Console(cred.console_id, user=user), token))
    done = threading.Event()
    errors: list[str] = []
    expected: set[str] = set()
    lock = threading.Lock()

    def write(site: Site, console: Console, token: str) -> None:
        with httpx.Client(
            base_url=site.url, timeout=60, headers={"authorization": f"Bearer {token}"}
        ) as http:
            incident = uuid7()
            for b in range(BATCHES):
                events = [console.create(incident)] if b == 0 else []
                events += [
                    console.event(incident, "comment", text=f"{b}/{n}")
                    for n in range(BATCH - len(events))
                ]
                reply = http.post("/v1/events", json={"events": as_dicts(events)})
                if reply.status_code != 200:
                    errors.append(reply.text)
                    return
                with lock:
                    expected.update(e.id for e in events)

    def read(site: Site, seen: list[int], ids: list[str]) -> None:
        with httpx.Client(
            base_url=site.url, timeout=60, headers={"authorization": f"Bearer {site.admin_token}"}
        ) as http:
            cursor, idle_after_done = 0, 0
            while idle_after_done < 2:
                finished = done.is_set()
                page = http.get("/v1/events", params={"after": cursor, "limit": 37}).json()
                for item in page["events"]:
                    seen.append(item["seq"])
                    ids.append(item["event"]["id"])
                cursor = page["cursor"]
                if finished and not page["more"]:
                    idle_after_done += 1

    readers = [([], []) for _ in range(4)]  # type: list[tuple[list[int], list[str]]]
    threads = [threading.Thread(target=read, args=(sites[i % 2], *readers[i])) for i in range(4)]
    threads += [threading.Thread(target=write, args=w) for w in writers]
    for t in threads:
        t.start()
    for t in threads[4:]:
        t.join()
    done.set()
    for t in threads[:4]:
        t.join()
    assert not errors
    head = sites[0].feed()[-1]["seq"]
    for seen, ids in readers:
        assert seen == list(range(1, head + 1)), "a reader skipped or repeated a sequence number"
        assert len(ids) == len(set(ids))
        assert expected <= set(ids)
    assert len(expected) == WRITERS * BATCHES * BATCH
