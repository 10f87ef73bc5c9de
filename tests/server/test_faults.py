"""Faults: server SIGKILL mid-upload, console killed mid-download, server away while
both sides write, replays, duplicates, out-of-order arrival. Afterwards every event is
present exactly once everywhere."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Sequence

import httpx

from app.sync.memory_store import MemoryStore
from models.incidents.ids import uuid7
from tests.server.helpers import assert_exactly_once_everywhere, eventually, run
from tests.server.site import Site, SyncedConsole, as_dicts


def test_server_sigkill_in_the_middle_of_upload_batches(site: Site) -> None:
    """The kill lands a random moment after the first or second acknowledged batch of
    a push (so possibly mid-request: committed on the server but never acknowledged),
    never after the whole outbox went up, however fast the machine is."""

    async def scenario() -> None:
        a = SyncedConsole(site, batch_size=100)
        incidents = [uuid7() for _ in range(5)]
        written = {a.create(i).id for i in incidents}
        for n in range(2000):
            written.add(a.write(incidents[n % 5], "comment", text=f"note {n}").id)
        rng = random.Random(6)
        loop = asyncio.get_running_loop()
        confirmed = 0
        kill_after = 0
        confirm = a.store.confirm

        def confirm_then_maybe_kill(ids: Sequence[str]) -> None:
            nonlocal confirmed
            confirm(ids)
            confirmed += 1
            if confirmed == kill_after:
                delay = rng.uniform(0.0, 0.02)
                loop.call_soon_threadsafe(loop.call_later, delay, site.process.kill)

        a.store.confirm = confirm_then_maybe_kill  # type: ignore[method-assign]
        for _ in range(2):
            kill_after = confirmed + rng.randint(1, 2)
            push = asyncio.create_task(a.client.push())
            with contextlib.suppress(Exception):
                await push
            await a.client.close()
            site.process.start()
        assert a.store.outbox  # something was left to upload
        await a.client.sync_once()
        b = SyncedConsole(site)
        await b.client.sync_once()
        await a.client.sync_once()
        for c in (a, b):
            await c.stop()
        assert_exactly_once_everywhere(site, [a.store, b.store], incidents, written)

    run(scenario(), timeout=120)


def test_console_killed_mid_download_resumes_without_loss_or_double(site: Site) -> None:
    async def scenario() -> None:
        a = SyncedConsole(site)
        incidents = [uuid7() for _ in range(3)]
        written = {a.create(i).id for i in incidents}
        for n in range(900):
            written.add(a.write(incidents[n % 3], "work_note", text=f"w{n}").id)
        await a.client.sync_once()
        b = SyncedConsole(site, page_size=100)
        b.store.cursor = lambda: 0 if not b.store.applied_pages else MemoryStore.cursor(b.store)  # type: ignore[method-assign]
        pull = asyncio.create_task(b.client.pull())
        await eventually(lambda: b.store.applied_pages >= 2, what="two pages applied")
        pull.cancel()  # the console dies between two pages
        with contextlib.suppress(asyncio.CancelledError):
            await pull
        await b.client.close()
        assert 0 < len(b.store.events) < len(written)
        reborn = SyncedConsole.__new__(SyncedConsole)  # same store, new client: a restart
        reborn.__dict__.update(b.__dict__)
        from app.sync.client import SyncClient

        reborn.client = SyncClient(b.store, site.url, b.credential, page_size=100)
        await reborn.client.sync_once()
        for c in (a, reborn):
            await c.stop()
        assert_exactly_once_everywhere(site, [a.store, b.store], incidents, written)

    run(scenario())


def test_server_away_while_both_sides_keep_writing(site: Site) -> None:
    async def scenario() -> None:
        a, b = SyncedConsole(site), SyncedConsole(site)
        incident = uuid7()
        written = {a.create(incident).id}
        for c in (a, b):
            c.start()
        await eventually(lambda: incident in b.store.by_incident, what="b sees the incident")
        site.process.stop()
        for n in range(20):
            written.add(a.write(incident, "comment", text=f"a offline {n}").id)
            written.add(b.write(incident, "comment", text=f"b offline {n}").id)
            await asyncio.sleep(0.02)
        await eventually(
            lambda: not a.client.status.online and not b.client.status.online, what="offline"
        )
        assert a.client.status.last_error and b.client.status.waiting
        site.process.start()
        await eventually(
            lambda: all(written <= set(c.store.events) and not c.store.outbox for c in (a, b)),
            limit_s=60,
            what="both converge after the server is back",
        )
        assert a.store.incident(incident) == b.store.incident(incident)
        assert len(a.store.incident(incident).notes) == 40
        for c in (a, b):
            await c.stop()
        assert_exactly_once_everywhere(site, [a.store, b.store], [incident], written)

    run(scenario(), timeout=120)


def test_replayed_duplicated_and_out_of_order_uploads(site: Site) -> None:
    a = SyncedConsole(site)
    incident = uuid7()
    events = [a.writer.create(incident)]
    events += [a.writer.event(incident, "comment", text=f"n{n}") for n in range(10)]
    events.append(a.writer.event(incident, "acknowledged"))
    token = site.login(console_id=a.credential.console_id, console_secret=a.credential.secret)
    headers = {"authorization": f"Bearer {token}"}

    def upload(batch: list[dict[str, object]]) -> list[dict[str, object]]:
        reply = httpx.post(
            f"{site.url}/v1/events", json={"events": batch}, headers=headers, timeout=30
        )
        assert reply.status_code == 200, reply.text
        return list(reply.json()["results"])

    shuffled = as_dicts(events[::-1])  # acknowledged and comments before created
    results = upload(shuffled[:6] + shuffled[:2])  # duplicates inside one batch too
    assert [r["status"] for r in results] == ["accepted"] * 6 + ["duplicate"] * 2
    results = upload(shuffled)  # a replay of everything
    assert [r["status"] for r in results].count("duplicate") == 6
    assert [r["status"] for r in results].count("accepted") == 6

    async def pull() -> None:
        await a.client.sync_once()
        await a.stop()

    run(pull())
    state = a.store.incident(incident)
    assert state.status.value == "acknowledged" and len(state.notes) == 10
    assert state.number_final
    assert_exactly_once_everywhere(site, [a.store], [incident], {e.id for e in events})
