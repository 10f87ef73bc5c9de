"""When a line is scheduled to run: its shifts in the site's time zone, as UTC intervals.

A shift belongs to the day it starts on ("night" 22:00-06:00 on Monday ends Tuesday
06:00); local times go through zoneinfo, so a night across a DST change is 7 or 9
hours long. A line without shifts runs around the clock (counted in 8-hour shifts).

`scheduled_time` is what the live cost tickers ask every second for every shown open
incident: whole UTC days come from caches shared by the lines of one calendar, and a
stop's sum of them grows by the days since its last tick, so a tick of a year-old stop
walks the shifts of its partial last day, not 365 days of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from models.plant_schema import PlantFile, Shift

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ROUND_THE_CLOCK_MS = 8 * 3600 * 1000
DAY_MS = 24 * 3600 * 1000  # cache block: UTC days (any fixed length would do)


@dataclass(frozen=True)
class ShiftSpec:
    name: str
    start: time
    end: time  # equal to start: a 24-hour shift
    weekdays: frozenset[int]  # 0 = Monday, the day the shift starts on

    @classmethod
    def of(cls, name: str, shift: Shift) -> ShiftSpec:
        return cls(
            name,
            time.fromisoformat(shift.start),
            time.fromisoformat(shift.end),
            frozenset(DAYS.index(day) for day in shift.days),
        )


Calendar = tuple[str, tuple["ShiftSpec", ...]]  # time zone, shifts (none: round the clock)


@dataclass(frozen=True)
class LineSchedule:
    line_id: str
    timezone: str = "UTC"
    shifts: tuple[ShiftSpec, ...] = ()  # none: the line runs around the clock

    @property
    def calendar(self) -> Calendar:
        """What its shift times depend on (lines of one calendar share cached figures)."""
        return (self.timezone, self.shifts)

    def occurrences(self, start_ms: int, end_ms: int) -> list[tuple[int, int]]:
        """Whole shift occurrences (UTC ms, sorted) that overlap [start_ms, end_ms)."""
        return _occurrences(self.calendar, start_ms, end_ms)


def scheduled_time(schedule: LineSchedule, lo: int, hi: int) -> tuple[int, float]:
    """(scheduled ms, shifts' worth) of [lo, hi): overlapping shifts count once, each
    moment charged to the first shift (by start, then end) covering it; "shifts' worth"
    sums each moment over its shift's length (units lost = units per shift x it).

    Charging is moment by moment, so the span splits anywhere: whole UTC days come from
    caches, only the partial days at the ends walk shifts."""
    if hi <= lo:
        return 0, 0.0
    if not schedule.shifts:  # around the clock: back-to-back 8-hour shifts
        return hi - lo, (hi - lo) / ROUND_THE_CLOCK_MS
    calendar = schedule.calendar
    first = -(-lo // DAY_MS) * DAY_MS
    last = hi // DAY_MS * DAY_MS
    if first >= last:
        return _walk(calendar, lo, hi)
    parts = (_head(calendar, lo, first), _days(calendar, first, last), _walk(calendar, last, hi))
    return sum(ms for ms, _ in parts), sum(worth for _, worth in parts)


# The same for spans that no longer grow (pieces of a stop ended before now).
settled_time = lru_cache(maxsize=16384)(scheduled_time)


def _occurrences(calendar: Calendar, start_ms: int, end_ms: int) -> list[tuple[int, int]]:
    if end_ms <= start_ms:
        return []
    timezone, shifts = calendar
    if not shifts:
        first = start_ms - start_ms % ROUND_THE_CLOCK_MS
        step = ROUND_THE_CLOCK_MS
        return [(t, t + step) for t in range(first, end_ms, step)]
    zone = ZoneInfo(timezone)
    day = datetime.fromtimestamp(start_ms / 1000, zone).date() - timedelta(days=1)
    last = datetime.fromtimestamp(end_ms / 1000, zone).date()
    found: set[tuple[int, int]] = set()
    while day <= last:
        found.update(o for o in _starting_on(calendar, day) if o[0] < end_ms and o[1] > start_ms)
        day += timedelta(days=1)
    return sorted(found)


def _walk(calendar: Calendar, lo: int, hi: int) -> tuple[int, float]:
    """`scheduled_time` by walking every shift occurrence in [lo, hi)."""
    ms, worth = 0, 0.0
    reach = lo
    for shift_lo, shift_hi in _occurrences(calendar, lo, hi):
        overlap = min(hi, shift_hi) - max(reach, shift_lo)
        if overlap > 0:
            ms += overlap
            worth += overlap / (shift_hi - shift_lo)
            reach = min(hi, shift_hi)
    return ms, worth


@lru_cache(maxsize=4096)
def _head(calendar: Calendar, lo: int, first: int) -> tuple[int, float]:
    """The partial first day of a stop: the same at every tick of it."""
    return _walk(calendar, lo, first)


# (calendar, first day) -> (last day, ms, worth) summed so far: a stop's whole days grow
# by one a day, so each tick adds the days since the last one (usually none).
_summed: dict[tuple[Calendar, int], tuple[int, int, float]] = {}
SUMMED_MAX = 4096


def _days(calendar: Calendar, first: int, last: int) -> tuple[int, float]:
    """Whole days [first, last)."""
    key = (calendar, first)
    start, ms, worth = first, 0, 0.0
    known = _summed.get(key)
    if known is not None and known[0] <= last:
        start, ms, worth = known
    elif len(_summed) >= SUMMED_MAX:
        _summed.clear()
    for day in range(start, last, DAY_MS):
        day_ms, day_worth = _day(calendar, day)
        ms, worth = ms + day_ms, worth + day_worth
    _summed[key] = (last, ms, worth)
    return ms, worth


@lru_cache(maxsize=65536)
def _day(calendar: Calendar, start: int) -> tuple[int, float]:
    """One whole UTC day: shared by every stop and line of the calendar."""
    return _walk(calendar, start, start + DAY_MS)


@lru_cache(maxsize=65536)
def _starting_on(calendar: Calendar, day: date) -> tuple[tuple[int, int], ...]:
    """The occurrences of a calendar's shifts that start on a local day."""
    timezone, shifts = calendar
    zone = ZoneInfo(timezone)
    weekday = day.weekday()
    return tuple(_occurrence(day, s, zone) for s in shifts if weekday in s.weekdays)


def _occurrence(day: date, shift: ShiftSpec, zone: ZoneInfo) -> tuple[int, int]:
    end_day = day + timedelta(days=1) if shift.end <= shift.start else day
    lo = datetime.combine(day, shift.start, zone)
    hi = datetime.combine(end_day, shift.end, zone)
    return round(lo.timestamp() * 1000), round(hi.timestamp() * 1000)


def schedule_for(plant: PlantFile, line_id: str) -> LineSchedule:
    """A line's schedule from the plant file (KeyError for an unknown line or shift)."""
    lines = {line.id: line for line in plant.line}
    if line_id not in lines:
        raise KeyError(f"no line {line_id!r} in the plant file")
    line = lines[line_id]
    shifts = plant.calendar.shifts
    specs = tuple(ShiftSpec.of(name, shifts[name]) for name in line.shifts)
    return LineSchedule(line_id, plant.site.timezone, specs)


def schedules(plant: PlantFile) -> dict[str, LineSchedule]:
    return {line.id: schedule_for(plant, line.id) for line in plant.line}
