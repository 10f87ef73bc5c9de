"""Feed pages that split incidents: each page folds from its own events plus what earlier
pages stored (read back by rowid), and the heads end as if everything came at once."""

from __future__ import annotations

from pathlib import Path

from models.incidents.events import Event
from models.incidents.fold import fold
from models.store import open_store
from models.store.incident_heads import head_by_id, list_heads
from models.store.incident_repo import apply_remote, load_events
from tests.models.incidents.builders import MIN, Console


def _incidents() -> tuple[list[str], list[Event]]:
    cr2, cr3 = Console("CR2", user="ben"), Console("CR3", user="eva")
    ids, events = [], []
    for n in range(3):
        created = cr2.advance(MIN).create()
        ids.append(created.incident_id)
        events += [
            created,
            cr3.advance(MIN).event(created.incident_id, "comment", text=f"a {n}"),
            cr2.advance(MIN).event(created.incident_id, "acknowledged"),
            cr3.advance(MIN).event(created.incident_id, "comment", text=f"b {n}"),
        ]
    return ids, events


def test_split_pages_fold_to_the_heads_of_one_big_page(tmp_path: Path) -> None:
    ids, events = _incidents()
    pages = [events[0:3], events[3:7] + events[1:2], events[7:]]  # a repeat in page 2
    pages[2].reverse()  # arrival order is not HLC order
    with open_store(tmp_path / "paged.db") as paged, open_store(tmp_path / "one.db") as one:
        for n, page in enumerate(pages, 1):
            states = apply_remote(paged, page, str(n))
            for incident_id, state in states.items():
                stored = load_events(paged, incident_id)
                assert state == fold(stored)
                head = head_by_id(paged, incident_id)
                assert head is not None and head.event_count == len(stored)
        apply_remote(one, events, "3")
        assert list_heads(paged) == list_heads(one)
        for incident_id in ids:
            assert load_events(paged, incident_id) == load_events(one, incident_id)
            head = head_by_id(paged, incident_id)
            assert head is not None and head.note_count == 2 and head.status == "acknowledged"
