"""When a line is scheduled to run: its shifts in the site's time zone, as UTC intervals.

A shift belongs to the day it starts on ("night" 22:00-06:00 on Monday ends Tuesday
06:00); local times go through zoneinfo, so a night across a DST change is 7 or 9
hours long. A line without shifts runs around the clock (counted in 8-hour shifts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from models.plant_schema import PlantFile, Shift

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ROUND_THE_CLOCK_MS = 8 * 3600 * 1000


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


@dataclass(frozen=True)
class LineSchedule:
    line_id: str
    timezone: str = "UTC"
    shifts: tuple[ShiftSpec, ...] = ()  # none: the line runs around the clock

    def occurrences(self, start_ms: int, end_ms: int) -> list[tuple[int, int]]:
        """Whole shift occurrences (UTC ms, sorted) that overlap [start_ms, end_ms)."""
        if end_ms <= start_ms:
            return []
        if not self.shifts:
            first = start_ms - start_ms % ROUND_THE_CLOCK_MS
            step = ROUND_THE_CLOCK_MS
            return [(t, t + step) for t in range(first, end_ms, step)]
        zone = ZoneInfo(self.timezone)
        day = datetime.fromtimestamp(start_ms / 1000, zone).date() - timedelta(days=1)
        last = datetime.fromtimestamp(end_ms / 1000, zone).date()
        found = []
        while day <= last:
            for shift in self.shifts:
                if day.weekday() in shift.weekdays:
                    lo, hi = _occurrence(day, shift, zone)
                    if lo < end_ms and hi > start_ms:
                        found.append((lo, hi))
            day += timedelta(days=1)
        return sorted(set(found))


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
