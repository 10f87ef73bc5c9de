"""Incident events in the store: one transaction per action, heads folded, outbox, pull side."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from models.incidents.events import to_json
from models.incidents.fold import fold
from models.incidents.lifecycle import Status
from models.incidents.maintenance import ChangeKind, MaintenanceWindow, shelve
from models.store import Store, open_store
from models.store.audit import list_diagnostics, record_diagnostic
from models.store.incident_heads import find_incident_ids, head_by_id, list_heads
from models.store.incident_repo import append_events, apply_remote, load_events, load_incident
from models.store.outbox import outbox_audit_batch, outbox_batch, outbox_confirm, outbox_count
from models.store.suppression_repo import (
    add_shelve,
    clear_shelves,
    end_window,
    load_shelves,
    load_windows,
    save_window,
)
from models.store.sync_adapter import StoreSyncAdapter
from models.store.sync_state import console_identity, last_hlc, next_local_seq, sync_cursor
from tests.models.incidents.builders import MIN, T0, Console


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "console.db") as opened:
        yield opened


def test_append_writes_events_outbox_and_head_together(store: Store) -> None:
    cr1 = Console("CR1")
    created = cr1.create()
    incident = created.incident_id
    states = append_events(store, [created])
    ack = cr1.advance(MIN).event(incident, "acknowledged", note="on it")
    states = append_events(store, [ack])

    assert states[incident].status is Status.ACKNOWLEDGED
    assert [e.id for e in load_events(store, incident)] == [created.id, ack.id]
    assert [e.id for e in outbox_batch(store, 10)] == [created.id, ack.id]
    head = head_by_id(store, incident)
    assert head is not None
    assert (head.status, head.priority, head.lines, head.event_count) == (
        "acknowledged",
        "P1",
        ("L3",),
        2,
    )
    assert head.cost_per_hour == 3800 and head.number == "L3-tmp-7" and head.is_down
    assert last_hlc(store) == ack.hlc


def test_stored_events_come_back_byte_identical_and_fold_the_same(store: Store) -> None:
    cr1 = Console("CR1")
    created = cr1.create()
    events = [created]
    for n in range(20):
        events.append(cr1.advance(1000).event(created.incident_id, "comment", text=f"ü {n}"))
    events.append(cr1.event(created.incident_id, "future_thing", version=3, x=1))
    append_events(store, events)

    loaded = load_events(store, created.incident_id)
    assert [to_json(e) for e in loaded] == [to_json(e) for e in events]
    assert load_incident(store, created.incident_id) == fold(events)


def test_a_retried_append_is_harmless(store: Store) -> None:
    created = Console("CR1").create()
    append_events(store, [created])
    append_events(store, [created])
    assert len(load_events(store, created.incident_id)) == 1
    assert outbox_count(store)["event"] == 1


def test_outbox_is_fifo_and_rows_leave_only_on_confirmation(store: Store) -> None:
    cr1 = Console("CR1")
    events = [cr1.create() for _ in range(5)]
    for event in events:
        append_events(store, [event])
    first = outbox_batch(store, 2)
    assert [e.id for e in first] == [e.id for e in events[:2]]
    assert outbox_confirm(store, [e.id for e in first]) == 2
    assert outbox_confirm(store, [first[0].id]) == 0  # confirmed twice: harmless
    assert [e.id for e in outbox_batch(store, 10)] == [e.id for e in events[2:]]
    assert len(load_events(store, events[0].incident_id)) == 1  # the event itself stays


def test_apply_remote_is_idempotent_and_stores_the_cursor(store: Store) -> None:
    cr2 = Console("CR2", user="ben")
    created = cr2.create()
    note = cr2.advance(MIN).event(created.incident_id, "comment", text="from CR2")

    changed = apply_remote(store, [created, note], "17")
    assert set(changed) == {created.incident_id}
    assert apply_remote(store, [created, note], "18") == {}
    assert sync_cursor(store) == "18"
    assert outbox_count(store)["event"] == 0  # remote events are not sent back
    assert load_incident(store, created.incident_id).notes[0].text == "from CR2"


def test_remote_events_before_their_created_fold_to_a_partial_head(store: Store) -> None:
    cr2 = Console("CR2")
    created = cr2.create()
    later = cr2.advance(MIN).event(created.incident_id, "acknowledged")
    apply_remote(store, [later], "1")
    head = head_by_id(store, created.incident_id)
    assert head is not None and not head.created
    apply_remote(store, [created], "2")
    head = head_by_id(store, created.incident_id)
    assert head is not None and head.created and head.status == "acknowledged"


def test_sync_adapter_speaks_the_sync_clients_protocol(store: Store) -> None:
    applied: list[set[str]] = []
    adapter = StoreSyncAdapter(store, on_applied=lambda _e, states: applied.append(set(states)))
    local = Console("CR1").create()
    append_events(store, [local])
    assert [e.id for e in adapter.batch_outbox(10)] == [local.id]
    assert adapter.pending_count() == 1
    adapter.confirm([local.id])
    assert adapter.pending_count() == 0
    assert adapter.cursor() == 0
    remote = Console("CR2").create()
    adapter.apply_remote([remote, local], 42)
    assert adapter.cursor() == 42
    assert applied == [{remote.incident_id}]


def test_list_heads_filters(store: Store) -> None:
    cr1 = Console("CR1")
    a = cr1.create(lines=[{"id": "L4", "cost_per_hour": 4000, "units_per_shift": 1}])
    b = cr1.advance(MIN).create(ci="PB-101-PLC", impact=3, urgency=3, dedup_key="x")
    append_events(store, [a])
    append_events(store, [b])
    append_events(store, [cr1.advance(MIN).event(b.incident_id, "resolved")])

    assert [h.id for h in list_heads(store)] == [a.incident_id, b.incident_id]  # same fault time
    assert [h.id for h in list_heads(store, open_only=True)] == [a.incident_id]
    assert [h.id for h in list_heads(store, line="L4")] == [a.incident_id]
    assert [h.id for h in list_heads(store, priorities=["P5"])] == [b.incident_id]
    assert [h.id for h in list_heads(store, dedup_key="x")] == [b.incident_id]
    assert [h.id for h in list_heads(store, root_ci="PB-101-PLC")] == [b.incident_id]


def test_incidents_are_found_by_number_or_id_prefix(store: Store) -> None:
    created = Console("CR1").create(local_ref="L3-tmp-9")
    append_events(store, [created])
    assert find_incident_ids(store, "L3-tmp-9") == [created.incident_id]
    assert find_incident_ids(store, created.incident_id[:13]) == [created.incident_id]
    assert find_incident_ids(store, "L3-tmp-10") == []
    assert find_incident_ids(store, "01") == []  # too short to mean one


def test_console_identity_is_generated_once_and_kept(store: Store, tmp_path: Path) -> None:
    first = console_identity(store)
    assert console_identity(store) == first
    assert console_identity(store, "CR7") == "CR7"
    assert console_identity(store) == "CR7"
    with pytest.raises(ValueError, match="console id"):
        console_identity(store, "bad id!")
    assert [next_local_seq(store) for _ in range(3)] == [1, 2, 3]


def test_diagnostic_audit_goes_to_the_outbox_as_its_own_kind(store: Store) -> None:
    record = record_diagnostic(
        store,
        user="anna",
        console_id="CR1",
        ci="AR-042-PLC",
        kind="ping",
        target="opc.tcp://127.0.0.1:4840",
        result="problem",
        summary="TCP connect refused",
        data={"layers": [{"name": "tcp", "ok": False}]},
        duration_ms=1200,
        at_ms=T0,
    )
    assert list_diagnostics(store, "AR-042-PLC") == [record]
    assert outbox_count(store) == {"event": 0, "audit": 1}
    assert outbox_batch(store, 10) == []
    assert outbox_audit_batch(store, 10) == [record]
    outbox_confirm(store, [record.id])
    assert outbox_count(store) == {"event": 0, "audit": 0}
    with pytest.raises(ValueError, match="user"):
        record_diagnostic(store, user=" ", ci="X", kind="ping", target="", result="ok", summary="")


def test_maintenance_windows_and_shelving_are_kept_and_audited(store: Store) -> None:
    window = MaintenanceWindow(
        "CHG-12",
        ChangeKind.PLC_FIRMWARE,
        "S7 firmware",
        frozenset({"AR-042-PLC"}),
        T0,
        T0 + 2 * 3_600_000,
        "restore V3.1.2",
    )
    save_window(store, window, "anna")
    end_window(store, "CHG-12", T0 + 3_600_000)
    (loaded,) = load_windows(store)
    assert loaded.ended_ms == T0 + 3_600_000 and loaded.cis == window.cis
    with pytest.raises(KeyError):
        end_window(store, "CHG-99", T0)

    add_shelve(store, shelve("AR-043-RC", "anna", "sensor chatter", T0, 3_600_000), "CR1")
    assert clear_shelves(store, "AR-043-RC", "ben", T0 + 60_000) == 1
    (kept,) = load_shelves(store)
    assert (kept.user, kept.reason, kept.cleared_by, kept.cleared_ms) == (
        "anna",
        "sensor chatter",
        "ben",
        T0 + 60_000,
    )
