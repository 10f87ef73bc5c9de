"""Stoppage cost: only scheduled time, midnight shifts, DST, overlaps counted once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from models.cmdb import Plant
from models.incidents.cost import Stop, cost_of_incidents, incident_cost, stops_of
from models.incidents.fold import fold
from models.incidents.shifts import LineSchedule, ShiftSpec, schedule_for, schedules
from models.plant_schema import Shift

from .builders import HOUR, MIN, Console, new_incident_id

BERLIN = "Europe/Berlin"
ALL_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
EARLY = ShiftSpec.of(
    "early", Shift.model_validate({"start": "06:00", "end": "14:00", "days": ALL_DAYS})
)
LATE = ShiftSpec.of(
    "late", Shift.model_validate({"start": "14:00", "end": "22:00", "days": ALL_DAYS})
)
NIGHT = ShiftSpec.of(
    "night", Shift.model_validate({"start": "22:00", "end": "06:00", "days": ALL_DAYS})
)
WEEKDAY_NIGHT = ShiftSpec.of("night", Shift(start="22:00", end="06:00"))  # mon-fri


def berlin(day: str, hh_mm: str) -> int:
    local = datetime.fromisoformat(f"{day}T{hh_mm}").replace(tzinfo=ZoneInfo(BERLIN))
    return round(local.timestamp() * 1000)


def stop(incident: str, start: int, end: int | None, rate: float = 3800, line: str = "L3") -> Stop:
    return Stop(incident, line, start, end, rate, 240)


def one_line(*shifts: ShiftSpec, line: str = "L3") -> dict[str, LineSchedule]:
    return {line: LineSchedule(line, BERLIN, shifts)}


def test_an_hour_inside_a_shift() -> None:
    report = cost_of_incidents(
        [stop("A", berlin("2024-11-20", "09:00"), berlin("2024-11-20", "10:00"))],
        one_line(EARLY, LATE, NIGHT),
        now_ms=berlin("2024-11-21", "00:00"),
    )
    cost = report.per_incident["A"]
    assert (cost.downtime_s, cost.scheduled_downtime_s) == (3600, 3600)
    assert cost.cost_eur == pytest.approx(3800)
    assert cost.units_lost == pytest.approx(30)  # 240 units per 8-hour shift
    assert report.total_eur == pytest.approx(3800)


def test_unscheduled_time_costs_nothing() -> None:
    # Line 5 runs early and late only (06:00-22:00): a stop from 21:00 to 07:00 costs 2 h.
    report = cost_of_incidents(
        [stop("A", berlin("2024-11-20", "21:00"), berlin("2024-11-21", "07:00"))],
        one_line(EARLY, LATE),
        now_ms=berlin("2024-11-22", "00:00"),
    )
    cost = report.per_incident["A"]
    assert cost.downtime_s == 10 * 3600
    assert cost.scheduled_downtime_s == 2 * 3600
    assert cost.cost_eur == pytest.approx(7600)


def test_night_shift_over_midnight_belongs_to_the_day_it_starts() -> None:
    # Mon-Fri nights: Friday 22:00 -> Saturday 06:00 runs, Saturday night does not.
    schedule = one_line(WEEKDAY_NIGHT)
    friday_night = cost_of_incidents(
        [stop("A", berlin("2024-11-23", "01:00"), berlin("2024-11-23", "03:00"))],
        schedule,
        now_ms=berlin("2024-11-24", "00:00"),
    )
    saturday_night = cost_of_incidents(
        [stop("B", berlin("2024-11-24", "01:00"), berlin("2024-11-24", "03:00"))],
        schedule,
        now_ms=berlin("2024-11-25", "00:00"),
    )
    assert friday_night.per_incident["A"].scheduled_downtime_s == 2 * 3600
    assert saturday_night.per_incident["B"].scheduled_downtime_s == 0
    assert saturday_night.total_eur == 0


def test_dst_night_is_nine_hours_long_and_units_scale_with_it() -> None:
    # 2024-10-27: clocks go back at 03:00, so Saturday's night shift lasts 9 hours.
    start, end = berlin("2024-10-26", "22:00"), berlin("2024-10-27", "06:00")
    [(lo, hi)] = LineSchedule("L3", BERLIN, (NIGHT,)).occurrences(start + 1, start + 2)
    assert (lo, hi) == (start, end) and hi - lo == 9 * HOUR
    report = cost_of_incidents([stop("A", start, end)], one_line(NIGHT), now_ms=end)
    assert report.per_incident["A"].cost_eur == pytest.approx(9 * 3800)
    assert report.per_incident["A"].units_lost == pytest.approx(240)


def test_overlapping_incidents_on_one_line_are_not_counted_twice() -> None:
    a = stop("A", berlin("2024-11-20", "10:00"), berlin("2024-11-20", "11:00"), rate=3800)
    b = stop("B", berlin("2024-11-20", "10:30"), berlin("2024-11-20", "12:00"), rate=5000)
    report = cost_of_incidents([b, a], one_line(EARLY), now_ms=berlin("2024-11-21", "00:00"))
    assert report.per_incident["A"].scheduled_downtime_s == 3600
    assert report.per_incident["B"].scheduled_downtime_s == 3600  # 10:30-11:00 is A's
    assert report.per_incident["B"].downtime_s == 5400  # its own downtime, overlap included
    assert report.per_line["L3"].scheduled_downtime_s == 2 * 3600
    assert report.total_eur == pytest.approx(3800 + 5000)


def test_overlap_attribution_does_not_depend_on_order() -> None:
    stops = [
        stop("A", berlin("2024-11-20", "10:00"), berlin("2024-11-20", "13:00")),
        stop("B", berlin("2024-11-20", "10:00"), berlin("2024-11-20", "11:00"), rate=1),
        stop("C", berlin("2024-11-20", "12:00"), None, rate=2),
    ]
    now = berlin("2024-11-20", "15:00")
    forward = cost_of_incidents(stops, one_line(EARLY, LATE), now)
    backward = cost_of_incidents(stops[::-1], one_line(EARLY, LATE), now)
    assert forward == backward
    assert forward.per_incident["B"].cost_eur == 0  # A began at the same time: A id first
    assert forward.per_incident["C"].scheduled_downtime_s == 2 * 3600  # 13:00-15:00, open


def test_switch_down_stops_three_lines_at_11400_per_hour() -> None:
    console = Console("CR1", berlin("2024-11-20", "09:00"))
    iid = new_incident_id()
    lines = [{"id": x, "cost_per_hour": 3800, "units_per_shift": 240} for x in ("L3", "L4", "L5")]
    events = [console.create(iid, fault_at_ms=console.now, lines=lines)]
    state = fold(events)
    assert state.cost_per_hour == 11_400
    day = {x: LineSchedule(x, BERLIN, (EARLY, LATE)) for x in ("L3", "L4", "L5")}
    ticking = incident_cost(state, day, berlin("2024-11-20", "09:30"))
    assert ticking.cost_eur == pytest.approx(5700)
    events.append(console.advance(2 * HOUR).event(iid, "resolved"))
    resolved = fold(events)
    later = incident_cost(resolved, day, berlin("2024-11-21", "09:00"))
    assert later.cost_eur == pytest.approx(22_800)  # kept after resolution, not growing
    assert later.units_lost == pytest.approx(3 * 240 * 2 / 8)


def test_rate_in_force_when_the_stop_began_is_used() -> None:
    console = Console("CR1", berlin("2024-11-20", "09:00"))
    iid = new_incident_id()
    state = fold([console.create(iid, fault_at_ms=console.now)])  # L3 at 3800 then
    assert {s.cost_per_hour for s in stops_of(state)} == {3800}


def test_flapping_counts_each_down_period() -> None:
    console = Console("CR1", berlin("2024-11-20", "09:00"))
    iid = new_incident_id()
    t = console.now
    events = [
        console.create(iid, fault_at_ms=t),
        console.event(iid, "recovered", at_ms=t + 10 * MIN),
        console.event(iid, "repeat", at_ms=t + 30 * MIN),
        console.event(iid, "recovered", at_ms=t + 50 * MIN),
    ]
    cost = incident_cost(fold(events), one_line(EARLY), t + 5 * HOUR)
    assert cost.downtime_s == 30 * 60
    assert cost.cost_eur == pytest.approx(3800 / 2)


def test_a_line_without_shifts_runs_around_the_clock() -> None:
    report = cost_of_incidents(
        [stop("A", berlin("2024-11-23", "23:00"), berlin("2024-11-24", "03:00"))],
        {},
        now_ms=berlin("2024-11-25", "00:00"),
    )
    assert report.per_incident["A"].scheduled_downtime_s == 4 * 3600
    assert report.per_incident["A"].units_lost == pytest.approx(120)


def test_schedules_from_the_demo_plant(demo_plant: Plant) -> None:
    plant = demo_plant.source
    l5 = schedule_for(plant, "L5")
    assert l5.timezone == plant.site.timezone
    assert [s.name for s in l5.shifts] == ["early", "late"]
    assert set(schedules(plant)) == {line.id for line in plant.line}
    with pytest.raises(KeyError, match="L99"):
        schedule_for(plant, "L99")
