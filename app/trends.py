"""Trend recording: history for the tags someone is trending, and nothing else.

`TrendRecorder.on_sample` is a `PlantMonitor` sample tap, called for every sample of
the plant; for a tag nobody trends it costs one dict lookup. Times are stored as wall
clock seconds (epoch): `Sample.received` (monotonic) plus an offset taken once, so
the plot can label local 24 h times and a wall-clock step cannot fold the history.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.base import Sample
from models.cmdb import Plant
from models.timeseries import BUCKET_CAPACITY, BUCKET_S, RAW_CAPACITY, TagHistory

TagKey = tuple[str, str]
# Points that carry text (names, versions, dates), never a number worth plotting.
TEXT_ROLES = frozenset({"program_name", "program_version", "firmware", "last_change"})
REACH_POINTS = {"rtt_ms": "ms", "reachable": ""}


@dataclass(frozen=True)
class TagInfo:
    """What the plant file says about a trendable tag: unit and limits."""

    ci_id: str
    point: str
    unit: str = ""
    warn_low: float | None = None
    warn_high: float | None = None
    alarm_low: float | None = None
    alarm_high: float | None = None

    @property
    def key(self) -> TagKey:
        return (self.ci_id, self.point)

    def limits(self) -> list[tuple[str, float]]:
        """Set limits as (name, value): 'warn_low', 'warn_high', 'alarm_low', 'alarm_high'."""
        named = [
            ("warn_low", self.warn_low),
            ("warn_high", self.warn_high),
            ("alarm_low", self.alarm_low),
            ("alarm_high", self.alarm_high),
        ]
        return [(name, value) for name, value in named if value is not None]

    def band(self, value: float) -> str:
        """Where a value stands: 'above alarm', 'below warning', ... or '' inside the limits."""
        for name, limit in sorted(self.limits(), key=lambda nv: nv[0].startswith("warn")):
            kind, side = name.split("_")
            outside = value > limit if side == "high" else value < limit
            if outside:
                word = "alarm" if kind == "alarm" else "warning"
                return f"{'above' if side == 'high' else 'below'} {word}"
        return ""

    @property
    def label(self) -> str:
        """'AR-042-PLC:vibration [mm/s]'."""
        unit = f" [{self.unit}]" if self.unit else ""
        return f"{self.ci_id}:{self.point}{unit}"


def parse_tag(text: str) -> TagKey:
    """'CI_ID:point' -> ('CI_ID', 'point'); ValueError for anything else."""
    ci_id, sep, point = text.strip().partition(":")
    if not sep or not ci_id or not point:
        raise ValueError(f"expected 'CI_ID:point', got {text!r}")
    return ci_id, point


def tag_info(plant: Plant, ci_id: str, point: str) -> TagInfo:
    """Unit and limits of a numeric tag; KeyError if the CI has no such numeric point."""
    if ci_id not in plant:
        raise KeyError(f"no CI {ci_id!r} in the plant")
    if plant[ci_id].protocol == "reach":
        if point in REACH_POINTS:
            return TagInfo(ci_id, point, REACH_POINTS[point])
        raise KeyError(f"{ci_id} has no numeric point {point!r}")
    for spec in plant.points(ci_id):
        if spec.name == point and spec.role not in TEXT_ROLES:
            return TagInfo(
                ci_id,
                point,
                spec.unit,
                spec.warn_low,
                spec.warn_high,
                spec.alarm_low,
                spec.alarm_high,
            )
    raise KeyError(f"{ci_id} has no numeric point {point!r}")


class TrendRecorder:
    """History per watched tag. `watch` is counted: two trends of one tag share it."""

    def __init__(
        self,
        *,
        raw_capacity: int = RAW_CAPACITY,
        bucket_s: float = BUCKET_S,
        bucket_capacity: int = BUCKET_CAPACITY,
        wall_clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sizes = (raw_capacity, bucket_s, bucket_capacity)
        self._monotonic = monotonic
        self.offset = wall_clock() - monotonic()
        self._histories: dict[TagKey, TagHistory] = {}
        self._watchers: dict[TagKey, int] = {}

    def watch(self, ci_id: str, point: str) -> TagHistory:
        """Start (or join) recording a tag; its history starts now."""
        key = (ci_id, point)
        self._watchers[key] = self._watchers.get(key, 0) + 1
        if key not in self._histories:
            self._histories[key] = TagHistory(*self._sizes)
        return self._histories[key]

    def unwatch(self, ci_id: str, point: str) -> None:
        """Stop one watch; the history is dropped when nobody watches the tag any more."""
        key = (ci_id, point)
        left = self._watchers.get(key, 0) - 1
        if left > 0:
            self._watchers[key] = left
            return
        self._watchers.pop(key, None)
        self._histories.pop(key, None)

    def history(self, ci_id: str, point: str) -> TagHistory:
        """The tag's history (KeyError if it is not watched)."""
        return self._histories[(ci_id, point)]

    def is_watched(self, ci_id: str, point: str) -> bool:
        return (ci_id, point) in self._histories

    @property
    def watched(self) -> set[TagKey]:
        return set(self._histories)

    @property
    def nbytes(self) -> int:
        return sum(h.nbytes for h in self._histories.values())

    def now(self) -> float:
        """The current time on the recorder's wall-clock scale."""
        return self._monotonic() + self.offset

    def on_sample(self, ci_id: str, point: str, sample: Sample) -> None:
        """Sample tap: record Good/Uncertain numbers (bool as 0/1) of watched tags."""
        history = self._histories.get((ci_id, point))
        if history is None:
            return
        value = sample.value
        if (
            value is None
            or isinstance(value, str)
            or sample.quality.severity == "bad"
            or not math.isfinite(value)
        ):
            return
        history.append(sample.received + self.offset, float(value))
