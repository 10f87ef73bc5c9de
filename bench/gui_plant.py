"""A plant's monitor over fake drivers, with every point's healthy and abnormal values.

The GUI benchmark's stand-in for the network: one `FakeDriver` per binding (as
`tests/widgets/conftest.py` does), a console path that always answers, and a
catalogue of the points it can move - analog values with the band they stay in
while healthy and the values that cross their warning or alarm limit.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from app.monitor.bindings import Binding, Intervals
from app.monitor.console_path import ConsolePath
from app.monitor.plant_monitor import PlantMonitor
from drivers.base import LinkState, Value
from drivers.fake import FakeDriver
from drivers.reachability import ProbeResult
from models.cmdb import Plant
from models.plant_schema import ModbusPoint, OpcuaPoint

# A feed of value *changes* carries no "still the same" samples, so polled points would
# age into "stale" between changes; 60 s polls keep them fresh for a run (see bench_gui).
BENCH_INTERVALS = Intervals(poll_ms=60_000, timeout_s=1.0, reach_ms=60_000)
# What a healthy device says for the points that are not analog values.
HEALTHY_ROLES: dict[str, Value] = {
    "run_state": 1,
    "fault_code": 0,
    "fault_flag": False,
    "line_running": True,
    "program_name": "MAIN",
    "program_version": "1.0",
}
HEALTHY_REACH: dict[str, Value] = {"reachable": True, "rtt_ms": 0.2, "method": "tcp"}


@dataclass(frozen=True)
class Analog:
    """One analog point: where it lives, its healthy band and its limits (None: none)."""

    ci: str
    name: str  # the driver's point name
    low: float  # healthy band
    high: float
    warn: float | None = None  # the limit an excursion crosses
    alarm: float | None = None
    upward: bool = True  # the limit is a high limit

    def healthy(self, rng: random.Random) -> float:
        return round(rng.uniform(self.low, self.high), 2)

    def crossing(self, rng: random.Random, alarm: bool) -> float:
        """A value beyond the warning limit (WARNING) or the alarm limit (DEGRADED)."""
        assert self.warn is not None
        limit = self.alarm if alarm and self.alarm is not None else self.warn
        factor = rng.uniform(1.05, 1.2) if self.upward else rng.uniform(0.8, 0.95)
        value = limit * factor
        if not alarm and self.alarm is not None:  # stay short of the alarm limit
            value = min(value, self.alarm - 0.01) if self.upward else max(value, self.alarm + 0.01)
        return round(value, 2)


def _analog(ci: str, name: str, spec: OpcuaPoint | ModbusPoint | None) -> Analog:
    if spec is not None and spec.warn_high is not None:
        return Analog(
            ci, name, 0.3 * spec.warn_high, 0.8 * spec.warn_high, spec.warn_high, spec.alarm_high
        )
    if spec is not None and spec.warn_low is not None:
        low = spec.warn_low
        return Analog(ci, name, 1.1 * low, 1.5 * low, low, spec.alarm_low, upward=False)
    return Analog(ci, name, 10.0, 90.0)


class FakePlant:
    """The monitor of `plant` over fake drivers, and what each driver's points may say."""

    def __init__(self, plant: Plant, intervals: Intervals = BENCH_INTERVALS) -> None:
        self.plant = plant
        self.driver_of: dict[str, FakeDriver] = {}  # CI id -> its driver
        self.cis_of: dict[int, set[str]] = {}  # id(driver) -> the CIs it serves
        self.reach: set[str] = set()
        self.analog: list[Analog] = []
        self.limited: dict[str, list[Analog]] = {}  # CI id -> points with a limit
        self.baseline: dict[str, dict[str, Value]] = {}  # CI id -> driver point -> value
        path = ConsolePath(plant.source.console.reference_targets, prober=_always_answers)
        self.monitor = PlantMonitor(
            plant, intervals, driver_factory=self._factory, console_path=path
        )

    def _factory(self, binding: Binding, _floor_ms: int) -> FakeDriver:
        driver = FakeDriver(list(binding.points))
        self.cis_of[id(driver)] = binding.cis
        rng = random.Random(binding.key.endpoint)
        specs = {
            (ci, p.name): p
            for ci in binding.cis
            if ci in self.plant.nodes
            for p in self.plant.points(ci)
        }
        for name, (ci, point) in binding.points.items():
            self.driver_of[ci] = driver
            values = self.baseline.setdefault(ci, {})
            if binding.key.protocol == "reach":
                self.reach.add(ci)
                values[name] = HEALTHY_REACH.get(point)
                if point == "rtt_ms":
                    self.analog.append(Analog(ci, name, 0.05, 2.0))
                continue
            spec = specs.get((ci, point))
            role = spec.role if spec is not None else "tag"
            if role in HEALTHY_ROLES:
                values[name] = HEALTHY_ROLES[role]
                continue
            analog = _analog(ci, name, spec)
            values[name] = analog.healthy(rng)
            self.analog.append(analog)
            if analog.warn is not None:
                self.limited.setdefault(ci, []).append(analog)
        return driver

    def drivers(self) -> list[FakeDriver]:
        return list({id(d): d for d in self.driver_of.values()}.values())

    def all_healthy(self) -> int:
        """Every driver connected and every point at its healthy value; returns samples sent."""
        sent = 0
        for driver in self.drivers():
            driver.set_link_state(LinkState.CONNECTED)
            values = self.values_of(driver)
            driver.set_values(values)
            sent += len(values)
        return sent

    def values_of(self, driver: FakeDriver) -> dict[str, Value]:
        return {n: v for ci in self.cis_of[id(driver)] for n, v in self.baseline[ci].items()}


async def _always_answers(host: str, ports: tuple[int, ...], _timeout: float) -> ProbeResult:
    """The console's own path to the plant is never the subject here."""
    return ProbeResult(host, True, "tcp", 0.1, ports[0] if ports else None)
