"""IncidentService actions: each one transaction, checked first, folded through the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from app.incidents.notify import Notification
from app.incidents.service import ActionError, IncidentService
from models.cmdb import Plant
from models.incidents.events import from_json, to_json
from models.incidents.lifecycle import Status
from models.incidents.priority import Priority
from models.incidents.sla import SlaLevel
from models.store import Store, StoreError, open_store
from models.store.audit import record_diagnostic
from models.store.incident_heads import list_heads
from models.store.incident_repo import load_events
from models.store.outbox import outbox_batch
from tests.app.incidents.conftest import Clock
from tests.models.incidents.builders import Console


def test_a_supervisor_works_a_manual_line_stop_to_closed(
    service: IncidentService, clock: Clock, store: Store
) -> None:
    changed: list[set[str]] = []
    service.add_listener(changed.append)
    state = service.raise_manual("AR-042-PLC", "Robot AR-042 stopped", impact=1, urgency=1)
    iid = state.id
    assert (state.priority, state.number, state.origin) == (Priority.P1, "L3-tmp-1", "manual")
    assert [x.id for x in state.lines] == ["L3"] and state.cost_per_hour == 3800

    clock.advance(60)
    service.acknowledge(iid)
    service.assign(iid, "tom")
    clock.advance(300)
    service.technician_on_site(iid, "tom")
    service.set_status(iid, "in_progress")
    service.add_note(iid, "gripper jammed", work_note=True)
    service.add_note(iid, "line informed")
    report = record_diagnostic(
        store,
        user="tom",
        console_id="CR1",
        ci="AR-042-PLC",
        kind="plc_status",
        target="opc.tcp://127.0.0.1:4840",
        result="ok",
        summary="RUN, cycle 1.2 s",
    )
    service.attach_diagnostic(iid, report)
    service.link_problem(iid, "PRB-3")
    clock.advance(600)
    state = service.resolve(iid, root_cause="gripper jam", preventive_action="new gripper pads")
    assert state.status is Status.RESOLVED
    state = service.close(iid)

    assert state.status is Status.CLOSED
    assert state.assignee == "tom" and state.problem_id == "PRB-3"
    assert [n.kind for n in state.notes] == ["work_note", "comment", "diagnostic_attached"]
    assert state.notes[2].payload["run_id"] == report.id
    assert state.root_cause == "gripper jam"
    assert {c.name: c.level for c in service.sla(state)} == {
        "acknowledge": SlaLevel.OK,
        "on_site": SlaLevel.OK,
        "resolve": SlaLevel.OK,
    }
    review = service.review(iid)
    assert review.downtime_s == pytest.approx(960) and review.cost_eur > 0
    assert len(changed) == 11 and all(ids == {iid} for ids in changed)
    assert len(outbox_batch(store, 100)) == 11  # every action queued for the server


def test_invalid_actions_are_refused_before_anything_is_written(
    service: IncidentService, store: Store
) -> None:
    iid = service.raise_manual("AR-042-PLC", "stopped").id
    with pytest.raises(ActionError, match="cannot close"):
        service.close(iid)
    with pytest.raises(ActionError, match="cannot hold"):
        service.set_status(iid, "on_hold", "parts")
    service.acknowledge(iid)
    with pytest.raises(ActionError, match="reason"):
        service.set_status(iid, "on_hold")  # needs a reason (payload schema)
    with pytest.raises(ActionError, match="reason"):
        service.reopen(iid, " ")
    with pytest.raises(ActionError, match="no incident"):
        service.acknowledge("01935487-bc50-713e-aef3-a99d6d51307a")
    with pytest.raises(ActionError, match="itself"):
        service.mark_duplicate(iid, iid)
    with pytest.raises(ActionError, match="no CI"):
        service.raise_manual("NOPE", "x")
    assert [e.type for e in load_events(store, iid)] == ["created", "acknowledged"]


def test_reopen_and_hold_follow_the_lifecycle(service: IncidentService, clock: Clock) -> None:
    iid = service.raise_manual("AR-042-PLC", "stopped").id
    service.acknowledge(iid)
    service.set_status(iid, "on_hold", "waiting for spare part")
    clock.advance(600)
    state = service.set_status(iid, "in_progress")
    assert state.holds[0].end_ms == clock.now
    service.resolve(iid)
    state = service.reopen(iid, "came back")
    assert state.status is Status.IN_PROGRESS and state.resolved_at_ms is None


def test_impact_and_urgency_derive_the_priority(service: IncidentService) -> None:
    iid = service.raise_manual("AR-042-PLC", "slow", impact=3, urgency=3).id
    assert service.incident(iid).priority is Priority.P5
    assert service.set_impact(iid, 1, "line stopped after all").priority is Priority.P3
    assert service.set_urgency(iid, 1).priority is Priority.P1


def test_duplicates_and_lookup_by_reference(service: IncidentService) -> None:
    a = service.raise_manual("AR-042-PLC", "a").id
    b = service.raise_manual("AR-042-PLC", "b").id
    assert service.mark_duplicate(b, a).duplicate_of == a
    assert service.find("L3-tmp-2") == b
    assert service.find(a[:20]) == a
    with pytest.raises(LookupError):
        service.find("L3-tmp-99")


def test_a_failed_write_changes_nothing_in_memory(
    service: IncidentService, store: Store, clock: Clock
) -> None:
    iid = service.raise_manual("AR-042-PLC", "stopped").id
    before = service.incident(iid)
    heard: list[set[str]] = []
    service.add_listener(heard.append)

    def refuse(*_args: Any) -> None:
        raise StoreError(store.path, "could not save comment: the disk is full; not saved")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("app.incidents.service.append_events", refuse)
        with pytest.raises(StoreError, match="full"):
            service.add_note(iid, "this is not saved")
    assert service.incident(iid) == before and heard == []


def test_a_really_full_database_reports_and_keeps_state(
    service: IncidentService, store: Store
) -> None:
    iid = service.raise_manual("AR-042-PLC", "stopped").id
    before = service.incident(iid)
    with store.read() as connection:
        pages = int(connection.exec_driver_sql("PRAGMA page_count").scalar() or 0)

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    store.engine.dispose()
    event.listen(store.engine, "connect", on_connect)
    with pytest.raises(StoreError, match="full"):
        for n in range(20):
            service.add_note(iid, f"{n} " + "x" * 19_000)
    shown = service.incident(iid)
    assert len(shown.notes) < 20 and shown.notes[: len(before.notes)] == before.notes
    assert len(load_events(store, iid)) == len(shown.notes) + 1  # the cache = what is on disk


def test_restart_shows_everything_as_it_was(
    store_path: Path, store: Store, demo_plant: Plant, clock: Clock
) -> None:
    service = IncidentService(store, demo_plant, user="anna", now_ms=clock)
    console = service.console_id
    iid = service.raise_manual("AR-042-PLC", "stopped", impact=1, urgency=1).id
    service.acknowledge(iid)
    service.add_note(iid, "on my way")
    before = service.incident(iid)
    heads = service.heads()
    last = service.clock.last
    store.close()

    with open_store(store_path) as reopened:
        clock.now -= 60_000  # the PC clock went back meanwhile
        again = IncidentService(reopened, demo_plant, user="anna", now_ms=clock)
        assert again.console_id == console
        assert again.incident(iid) == before and again.heads() == heads
        state = again.add_note(iid, "after restart")
        assert state.notes[-1].hlc > last  # the clock stays monotonic across restarts
        assert again.raise_manual("AR-042-PLC", "x").number == "L3-tmp-2"


def test_notifications_follow_the_plant_files_rules(service: IncidentService) -> None:
    heard: list[Notification] = []
    service.add_notification_listener(heard.append)
    service.raise_manual("AR-042-PLC", "line stop", impact=1, urgency=1)
    service.raise_manual("AR-042-PLC", "minor", impact=3, urgency=3)
    (note,) = heard
    assert note.kind == "new_incident" and note.priority == "P1" and note.sound
    assert set(note.roles) == {
        "production_manager",
        "plant_it",
        "robot_maintenance",
        "shift_supervisor",
    }


def test_the_in_memory_list_matches_the_store(
    service: IncidentService, store: Store, clock: Clock
) -> None:
    first = service.raise_manual("AR-042-PLC", "stopped", impact=1, urgency=1).id
    assert len(service.heads()) == 1  # loaded once here, then kept current
    service.raise_manual("PB-101-PLC", "slow")
    service.acknowledge(first)
    cr2 = Console("CR2", now_ms=clock.now + 1000, user="ben")
    remote = cr2.create()
    changed = service.apply_remote([remote, cr2.event(first, "comment", text="seen")], "7")
    assert changed == {remote.incident_id, first}
    for filters in ({}, {"open_only": True}, {"line": "L3"}, {"priorities": ["P1"]}):
        assert service.heads(**filters) == list_heads(store, **filters)
    assert service.head(first) == list_heads(store, root_ci="AR-042-PLC")[0]
    assert service.clock.last > remote.hlc


def test_stored_events_read_back_equal_to_what_was_written(
    service: IncidentService, store: Store
) -> None:
    iid = service.raise_manual("AR-042-PLC", "stopped").id
    service.add_note(iid, "ümlaut and 😀")
    written = outbox_batch(store, 10)
    loaded = load_events(store, iid)
    assert loaded == written and [e.body for e in loaded] == [e.body for e in written]
    assert [from_json(to_json(e)) for e in loaded] == loaded
