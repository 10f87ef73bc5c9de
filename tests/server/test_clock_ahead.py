"""One PC with a clock ten years ahead does not shift everyone's times (issue 6): its
events are stored, flagged and ordered by their own HLC, but neither the server's clock
(its next `number_assigned`) nor another console's clock (its next event) follows them."""

from __future__ import annotations

import logging

import pytest

from models.incidents.hlc import system_ms
from models.incidents.ids import uuid7
from tests.models.incidents.builders import Console
from tests.server.helpers import run
from tests.server.site import Site, SyncedConsole

YEAR_MS = 365 * 24 * 3600 * 1000
TOLERANCE_MS = 60_000  # "wall-clock time": within a minute of this test's clock


def _numbers(site: Site, incident: str) -> list[dict[str, object]]:
    return [
        i["event"]
        for i in site.feed()
        if i["event"]["incident_id"] == incident and i["event"]["type"] == "number_assigned"
    ]


def _wall(hlc: object) -> int:
    return int(str(hlc).split("-")[0])


def test_events_ten_years_ahead_are_kept_flagged_and_not_followed(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        fast = SyncedConsole(site)
        fast.writer = Console(fast.credential.console_id, system_ms() + 10 * YEAR_MS, fast.user)
        ahead = uuid7()
        created = fast.create(ahead)
        note = fast.write(ahead, "comment", text="written with the clock ten years ahead")
        await fast.client.sync_once()
        assert not fast.store.outbox

        stored = {i["event"]["id"]: i for i in site.feed()}
        for event in (created, note):  # kept, as written, and flagged
            assert "clock_ahead" in stored[event.id]["flags"]
            assert stored[event.id]["event"]["hlc"] == str(event.hlc)
        (number,) = _numbers(site, ahead)
        assert abs(_wall(number["hlc"]) - system_ms()) < TOLERANCE_MS

        other = SyncedConsole(site)
        caplog.clear()  # the fast console's own store clock said it already
        with caplog.at_level(logging.WARNING, logger="plantconsole.hlc"):
            await other.client.sync_once()
            assert {created.id, note.id} <= set(other.store.events)
            folded = other.store.incident(ahead)  # the number folds in before `created`
            assert folded.number_final and folded.number == number["payload"]["number"]  # type: ignore[index]
            mine = other.write(ahead, "comment", text="my clock is right")
            assert abs(mine.hlc.wall_ms - system_ms()) < TOLERANCE_MS
            await other.client.sync_once()  # the page with both far-ahead events again
        said = [r for r in caplog.records if "not adopted" in r.getMessage()]
        assert len(said) == 1, "said once, not per event"

        normal = uuid7()
        other.create(normal)
        await other.client.sync_once()
        (later,) = _numbers(site, normal)  # the server's clock did not move ten years
        assert abs(_wall(later["hlc"]) - system_ms()) < TOLERANCE_MS
        for c in (fast, other):
            await c.stop()

    run(scenario())
