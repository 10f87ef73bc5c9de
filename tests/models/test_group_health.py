"""Redundancy groups: members in maintenance, the group's own state, what-if traces."""

from __future__ import annotations

from models.cmdb import Plant
from models.health import HealthEngine
from models.impact import ImpactAnalyzer
from models.states import OK_HEALTH, Health, Reason, State

WINDOW = Health(State.MAINTENANCE, Reason.of("maintenance", window="CHG-7", until="06:00"))
DOWN = Health(State.DOWN, Reason.of("no_answer", s=5))


def test_member_in_maintenance_leaves_no_spare(demo_plant: Plant) -> None:
    engine = HealthEngine(demo_plant, initial=OK_HEALTH)
    engine.apply({"SW-L1-A": WINDOW})
    ring = engine.effective["RING-L1"]
    assert ring.state is State.DEGRADED
    assert ring.reason == Reason.of("redundancy_reduced", up=1, of=2)
    assert engine.stopped_lines() == []


def test_all_members_in_maintenance_is_maintenance_not_a_failure(demo_plant: Plant) -> None:
    engine = HealthEngine(demo_plant, initial=OK_HEALTH)
    engine.apply({"SW-L1-A": WINDOW, "SW-L1-B": WINDOW, "PB-101-PLC": DOWN})
    ring = engine.effective["RING-L1"]
    assert ring.state is State.MAINTENANCE and ring.reason == WINDOW.reason
    assert ring.source == "SW-L1-A"
    # What fails behind planned work is explained by it, not a new root cause.
    assert engine.effective["PB-101-PLC"].state is State.IMPACTED
    assert engine.root_causes() == []


def test_maintenance_plus_a_failure_is_down(demo_plant: Plant) -> None:
    engine = HealthEngine(demo_plant, initial=OK_HEALTH)
    engine.apply({"SW-L1-A": WINDOW, "SW-L1-B": DOWN})
    ring = engine.effective["RING-L1"]
    assert ring.state is State.DOWN
    assert ring.reason == Reason.of("redundancy_lost", up=0, min_up=1)


def test_group_own_down_wins_over_its_members(demo_plant: Plant) -> None:
    engine = HealthEngine(demo_plant, initial=OK_HEALTH)
    engine.apply({"RING-L1": DOWN, "PB-101-PLC": DOWN})
    assert engine.effective["RING-L1"] == DOWN
    assert engine.effective["PB-101-PLC"].state is State.IMPACTED
    assert "L1" in engine.stopped_lines()
    engine.apply({"RING-L1": OK_HEALTH, "PB-101-PLC": OK_HEALTH})
    assert engine.effective["RING-L1"] == OK_HEALTH and engine.stopped_lines() == []


def test_what_if_on_groups_and_areas_leaves_no_trace(demo_plant: Plant) -> None:
    analyzer = ImpactAnalyzer(demo_plant)
    before = analyzer.impact_of("SW-L1-A")
    for ci in ("RING-L1", "HA", "WN", "NET"):
        analyzer.impact_of(ci)
    assert analyzer.impact_of("SW-L1-A") == before
    assert analyzer.impact_of("RING-L1").stopped_lines == ("L1",)
    fresh = HealthEngine(demo_plant, initial=OK_HEALTH)
    assert analyzer._engine.effective == fresh.effective
    assert analyzer._engine.rolled == fresh.rolled
