"""Pulling in pages into a console's SQLite store, with the next page prefetched.

Every event arrives once, each incident's head is the fold of all its events even when
they straddle pages, and a page that fails to apply leaves the cursor after the last
page that did: the prefetched page is dropped, and the next pull resumes from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from app.sync.client import SyncClient
from models.incidents.events import Event
from models.incidents.fold import fold
from models.incidents.ids import uuid7
from models.incidents.trusted import trusted_events
from models.store.engine import open_store
from models.store.incident_heads import list_heads
from models.store.sync_adapter import StoreSyncAdapter
from tests.models.incidents.builders import Console
from tests.server.helpers import run
from tests.server.site import Site, as_dicts

INCIDENTS, PER_INCIDENT, PAGE = 6, 9, 7  # pages cut through incidents


class FailingOnce(StoreSyncAdapter):
    """Refuses the n-th page once (a full disk, say), then works."""

    def __init__(self, *args: object, fail_at: int) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.pages = 0
        self.fail_at = fail_at

    def apply_remote(self, events: Sequence[Event], cursor: int) -> None:
        self.pages += 1
        if self.pages == self.fail_at:
            raise OSError("disk full (test)")
        super().apply_remote(events, cursor)


def _upload(site: Site) -> list[str]:
    cred = site.add_console()
    console = Console(cred.console_id, user=site.add_user("technician"))
    token = site.login(console_id=cred.console_id, console_secret=cred.secret)
    events: list[Event] = []
    incidents = [uuid7() for _ in range(INCIDENTS)]
    for incident in incidents:
        events.append(console.create(incident))
        events += [
            console.event(incident, "comment", text=f"note {n} ✓") for n in range(PER_INCIDENT - 1)
        ]
    site.admin(
        "POST",
        "/v1/events",
        json={"events": as_dicts(events)},
        headers={"authorization": f"Bearer {token}"},
    )
    return incidents


def test_pages_into_sqlite_fold_each_incident_from_all_its_events(
    site: Site, tmp_path: Path
) -> None:
    incidents = _upload(site)
    feed = site.feed()
    store = open_store(tmp_path / "console.sqlite")
    try:
        adapter = FailingOnce(store, fail_at=3)
        client = SyncClient(
            adapter,
            site.url,
            site.add_console(),
            page_size=PAGE,
            catch_up_page_size=PAGE,
            catch_up_batch=PAGE,  # one page per transaction, as the failure is counted
            timeout_s=10,
        )

        async def pull_twice() -> None:
            try:
                with pytest.raises(OSError, match="disk full"):
                    await client.pull()
                assert adapter.cursor() == feed[2 * PAGE - 1]["seq"]  # two pages, not three
                await client.pull()
            finally:
                await client.close()

        run(pull_twice())
        assert adapter.cursor() == feed[-1]["seq"]
        with store.read() as conn:
            rows = conn.exec_driver_sql("SELECT id, body FROM incident_event").all()
        assert sorted(r[0] for r in rows) == sorted(i["event"]["id"] for i in feed)
        heads = {h.id: h for h in list_heads(store)}
        by_incident: dict[str, list[Event]] = {}
        for event in trusted_events([r[1] for r in rows]):
            by_incident.setdefault(event.incident_id, []).append(event)
        for incident in incidents:
            state = fold(by_incident[incident])
            assert heads[incident].event_count == PER_INCIDENT + 1  # + number_assigned
            assert heads[incident].note_count == len(state.notes) == PER_INCIDENT - 1
            assert heads[incident].number == state.number and state.number_final
    finally:
        store.close()


def test_catch_up_applies_several_pages_in_one_bounded_transaction(
    site: Site, tmp_path: Path
) -> None:
    """Far behind, pages are applied together (at most `catch_up_batch` events, with the
    last page's cursor); a failing batch leaves the cursor after the batch before, and
    the next pull brings the rest, every event once."""
    _upload(site)
    feed = site.feed()
    store = open_store(tmp_path / "console.sqlite")
    try:
        adapter = FailingOnce(store, fail_at=2)
        sizes: list[int] = []
        apply = adapter.apply_remote

        def counting(events: Sequence[Event], cursor: int) -> None:
            sizes.append(len(events))
            apply(events, cursor)

        adapter.apply_remote = counting  # type: ignore[method-assign]
        client = SyncClient(
            adapter,
            site.url,
            site.add_console(),
            page_size=PAGE,
            catch_up_page_size=PAGE,
            catch_up_batch=3 * PAGE,
            timeout_s=10,
        )

        async def pull_twice() -> None:
            try:
                with pytest.raises(OSError, match="disk full"):
                    await client.pull()
                assert adapter.cursor() == feed[3 * PAGE - 1]["seq"]  # the first batch only
                await client.pull()
            finally:
                await client.close()

        run(pull_twice())
        assert sizes[0] == 3 * PAGE and max(sizes) <= 3 * PAGE
        assert adapter.cursor() == feed[-1]["seq"]
        with store.read() as conn:
            ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM incident_event")]
        assert sorted(ids) == sorted(i["event"]["id"] for i in feed)
    finally:
        store.close()
