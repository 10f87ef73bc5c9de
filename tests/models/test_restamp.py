"""`register` re-stamps what a console queued before it had its registered id: only the
queued items of the store's own old id, in one transaction; heads stay as they were."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from models.incidents.events import from_json, to_json
from models.store import Store, open_store
from models.store.console_lock import ConsoleLock, StoreInUse, hold_console_lock
from models.store.incident_heads import list_heads
from models.store.incident_repo import append_events, apply_remote, load_events
from models.store.outbox import outbox_batch, outbox_confirm
from models.store.restamp import queued_under, restamp_outbox
from models.store.sync_state import console_identity
from tests.models.incidents.builders import MIN, Console


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "console.db") as opened:
        yield opened


@pytest.fixture
def lock(store: Store) -> Iterator[ConsoleLock]:
    """The store's console lock, as `register` holds it (no console runs meanwhile)."""
    with hold_console_lock(store.path) as held:
        yield held


def test_only_queued_items_of_the_old_id_get_the_new_one(store: Store, lock: ConsoleLock) -> None:
    old = Console(console_identity(store, "HOST-3f9a"))
    confirmed = old.create()
    queued = old.advance(MIN).create()
    note = old.advance(MIN).event(queued.incident_id, "comment", text="before register")
    append_events(store, [confirmed])
    outbox_confirm(store, [confirmed.id])  # a server has it already: never re-stamped
    append_events(store, [queued, note])
    other = Console("CR2").create()
    apply_remote(store, [other], "1")  # another console's, pulled: not ours to change
    heads = list_heads(store)
    assert queued_under(store, "HOST-3f9a").events == 2

    done = restamp_outbox(store, "CR1-PC", lock=lock)

    assert (done.old_id, done.events, done.audit, done.maintenance) == ("HOST-3f9a", 2, 0, 0)
    assert console_identity(store) == "CR1-PC"
    assert [(e.id, e.console_id) for e in outbox_batch(store, 10)] == [
        (queued.id, "CR1-PC"),
        (note.id, "CR1-PC"),
    ]
    stored = {
        e.id: e for i in (confirmed, queued, other) for e in load_events(store, i.incident_id)
    }
    assert stored[confirmed.id].console_id == "HOST-3f9a"
    assert stored[other.id].console_id == "CR2"
    for event in stored.values():  # bodies are canonical, valid events
        assert from_json(to_json(event)) == event
    assert list_heads(store) == heads
    assert restamp_outbox(store, "CR1-PC", lock=lock).total == 0  # done once


def test_a_malformed_id_changes_nothing(store: Store, lock: ConsoleLock) -> None:
    console = Console(console_identity(store, "HOST-1"))
    append_events(store, [console.create()])
    with pytest.raises(ValueError, match="must match"):
        restamp_outbox(store, "not an id", lock=lock)
    assert console_identity(store) == "HOST-1"
    assert [e.console_id for e in outbox_batch(store, 10)] == ["HOST-1"]


def test_nothing_is_re_stamped_without_the_console_lock(store: Store, tmp_path: Path) -> None:
    console = Console(console_identity(store, "HOST-2"))
    append_events(store, [console.create()])
    released = hold_console_lock(store.path)
    released.release()  # a console that ran and closed: its lock is no one's now
    other = hold_console_lock(tmp_path / "another.db")  # another store's
    try:
        for wrong in (released, other):
            with pytest.raises(StoreInUse, match="not held"):
                restamp_outbox(store, "CR1-PC", lock=wrong)
    finally:
        other.release()
    assert console_identity(store) == "HOST-2"
    assert [e.console_id for e in outbox_batch(store, 10)] == ["HOST-2"]
