"""A console's service applies a page with an event from a PC ten years ahead: the event
is kept and shown, its own next events keep wall-clock time, after a restart too."""

from __future__ import annotations

from pathlib import Path

from app.incidents.service import IncidentService
from models.cmdb import Plant
from models.store import Store, open_store
from tests.app.incidents.conftest import Clock
from tests.models.incidents.builders import Console

DECADE = 10 * 365 * 24 * 3600 * 1000


def test_remote_events_far_ahead_do_not_move_the_consoles_times(
    store_path: Path, store: Store, demo_plant: Plant, clock: Clock
) -> None:
    service = IncidentService(store, demo_plant, user="anna", console_id="CR1", now_ms=clock)
    mine = service.raise_manual("AR-042-PLC", "stopped", impact=1, urgency=1).id
    fast = Console("PC9", now_ms=clock.now + DECADE, user="ben")
    near = Console("CR2", now_ms=clock.now + 60_000, user="carl")
    theirs = fast.create()
    nearby = near.event(mine, "comment", text="a minute ahead: adopted")
    changed = service.apply_remote([theirs, fast.event(mine, "comment", text="x"), nearby], "3")
    assert changed == {theirs.incident_id, mine}
    assert service.clock.refused
    assert service.incident(theirs.incident_id).title == theirs.payload["title"]
    (note,) = [
        n for n in service.add_note(mine, "written after").notes if n.text == "written after"
    ]
    assert note.hlc > nearby.hlc  # the other clock within the bound is still followed
    assert note.hlc.wall_ms < clock.now + 120_000
    store.close()

    with open_store(store_path) as reopened:  # the store kept the newest HLC it saw
        again = IncidentService(reopened, demo_plant, user="anna", now_ms=clock)
        clock.advance(120)
        notes = again.add_note(mine, "after a restart").notes
        (later,) = [n for n in notes if n.text == "after a restart"]
        assert later.hlc.wall_ms == clock.now
