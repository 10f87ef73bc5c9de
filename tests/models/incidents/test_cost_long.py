"""Cost of long stops: the week cache gives what walking every shift since the fault gives."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest

from models.incidents.cost import Stop, cost_of_incidents, incident_cost
from models.incidents.fold import fold
from models.incidents.shifts import DAY_MS, LineSchedule, ShiftSpec, scheduled_time
from models.plant_schema import Shift

from .builders import HOUR, MIN, Console, new_incident_id
from .test_cost import BERLIN, EARLY, LATE, NIGHT, WEEKDAY_NIGHT, berlin, one_line

# Saturday overtime overlapping the early and late shifts: counted once.
OVERTIME = ShiftSpec.of("overtime", Shift(start="12:00", end="20:00", days=("sat",)))
CALENDARS = {
    "early+late+weekday nights+overtime": (EARLY, LATE, WEEKDAY_NIGHT, OVERTIME),
    "three shifts, every day": (EARLY, LATE, NIGHT),
    "weekday nights": (WEEKDAY_NIGHT,),
}


def walked(schedule: LineSchedule, lo: int, hi: int, rate: float, units: int) -> tuple[float, ...]:
    """Brute force, as cost was computed before the cache: every shift occurrence of the
    whole span, each moment charged to the first shift covering it."""
    seconds = units_lost = 0.0
    reach = lo
    for shift_lo, shift_hi in schedule.occurrences(lo, hi):
        overlap = min(hi, shift_hi) - max(reach, shift_lo)
        if overlap > 0:
            seconds += overlap / 1000
            units_lost += units * overlap / (shift_hi - shift_lo)
            reach = min(hi, shift_hi)
    return seconds, seconds / 3600 * rate, units_lost


@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_a_year_old_open_incident_costs_what_the_full_walk_costs(name: str) -> None:
    schedule = one_line(*CALENDARS[name])
    start = berlin("2024-03-01", "09:17") + 123  # across both DST changes of 2024
    console = Console("CR1", start)
    iid = new_incident_id()
    state = fold([console.create(iid, fault_at_ms=start)])  # L3 at EUR 3,800/h, 240/shift
    now = berlin("2025-03-05", "10:03")
    # ticks a second apart, then across a cache week's end: each equals the full walk
    for tick in [now, now + 1000, now + 2000, *(now // DAY_MS * DAY_MS + d for d in (-1, 0, 1))]:
        cost = incident_cost(state, schedule, tick)
        seconds, eur, units = walked(schedule["L3"], start, tick, 3800, 240)
        assert cost.scheduled_downtime_s == pytest.approx(seconds, rel=1e-12)
        assert cost.cost_eur == pytest.approx(eur, rel=1e-12)
        assert cost.units_lost == pytest.approx(units, rel=1e-12)
        assert cost.downtime_s == (tick - start) / 1000


def test_weekday_day_shifts_over_a_year_count_sixteen_hours_a_weekday() -> None:
    # Independent of the walk: 06:00-22:00 local is 16 h on every day (DST moves at 02:00
    # or 03:00), so a year from a Monday's midnight costs 16 h x its weekdays.
    weekdays = (
        ShiftSpec.of("early", Shift(start="06:00", end="14:00")),
        ShiftSpec.of("late", Shift(start="14:00", end="22:00")),
    )
    schedule = LineSchedule("L3", BERLIN, weekdays)
    first, last = date(2024, 1, 1), date(2025, 1, 6)
    days = (first + timedelta(days=n) for n in range((last - first).days))
    expected = sum(16 * 3600 for day in days if day.weekday() < 5)
    lo, hi = berlin(first.isoformat(), "00:00"), berlin(last.isoformat(), "00:00")
    ms, shifts_worth = scheduled_time(schedule, lo, hi)
    assert ms == expected * 1000
    assert shifts_worth == pytest.approx(expected / (8 * 3600))


def test_around_the_clock_is_the_stop_length_in_eight_hour_shifts() -> None:
    start = berlin("2024-01-01", "00:00") + 17 * MIN
    now = start + 400 * 24 * HOUR + 5 * MIN
    report = cost_of_incidents([Stop("A", "L3", start, None, 3800, 240)], {}, now)
    cost = report.per_incident["A"]
    assert cost.scheduled_downtime_s == (now - start) / 1000
    assert cost.units_lost == pytest.approx(240 * (now - start) / (8 * HOUR))


def test_overlapping_long_stops_still_count_the_line_once() -> None:
    schedule = one_line(EARLY, LATE)
    a_start, b_start = berlin("2024-02-01", "08:00"), berlin("2024-06-01", "12:00")
    now = berlin("2025-02-01", "09:30")
    stops = [
        Stop("A", "L3", a_start, berlin("2024-09-01", "07:00"), 3800, 240),
        Stop("B", "L3", b_start, None, 5000, 240),
    ]
    report = cost_of_incidents(stops, schedule, now)
    whole, _, _ = walked(schedule["L3"], a_start, now, 1, 240)
    assert report.per_line["L3"].scheduled_downtime_s == pytest.approx(whole, rel=1e-12)
    a_part, a_eur, _ = walked(schedule["L3"], a_start, berlin("2024-09-01", "07:00"), 3800, 240)
    assert report.per_incident["A"].cost_eur == pytest.approx(a_eur, rel=1e-12)
    assert report.per_incident["B"].scheduled_downtime_s == pytest.approx(whole - a_part)


def scanned_owners(stops: list[Stop], now_ms: int) -> list[tuple[Stop, int, int]]:
    """Reference: each piece between cuts scans every stop for the first covering it."""
    ordered = sorted(stops, key=lambda s: (s.start_ms, s.incident_id, s.cost_per_hour))
    spans = [
        (s, s.start_ms, max(s.start_ms, now_ms if s.end_ms is None else s.end_ms)) for s in ordered
    ]
    cuts = sorted({lo for _, lo, _ in spans} | {hi for _, _, hi in spans})
    pieces = []
    for lo, hi in itertools.pairwise(cuts):
        owner = next((s for s, start, end in spans if start <= lo and end >= hi), None)
        if owner is not None:
            pieces.append((owner, lo, hi))
    return pieces


def test_flapping_and_overlapping_stops_are_charged_as_the_full_scan_charges_them() -> None:
    from models.incidents.cost import _owners

    rng = random.Random(5)
    now = berlin("2024-11-20", "12:00")
    for _round in range(50):
        stops = []
        for _ in range(rng.randint(1, 120)):
            start = now - rng.randint(0, 30 * 24) * HOUR - rng.randint(0, 59) * MIN
            end = None if rng.random() < 0.1 else start + rng.randint(0, 12 * 60) * MIN
            stops.append(Stop(rng.choice("ABCD"), "L3", start, end, rng.choice((1.0, 2.0)), 240))
        assert _owners(stops, now) == scanned_owners(stops, now)
