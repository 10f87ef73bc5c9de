"""Large notes through a real server: the outbox is cut by bytes as well as by count,
a 413 splits a batch, and one event too big for the server is set aside and reported
without blocking the events behind it (issue 6)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from models.incidents.ids import uuid7
from server.process import ServerProcess
from tests.server.helpers import assert_exactly_once_everywhere, run, server_ids
from tests.server.site import Site, SyncedConsole

NOTE = 45 * 1024


def _note(n: int, size: int = NOTE, char: str = "€") -> str:
    """`size` bytes of UTF-8 within the 20,000 characters a note may have."""
    head = f"note {n} "
    return head + char * ((size - len(head)) // len(char.encode()))


def test_121_notes_of_45_kb_all_arrive_once(site: Site) -> None:
    """100 such notes are 4.5 MB, over the server's 4 MB body limit."""

    async def scenario() -> None:
        a = SyncedConsole(site, batch_size=100)
        incident = uuid7()
        written = {a.create(incident).id}
        written |= {a.write(incident, "comment", text=_note(n)).id for n in range(121)}
        await a.client.sync_once()
        assert a.client.status.last_error is None
        assert not a.store.outbox
        b = SyncedConsole(site)
        await b.client.sync_once()
        for c in (a, b):
            await c.stop()
        assert_exactly_once_everywhere(site, [a.store, b.store], [incident], written)

    run(scenario(), timeout=120)


def test_a_body_over_the_limit_gets_413_not_a_reset_connection(site: Site) -> None:
    """The server reads and drops such a body before it answers: closing on a body still
    arriving reset the connection, and the console saw "ReadError", never the 413."""

    async def scenario() -> None:
        headers = {"authorization": f"Bearer {site.admin_token}"}
        body = b'{"events":[' + b" " * (4 * 1024 * 1024) + b"]}"
        async with httpx.AsyncClient(base_url=site.url, timeout=30, headers=headers) as http:
            assert (await http.get("/v1/events")).status_code == 200  # a pooled connection
            for _ in range(3):
                response = await http.post("/v1/events", content=body)
                assert response.status_code == 413
                assert "over 4194304 bytes" in response.json()["detail"]
            assert (await http.get("/v1/events")).status_code == 200

    run(scenario())


@pytest.fixture(scope="module")
def small_site() -> Iterator[Site]:
    """A server whose body limit (60,000 bytes) is far below the console's batch cap,
    so that only a 413 (or the dropped connection that stands for it) cuts batches."""
    process = ServerProcess(config_text="max_body_bytes = 60000\n")
    process.create_admin("root", "root-password")
    process.start()
    try:
        yield Site(process, "root", "root-password")
    finally:
        process.stop()


def test_a_server_with_a_lower_limit_gets_split_batches(small_site: Site) -> None:
    async def scenario() -> None:
        a = SyncedConsole(small_site, batch_size=100)
        incident = uuid7()
        written = {a.create(incident).id}
        written |= {a.write(incident, "comment", text=_note(n, 20 * 1024)).id for n in range(30)}
        await a.client.sync_once()
        assert a.client.status.rejections == ()
        assert not a.store.outbox
        await a.stop()
        assert_exactly_once_everywhere(small_site, [a.store], [incident], written)
        assert "refused POST /v1/events: request body of" in small_site.process.log()

    run(scenario(), timeout=120)


def test_an_event_too_large_for_the_server_is_set_aside_not_blocking(small_site: Site) -> None:
    async def scenario() -> None:
        a = SyncedConsole(small_site, batch_size=100)
        incident = uuid7()
        before = {a.create(incident).id, a.write(incident, "comment", text="short").id}
        big = a.write(incident, "comment", text=_note(999, 61 * 1024, "🚨"))  # alone over 60,000
        after = {a.write(incident, "comment", text=f"after {n}").id for n in range(5)}
        await a.client.sync_once()
        await a.stop()
        assert not a.store.outbox
        assert big.id in a.store.events  # kept on the console
        (rejection,) = a.client.status.rejections
        assert rejection.event_id == big.id and rejection.code == 413
        assert "too large" in rejection.reason
        ids = server_ids(small_site, [incident])
        assert big.id not in ids
        assert before | after <= set(ids) and all(n == 1 for n in ids.values())

    run(scenario(), timeout=120)


def test_a_batch_over_the_servers_item_count_is_split(site: Site) -> None:
    """A console set to batches of 2,500 (the server takes 1,000 a request: 413)."""

    async def scenario() -> None:
        a = SyncedConsole(site, batch_size=2500)
        incident = uuid7()
        written = {a.create(incident).id}
        written |= {a.write(incident, "work_note", text=f"n{n}").id for n in range(2600)}
        assert await a.client.push() == len(written)
        assert a.client.status.rejections == ()
        await a.client.sync_once()  # the server's number_assigned comes back
        await a.stop()
        assert_exactly_once_everywhere(site, [a.store], [incident], written)

    run(scenario(), timeout=120)
