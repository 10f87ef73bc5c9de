"""Plausible motion of one analog tag: a base value from its limits, noise, slow drift."""

from __future__ import annotations

import random
from dataclasses import dataclass

from simulator.point_kinds import Point, is_motion_tag


@dataclass
class AnalogTag:
    """State of one analog tag between ticks."""

    base: float
    noise: float
    slow: bool
    motion: bool
    alarm_value: float
    value: float = 0.0
    walk: float = 0.0

    @classmethod
    def for_point(cls, point: Point, rng: random.Random) -> AnalogTag:
        base = nominal_value(point)
        slow = "temp" in point.name.lower()
        tag = cls(
            base=base,
            noise=abs(base) * (0.005 if slow else 0.03),
            slow=slow,
            motion=is_motion_tag(point),
            alarm_value=alarm_value(point),
        )
        tag.value = base + rng.uniform(-tag.noise, tag.noise)
        return tag

    def step(self, rng: random.Random, running: bool, drifting: bool) -> float:
        """The next value: at the alarm value while drifting, near 0 for a stopped motion tag."""
        if drifting:
            self.value = self.alarm_value + rng.uniform(0.0, abs(self.alarm_value) * 0.01)
            return self.value
        if self.motion and not running:
            self.value = abs(rng.gauss(0.0, self.noise * 0.1))
            return self.value
        if self.slow:
            # A random walk that stays within +-5 % of the base (cabinet temperatures).
            limit = abs(self.base) * 0.05
            self.walk = max(-limit, min(limit, self.walk + rng.uniform(-0.05, 0.05)))
            self.value = self.base + self.walk + rng.gauss(0.0, self.noise)
        else:
            self.value = self.base + rng.gauss(0.0, self.noise)
        return self.value


def nominal_value(point: Point) -> float:
    """A normal operating value well inside the point's limits."""
    if point.warn_high is not None:
        return round(point.warn_high * 0.6, 3)
    if point.alarm_high is not None:
        return round(point.alarm_high * 0.5, 3)
    if point.warn_low is not None:
        return round(point.warn_low * 2.5, 3)
    if point.alarm_low is not None:
        return round(point.alarm_low * 3.0, 3)
    return 50.0


def alarm_value(point: Point) -> float:
    """A value past the alarm limit (high limit first), used by the `drift` fault."""
    if point.alarm_high is not None:
        return point.alarm_high * 1.1
    if point.warn_high is not None:
        return point.warn_high * 1.5
    if point.alarm_low is not None:
        return point.alarm_low * 0.5
    if point.warn_low is not None:
        return point.warn_low * 0.25
    return nominal_value(point) * 3.0
