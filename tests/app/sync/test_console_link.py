"""Two consoles (IncidentService over their own SQLite store) synced by ConsoleLink through
a real server process (the demo's embedded server): numbers, acknowledgements, and a note
written while the server is stopped arriving after it restarts."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.incidents.service import IncidentService
from app.sync.console_link import ConsoleLink, status_text
from app.sync.embedded import EmbeddedServer
from app.sync.status import SyncStatus
from models.cmdb import Plant
from models.store import Store, open_store
from tests.server.helpers import eventually, run


@pytest.fixture(scope="module")
def server() -> Iterator[EmbeddedServer]:
    with EmbeddedServer(consoles=2, users=("anna", "ben")) as embedded:
        yield embedded


class Console:
    def __init__(self, path: Path, plant: Plant, server: EmbeddedServer, n: int, user: str):
        credential = server.credentials[n]
        self.store: Store = open_store(path)
        self.service = IncidentService(
            self.store, plant, user=user, console_id=credential.console_id
        )
        self.statuses: list[SyncStatus] = []
        self.link = ConsoleLink(
            self.service, server.url, credential, on_status=self.statuses.append, poll_s=2.0
        )

    def number(self, incident_id: str) -> str | None:
        head = self.service.head(incident_id)
        return head.number if head is not None and head.number_final else None

    def notes(self, incident_id: str) -> list[str]:
        if self.service.head(incident_id) is None:
            return []
        return [n.text for n in self.service.incident(incident_id).notes]

    async def close(self) -> None:
        await self.link.stop()
        self.store.close()


def test_two_consoles_share_incidents_numbers_and_offline_notes(
    server: EmbeddedServer, demo_plant: Plant, tmp_path: Path
) -> None:
    async def scenario() -> None:
        a = Console(tmp_path / "a.sqlite", demo_plant, server, 0, "anna")
        b = Console(tmp_path / "b.sqlite", demo_plant, server, 1, "ben")
        try:
            a.link.start()
            b.link.start()
            await eventually(lambda: a.link.status.online and b.link.status.online, what="online")
            raised = a.service.raise_manual("SW-L3-043", "switch down", impact=1, urgency=1)
            assert not raised.number_final  # temporary until the server numbers it
            await eventually(lambda: b.number(raised.id) is not None, what="on b, numbered")
            number = b.number(raised.id)
            assert number is not None and number.startswith("INC-")
            await eventually(lambda: a.number(raised.id) == number, what="a has the number")
            assert b.service.heads(open_only=True, priorities=("P1",))[0].id == raised.id

            b.service.acknowledge(raised.id, "on it")
            await eventually(
                lambda: a.service.incident(raised.id).status.value != "new",
                limit_s=5.0,
                what="acknowledged on a",
            )

            server.stop()
            await eventually(lambda: not b.link.status.online, what="b notices the server gone")
            b.service.add_note(raised.id, "written offline on b")
            a.service.add_note(raised.id, "written offline on a")
            assert "offline" in status_text(b.link.status)
            assert b.link.status.waiting and b.link.status.waiting >= 1
            assert a.notes(raised.id) == ["written offline on a"]  # each console works on

            await asyncio.to_thread(server.restart)
            both = {"written offline on a", "written offline on b"}
            await eventually(
                lambda: all(set(c.notes(raised.id)) >= both for c in (a, b)), what="notes"
            )
            await eventually(
                lambda: all(c.link.status.online and c.link.status.waiting == 0 for c in (a, b)),
                what="outboxes empty",
            )
            assert status_text(a.link.status) == "sync: online"
        finally:
            await a.close()
            await b.close()

    run(scenario(), timeout=120.0)


def test_a_credential_for_another_console_is_refused(
    server: EmbeddedServer, demo_plant: Plant, tmp_path: Path
) -> None:
    with open_store(tmp_path / "c.sqlite") as store:
        service = IncidentService(store, demo_plant, console_id="elsewhere")
        with pytest.raises(ValueError, match="credential"):
            ConsoleLink(service, server.url, server.credentials[0])


def test_status_text() -> None:
    assert status_text(None) == "sync: local only"
    assert status_text(SyncStatus(online=True, waiting=0)) == "sync: online"
    gone = SyncStatus(online=False, waiting=3, last_error="connection refused")
    assert status_text(gone) == "sync: offline (3 waiting)"
    assert status_text(SyncStatus()) == "sync: connecting"


def test_status_text_shows_catch_up_progress_and_pause() -> None:
    far = SyncStatus(online=True, waiting=0, cursor=44_000, server_head=110_000)
    assert status_text(far) == "sync: catching up (44,000 of 110,000)"
    near = SyncStatus(online=True, waiting=0, cursor=109_500, server_head=110_000)
    assert status_text(near) == "sync: online"
    assert status_text(SyncStatus(online=False, paused=True)) == "sync: paused"


def test_pause_keeps_writes_waiting_and_resume_uploads_them(
    server: EmbeddedServer, demo_plant: Plant, tmp_path: Path
) -> None:
    """A long first sync (or a slow link) can be stopped: nothing is lost, it goes on."""

    async def scenario() -> None:
        a = Console(tmp_path / "pa.sqlite", demo_plant, server, 0, "anna")
        b = Console(tmp_path / "pb.sqlite", demo_plant, server, 1, "ben")
        try:
            a.link.start()
            b.link.start()
            await eventually(lambda: a.link.status.online and b.link.status.online, what="online")
            await a.link.pause()
            assert a.link.status.paused and not a.link.status.online
            assert status_text(a.link.status) == "sync: paused"
            raised = a.service.raise_manual(
                "AR-042-PLC", "written while paused", impact=2, urgency=2
            )
            await asyncio.sleep(1.0)
            assert b.service.head(raised.id) is None  # nothing left the paused console
            a.link.start()
            assert not a.link.status.paused
            await eventually(
                lambda: b.service.head(raised.id) is not None, what="on b after resume"
            )
        finally:
            await a.close()
            await b.close()

    run(scenario(), timeout=120.0)
