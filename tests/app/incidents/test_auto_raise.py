"""Auto-raise on a real monitor over fake drivers: one incident per root cause, not per alarm."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.incidents.auto_raise import AutoRaiser
from app.incidents.notify import Notification
from app.incidents.policy import auto_raise_note
from app.incidents.service import IncidentService
from drivers.base import LinkState
from models.cmdb import Plant
from models.incidents.events import new_event
from models.incidents.hlc import HlcClock
from models.incidents.ids import uuid7
from models.incidents.lifecycle import Status
from models.incidents.maintenance import ChangeKind, MaintenanceWindow
from models.incidents.priority import Priority
from models.plant_loader import parse_plant
from models.states import State
from models.store import Store, open_store
from models.store.incident_repo import load_events
from resources import demo_plant_path
from tests.app.incidents.conftest import Clock, settle
from tests.widgets.conftest import PlantFeed

SWITCH = "SW-L3-043"
HOUR_MS = 3_600_000


def restore(feed: PlantFeed) -> None:
    for driver in set(feed.drivers.values()):
        driver.set_link_state(LinkState.CONNECTED)
    feed.healthy()


def variant(replacements: dict[str, str]) -> Plant:
    text = demo_plant_path().read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    return parse_plant(text, "variant.toml")


def test_switch_down_raises_one_p1_for_the_switch(
    feed: PlantFeed, raiser: AutoRaiser, service: IncidentService, clock: Clock
) -> None:
    feed.switch_down(SWITCH)
    settle(feed, raiser, clock)

    (head,) = service.heads()
    state = service.incident(head.id)
    assert state.root_cause_ci == SWITCH and state.origin == "auto"
    assert state.priority is Priority.P1 and (state.impact, state.urgency) == (1, 1)
    assert [x.id for x in state.lines] == ["L3", "L4", "L5"]
    assert state.cost_per_hour == 11_400 and state.units_per_shift == 720
    assert state.title == "LINE STOP — 3 lines (SW-L3-043: no answer)"
    assert {"AR-042-PLC", "AR-051-PLC", "AR-061-RC"} <= set(state.affected_cis)
    assert state.dedup_key == "SW-L3-043|no_answer" and state.number == "L3-tmp-1"
    settle(feed, raiser, clock, 60)  # still down a minute later: nothing more
    assert len(service.heads()) == 1 and service.incident(head.id).repeat_count == 0


def test_devices_timing_out_before_their_switch_give_one_incident(
    feed: PlantFeed, raiser: AutoRaiser, service: IncidentService, clock: Clock
) -> None:
    for device in ("AR-042-PLC", "AR-051-PLC", "CONV-L4-PLC"):
        feed.cut(device)  # they notice first ...
    feed.flush()
    raiser.tick()
    assert feed.monitor.engine.effective["AR-042-PLC"].state is State.DOWN
    clock.advance(0.5)
    feed.switch_down(SWITCH)  # ... the switch a moment later
    settle(feed, raiser, clock)
    assert [h.root_ci for h in service.heads()] == [SWITCH]


def test_devices_reconnecting_after_their_switch_raise_nothing(
    feed: PlantFeed, raiser: AutoRaiser, service: IncidentService, clock: Clock
) -> None:
    feed.switch_down(SWITCH)
    settle(feed, raiser, clock)
    switch = feed.drivers[SWITCH]
    switch.set_link_state(LinkState.CONNECTED)  # the switch answers again ...
    switch.set_value("reachable", True)
    settle(feed, raiser, clock, 5)  # ... its devices are still reconnecting: DOWN, own
    assert feed.monitor.engine.effective["AR-042-PLC"].state is State.DOWN
    restore(feed)
    settle(feed, raiser, clock)
    assert [h.root_ci for h in service.heads()] == [SWITCH]

    feed.switch_down(SWITCH)
    settle(feed, raiser, clock)
    switch.set_link_state(LinkState.CONNECTED)
    switch.set_value("reachable", True)
    settle(feed, raiser, clock, 5)
    settle(feed, raiser, clock, 30)  # a device that does not come back is raised after all
    roots = sorted(h.root_ci for h in service.heads() if h.root_ci != SWITCH)
    assert "AR-042-PLC" in roots and service.heads(root_ci=SWITCH)[0].repeat_count == 1


def test_a_plc_fault_is_titled_with_the_profiles_text(
    feed: PlantFeed, raiser: AutoRaiser, service: IncidentService, clock: Clock
) -> None:
    feed.set("AR-051-PLC", "fault_code", 0x2A)
    settle(feed, raiser, clock)
    (head,) = service.heads()
    assert head.title == "LINE STOP — Assembly Line 4 (AR-051-PLC: Safety door open)"
    assert (head.fault_code, head.fault_text, head.lines) == ("0x2A", "Safety door open", ("L4",))
    assert head.dedup_key == "AR-051-PLC|fault|0x2a" and head.cost_per_hour == 3800


def test_german_titles(
    feed: PlantFeed, service: IncidentService, clock: Clock, demo_plant: Plant
) -> None:
    raiser = AutoRaiser(feed.monitor, service, settle_s=1.5, lang="de")
    feed.set("AR-051-PLC", "fault_code", 0x2A)
    settle(feed, raiser, clock)
    assert service.heads()[0].title == "LINIENSTOPP — Assembly Line 4 (AR-051-PLC: Schutztür offen)"


def test_flapping_stays_on_one_incident_with_a_count(
    feed: PlantFeed, raiser: AutoRaiser, service: IncidentService, clock: Clock
) -> None:
    feed.switch_down(SWITCH)
    settle(feed, raiser, clock)
    for _ in range(3):
        restore(feed)
        settle(feed, raiser, clock, 5)
        feed.switch_down(SWITCH)
        settle(feed, raiser, clock, 5)

    (head,) = service.heads()
    state = service.incident(head.id)
    assert state.repeat_count == 3 and head.is_down
    kinds = [e.type for e in state.timeline]
    assert kinds == ["created"] + ["recovered", "repeat"] * 3
    assert [k for k, *_ in [(d.kind,) for d in raiser.done]].count("created") == 1


def test_a_repeat_goes_to_the_survivor_not_to_a_duplicate_with_an_earlier_fault(
    feed: PlantFeed, raiser: AutoRaiser, service: IncidentService, clock: Clock
) -> None:
    """Another console raised the same stop later (by HLC) but with an earlier fault time:
    its incident is the duplicate, so the repeat belongs on ours, the survivor."""
    feed.switch_down(SWITCH)
    settle(feed, raiser, clock)
    (ours,) = service.heads()
    events = load_events(service.store, ours.id)
    other = HlcClock()
    other.observe(max(e.hlc for e in events))  # later by HLC
    payload = dict(events[0].payload)
    payload["fault_at_ms"] = payload["fault_at_ms"] - 60_000  # but an earlier fault
    theirs = new_event(
        other,
        incident_id=uuid7(),
        type="created",
        payload=payload,
        console_id="PC-2",
        user="system",
    )
    service.apply_remote([theirs], None)
    assert service.survivor_of(theirs.incident_id) == ours.id
    restore(feed)
    settle(feed, raiser, clock, 5)
    feed.switch_down(SWITCH)
    settle(feed, raiser, clock, 5)
    assert service.incident(ours.id).repeat_count == 1
    assert service.incident(theirs.incident_id).repeat_count == 0


def test_recovery_adds_recovered_then_auto_resolves_after_quiet(
    feed: PlantFeed, raiser: AutoRaiser, service: IncidentService, clock: Clock
) -> None:
    feed.switch_down(SWITCH)
    settle(feed, raiser, clock)
    restore(feed)
    settle(feed, raiser, clock)
    (head,) = service.heads()
    assert not head.is_down and head.recovered_ms is not None
    assert service.incident(head.id).status is Status.NEW

    clock.advance(29 * 60)
    raiser.tick()
    assert service.heads()[0].status == "new"  # 30 min quiet in the demo plant file
    clock.advance(2 * 60)
    raiser.tick()
    state = service.incident(head.id)
    assert state.status is Status.RESOLVED
    assert state.timeline[-1].user == "system"


def test_an_incident_in_hand_is_not_auto_resolved(
    feed: PlantFeed, raiser: AutoRaiser, service: IncidentService, clock: Clock
) -> None:
    feed.switch_down(SWITCH)
    settle(feed, raiser, clock)
    iid = service.heads()[0].id
    service.acknowledge(iid)
    service.set_status(iid, "in_progress")
    restore(feed)
    settle(feed, raiser, clock, 3600)
    raiser.tick()
    assert service.incident(iid).status is Status.IN_PROGRESS


def test_a_fault_inside_a_maintenance_window_raises_nothing(
    feed: PlantFeed, raiser: AutoRaiser, service: IncidentService, clock: Clock
) -> None:
    window = MaintenanceWindow(
        "CHG-12",
        ChangeKind.NETWORK_CONFIG,
        "switch firmware",
        frozenset({SWITCH}),
        clock.now - 60_000,
        clock.now + HOUR_MS,
        "restore config backup",
    )
    service.suppressions.add_window(window, "anna")
    feed.switch_down(SWITCH)
    settle(feed, raiser, clock)
    assert feed.monitor.engine.effective[SWITCH].state is State.MAINTENANCE
    assert feed.monitor.engine.effective[SWITCH].reason.param("window") == "CHG-12"
    assert service.heads() == []

    clock.advance(HOUR_MS / 1000)  # the window overruns: the fault is noticed now
    settle(feed, raiser, clock)  # the window's end is seen: the switch is re-evaluated
    settle(feed, raiser, clock)  # DOWN, settled: raised
    assert [h.root_ci for h in service.heads()] == [SWITCH]


def test_a_shelved_ci_raises_nothing(
    feed: PlantFeed, raiser: AutoRaiser, service: IncidentService, clock: Clock
) -> None:
    service.suppressions.shelve("AR-051-PLC", "anna", "door sensor chatter", HOUR_MS, 8 * HOUR_MS)
    feed.set("AR-051-PLC", "fault_code", 0x2A)
    settle(feed, raiser, clock)
    assert feed.monitor.engine.effective["AR-051-PLC"].reason.code == "shelved"
    assert service.heads() == []
    service.suppressions.unshelve("AR-051-PLC", "ben")
    settle(feed, raiser, clock)
    assert [h.root_ci for h in service.heads()] == ["AR-051-PLC"]


def test_a_console_that_lost_its_own_path_raises_nothing(
    feed: PlantFeed, raiser: AutoRaiser, service: IncidentService, clock: Clock
) -> None:
    feed.switch_down(SWITCH)
    feed.flush()
    raiser.tick()
    changes = feed.monitor.engine.set_console_offline(True)
    raiser.on_changes(changes)
    settle(feed, raiser, clock)
    assert service.heads() == []
    back = feed.monitor.engine.set_console_offline(False)  # path back: the switch is seen
    raiser.on_changes(back)
    settle(feed, raiser, clock)
    assert [h.root_ci for h in service.heads()] == [SWITCH]


@pytest.fixture
def other_area_plant() -> Plant:
    return variant(
        {
            'auto_raise = [{ console = "*", areas = ["HA", "HB", "NET"] }]': (
                'auto_raise = [{ console = "CR9", areas = ["HA", "NET"] }, '
                '{ console = "CR1", areas = ["HB"] }]'
            )
        }
    )


def test_a_console_not_named_for_the_area_raises_nothing(
    other_area_plant: Plant, qapp: object, tmp_path: Path, clock: Clock
) -> None:
    feed = PlantFeed(other_area_plant)
    feed.healthy()
    feed.flush()
    with open_store(tmp_path / "cr1.db") as store:
        service = IncidentService(store, other_area_plant, console_id="CR1", now_ms=clock)
        raiser = AutoRaiser(feed.monitor, service)
        feed.switch_down(SWITCH)  # area HA: CR9's
        settle(feed, raiser, clock)
        assert service.heads() == []
        feed.set("PB-101-PLC", "fault_code", 0x11)  # area HB: ours
        settle(feed, raiser, clock)
        assert [h.root_ci for h in service.heads()] == ["PB-101-PLC"]
    feed.service.deleteLater()


@pytest.fixture
def flood_feed(qapp: object) -> Iterator[PlantFeed]:
    plant = variant({"auto_resolve_quiet_min = 30": "auto_resolve_quiet_min = 30\nflood_limit = 2"})
    feed = PlantFeed(plant)
    feed.healthy()
    feed.flush()
    yield feed
    feed.service.deleteLater()


def test_a_flood_collapses_into_one_banner(
    flood_feed: PlantFeed, store: Store, clock: Clock
) -> None:
    service = IncidentService(store, flood_feed.plant, console_id="CR1", now_ms=clock)
    raiser = AutoRaiser(flood_feed.monitor, service)
    heard: list[Notification] = []
    floods: list[bool] = []
    service.add_notification_listener(heard.append)
    service.add_flood_listener(floods.append)
    for plc in ("AR-042-PLC", "AR-051-PLC", "AR-061-PLC", "PB-101-PLC"):
        flood_feed.set(plc, "fault_code", 0x2A)
        settle(flood_feed, raiser, clock, 2)

    assert len(service.heads()) == 4
    assert [n.kind for n in heard] == ["new_incident", "new_incident", "flood"]
    assert heard[-1].count == 3 and service.flood and floods == [True]
    clock.advance(11 * 60)
    raiser.tick()
    assert floods == [True, False] and heard[-1].kind == "flood_over"


def test_restart_with_the_fault_still_there_raises_no_second_incident(
    feed: PlantFeed, store_path: Path, demo_plant: Plant, clock: Clock
) -> None:
    with open_store(store_path) as store:
        service = IncidentService(store, demo_plant, console_id="CR1", now_ms=clock)
        raiser = AutoRaiser(feed.monitor, service, settle_s=1.5)
        feed.switch_down(SWITCH)
        settle(feed, raiser, clock)
        before = service.heads()
    assert len(before) == 1

    restarted = PlantFeed(demo_plant)  # a new console process: fresh monitor, same store
    with open_store(store_path) as store:
        service = IncidentService(store, demo_plant, console_id="CR1", now_ms=clock)
        raiser = AutoRaiser(restarted.monitor, service, settle_s=1.5)
        restarted.healthy()
        restarted.switch_down(SWITCH)
        settle(restarted, raiser, clock)
        assert restarted.monitor.engine.effective[SWITCH].state is State.DOWN
        assert service.heads() == before
    restarted.service.deleteLater()


def test_a_console_no_rule_names_is_warned_about(
    other_area_plant: Plant, qapp: object, tmp_path: Path, clock: Clock, caplog: Any
) -> None:
    """A misspelt console id in console.auto_raise would silently raise nothing: said."""
    feed = PlantFeed(other_area_plant)
    feed.healthy()
    feed.flush()
    with open_store(tmp_path / "cr2.db") as store:
        for console, warned in (("CR1", False), ("CR2", True)):
            caplog.clear()
            service = IncidentService(store, other_area_plant, console_id=console, now_ms=clock)
            AutoRaiser(feed.monitor, service)
            text = "console CR2 raises no incident automatically: the plant file's "
            text += "console.auto_raise rules name CR1, CR9"
            assert (text in caplog.text) is warned, caplog.text
    assert auto_raise_note(other_area_plant, "CR1") is None
    feed.service.deleteLater()
