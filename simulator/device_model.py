"""One simulated device: its points, its current values and the faults acting on it."""

from __future__ import annotations

import random
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from models.cmdb import CiNode
from simulator.analog import AnalogTag
from simulator.point_kinds import Point, PointKind, has_alarm_limit, point_kind

Value = bool | int | float | str | datetime

PROGRAM_VERSION = "V2.4.1"
LAST_CHANGE_BASE = datetime(2024, 3, 11, 6, 42, 0, tzinfo=UTC)
DEFAULT_RUN_CODES = {"STOP": 0, "RUN": 1, "FAULT": 2, "STARTUP": 3}
TICK_S = 0.5


@dataclass
class DeviceFaults:
    """Device-level faults (the network-level ones act in the proxy)."""

    stopped: bool = False
    fault_code: int = 0
    drift_tags: set[str] = field(default_factory=set)
    exception_code: int | None = None
    short_replies: bool = False
    unreachable: bool = False


class DeviceModel:
    """Values of one CI's points, moved on every tick and bent by its faults."""

    def __init__(self, node: CiNode, points: list[Point], seed: int | None = None) -> None:
        self.ci_id = node.id
        self.protocol = node.protocol
        self.points = points
        self.kinds = {p.name: point_kind(p) for p in points}
        self.faults = DeviceFaults()
        self._rng = random.Random(zlib.crc32(node.id.encode()) if seed is None else seed)
        self._started = time.monotonic()
        codes = dict(DEFAULT_RUN_CODES)
        if node.profile is not None:
            codes.update({state: int(code) for code, state in node.profile.run_states.items()})
        self.run_codes = codes
        self._analog = {
            p.name: AnalogTag.for_point(p, self._rng)
            for p in points
            if self.kinds[p.name] is PointKind.ANALOG
        }
        self._cycle_ms = round(self._rng.uniform(8.0, 16.0), 2)
        self.vendor = node.vendor
        self.product = node.model
        self.firmware = node.ci.firmware if node.ci is not None and node.ci.firmware else "V3.1.2"
        self.values: dict[str, Value] = {p.name: self._initial(p) for p in points}

    @property
    def running(self) -> bool:
        return not self.faults.stopped and self.faults.fault_code == 0

    @property
    def run_state(self) -> int:
        if self.faults.fault_code:
            return self.run_codes["FAULT"]
        if self.faults.stopped:
            return self.run_codes["STOP"]
        return self.run_codes["RUN"]

    def analog_tags(self) -> list[str]:
        """Analog tag names, those with an alarm limit first (candidates for `drift`)."""
        tags = [p for p in self.points if self.kinds[p.name] is PointKind.ANALOG]
        tags.sort(key=lambda p: (not has_alarm_limit(p), "vibration" not in p.name.lower()))
        return [p.name for p in tags]

    def tick(self, ticks: float = 1) -> list[str]:
        """Move the values on by `ticks` steps of 500 ms; the names whose value changed."""
        changed = []
        for point in self.points:
            new = self._next(point, ticks)
            if new != self.values[point.name]:
                self.values[point.name] = new
                changed.append(point.name)
        return changed

    def refresh_state(self) -> list[str]:
        """Apply changed faults to the status values at once (no motion); the names changed."""
        changed = []
        for point in self.points:
            kind = self.kinds[point.name]
            if kind in _STATE_KINDS and kind is not PointKind.CYCLE_TIME:
                new = self._state_value(kind)
                if new != self.values[point.name]:
                    self.values[point.name] = new
                    changed.append(point.name)
        return changed

    def _initial(self, point: Point) -> Value:
        kind = self.kinds[point.name]
        if kind is PointKind.PROGRAM_NAME:
            return program_name(self.ci_id)
        if kind is PointKind.PROGRAM_VERSION:
            return PROGRAM_VERSION
        if kind is PointKind.FIRMWARE:
            return self.firmware
        if kind is PointKind.LAST_CHANGE:
            return LAST_CHANGE_BASE - timedelta(days=zlib.crc32(self.ci_id.encode()) % 90)
        if kind is PointKind.COUNTER:
            return self._rng.randrange(100_000, 5_000_000)
        if kind is PointKind.ANALOG:
            return round(self._analog[point.name].value, 3)
        return self._state_value(kind)

    def _next(self, point: Point, ticks: float) -> Value:
        kind = self.kinds[point.name]
        current = self.values[point.name]
        if kind is PointKind.COUNTER and isinstance(current, int):
            step = round(ticks * TICK_S * 1000 / self._cycle_ms) if self.running else 0
            return (current + step) % 2**32
        if kind is PointKind.ANALOG:
            drifting = point.name in self.faults.drift_tags
            return round(self._analog[point.name].step(self._rng, self.running, drifting), 3)
        if kind in _STATE_KINDS:
            return self._state_value(kind)
        return current

    def _state_value(self, kind: PointKind) -> Value:
        running = self.running
        if kind is PointKind.RUN_STATE:
            return self.run_state
        if kind is PointKind.FAULT_CODE:
            return self.faults.fault_code
        if kind is PointKind.FAULT_FLAG:
            return self.faults.fault_code != 0
        if kind is PointKind.LINE_RUNNING:
            return running
        if kind is PointKind.CYCLE_TIME:
            return round(self._cycle_ms + self._rng.gauss(0.0, 0.15), 2) if running else 0.0
        return int(time.monotonic() - self._started)  # PointKind.UPTIME


_STATE_KINDS = frozenset(
    {
        PointKind.RUN_STATE,
        PointKind.FAULT_CODE,
        PointKind.FAULT_FLAG,
        PointKind.LINE_RUNNING,
        PointKind.CYCLE_TIME,
        PointKind.UPTIME,
    }
)


def program_name(ci_id: str) -> str:
    """'AR-042-PLC' -> 'AR042_Main': the machine part of the id, as a PLC project is named."""
    parts = ci_id.split("-")
    stem = "".join(parts[:-1]) if len(parts) > 1 else parts[0]
    return f"{stem.replace('.', '').replace('_', '')}_Main"
