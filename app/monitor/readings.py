"""The latest reading of every point of every CI, and the `Signals` built from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from drivers.base import LinkState, LinkStatus, Sample
from models.cmdb import Plant
from models.own_health import Link, Reading, Signals
from models.plant_schema import ModbusPoint, OpcuaPoint
from models.states import Reason

# Link problems that are the console's own (configuration, trust), not the plant's.
CONSOLE_SIDE_ERRORS = frozenset(
    {"untrusted_certificate", "auth_failed", "security", "config", "bad_node_id"}
)


@dataclass
class PointValue:
    """A point's latest sample plus what the plant file says about it."""

    spec: OpcuaPoint | ModbusPoint | None
    sample: Sample


@dataclass
class CiReadings:
    """Everything the console currently knows about one monitored CI."""

    ci: str
    protocol: str
    interval_s: float
    timeout_s: float = 0.0
    status: LinkStatus | None = None
    ever_connected: bool = False
    last_sample: float = 0.0

    def __post_init__(self) -> None:
        self.points: dict[str, PointValue] = {}


class ReadingStore:
    """Per-CI readings; turns them into `Signals` for the health table."""

    def __init__(self, plant: Plant) -> None:
        self.plant = plant
        self.cis: dict[str, CiReadings] = {}
        self._specs: dict[tuple[str, str], OpcuaPoint | ModbusPoint] = {}
        for ci_id, node in plant.nodes.items():
            if node.monitored:
                for point in plant.points(ci_id):
                    self._specs[(ci_id, point.name)] = point

    def register(self, ci_id: str, protocol: str, interval_s: float, timeout_s: float) -> None:
        self.cis[ci_id] = CiReadings(ci_id, protocol, interval_s, timeout_s)

    def on_sample(self, ci_id: str, point: str, sample: Sample) -> bool:
        """Keep the sample; False when it cannot change the CI's own health.

        A subscribed gateway sends thousands of counter ticks and in-range temperatures a
        second; re-evaluating a CI for each of them cost more than receiving them
        (bench/bench_ingest.py). Only a live OPC UA link qualifies: its readings do not age,
        while a polled value's arrival also ends staleness, so it always counts.
        """
        entry = self.cis[ci_id]
        spec = self._specs.get((ci_id, point))
        old = entry.points.get(point)
        entry.points[point] = PointValue(spec, sample)
        if sample.quality.severity != "bad":
            entry.last_sample = max(entry.last_sample, sample.received)
        if old is None or entry.protocol != "opcua" or entry.status is None:
            return True
        if entry.status.state is not LinkState.CONNECTED:
            return True
        return not _same_health_inputs(spec, old.sample, sample)

    def on_status(self, ci_id: str, status: LinkStatus) -> None:
        entry = self.cis[ci_id]
        entry.status = status
        if status.state is LinkState.CONNECTED:
            entry.ever_connected = True

    def signals(
        self, ci_id: str, now: float, maintenance: Callable[[str], Reason | None]
    ) -> Signals:
        entry = self.cis[ci_id]
        node = self.plant.nodes[ci_id]
        profile = node.profile
        link, code, detail = self._link(entry)
        readings: dict[str, Reading] = {}
        for name, value in entry.points.items():
            if entry.protocol == "reach":
                continue
            spec, sample = value.spec, value.sample
            if spec is None:
                continue
            # A live subscription is fresh until the driver says otherwise; polled values age.
            fresh = entry.protocol == "opcua" and link == "connected"
            readings[name] = Reading(
                name=name,
                role=spec.role,
                value=sample.value,
                severity=sample.quality.severity,
                status=sample.quality.name,
                age_s=0.0 if fresh else max(0.0, now - sample.received),
                unit=spec.unit,
                warn_low=spec.warn_low,
                warn_high=spec.warn_high,
                alarm_low=spec.alarm_low,
                alarm_high=spec.alarm_high,
            )
        down_for = now - entry.status.since if entry.status else 0.0
        return Signals(
            link=link,
            interval_s=entry.interval_s,
            readings=readings,
            down_for_s=down_for,
            timeout_s=entry.timeout_s,
            link_code=code,
            link_detail=detail,
            ever_connected=entry.ever_connected,
            maintenance=maintenance(ci_id),
            run_states=profile.run_states if profile else None,
            faults=profile.faults if profile else None,
        )

    def _link(self, entry: CiReadings) -> tuple[Link, str, str]:
        status = entry.status
        if status is None:
            return "connecting", "", ""
        code = status.error_code or ""
        detail = status.error or ""
        if entry.protocol == "reach":
            reachable = entry.points.get("reachable")
            if reachable is not None and reachable.sample.value is True:
                return "connected", "", ""
            if reachable is not None and reachable.sample.value is False:
                return ("refused" if code == "refused" else "down"), code, detail
        if status.state is LinkState.CONNECTED:
            return "connected", "", ""
        if code in CONSOLE_SIDE_ERRORS:
            return "console_error", code, _console_detail(code, detail)
        if status.state in (LinkState.CONNECTING, LinkState.IDLE) and not entry.ever_connected:
            if code:
                return ("refused" if code == "refused" else "down"), code, detail
            return "connecting", code, detail
        if code == "refused":
            return "refused", code, detail
        return "down", code, detail


# Roles `models.own_health.evaluate` reads the value of; other roles are shown, not judged.
JUDGED_ROLES = frozenset({"run_state", "fault_code", "fault_flag"})
_NUMBER = (int, float)


def _same_health_inputs(spec: OpcuaPoint | ModbusPoint | None, old: Sample, new: Sample) -> bool:
    """True when `own_health.evaluate` must come to the same result for `new` as for `old`.

    Mirrors what it reads: the quality, the value of judged roles, and for points with
    limits whether the value is beyond one (while beyond, the reason quotes the value).
    """
    if spec is None:
        return True  # not in the plant file: never part of the signals
    if old.quality is not new.quality and old.quality != new.quality:
        return False
    if old.value == new.value and type(old.value) is type(new.value):
        return True
    if spec.role in JUDGED_ROLES:
        return False
    limits = (spec.alarm_low, spec.alarm_high, spec.warn_low, spec.warn_high)
    if all(limit is None for limit in limits):
        return True
    return _within(old.value, limits) and _within(new.value, limits)


def _within(value: object, limits: tuple[float | None, ...]) -> bool:
    """A plain number inside every limit (as `own_health._reading_health` compares)."""
    if not isinstance(value, _NUMBER) or isinstance(value, bool):
        return False
    number = float(value)
    low_a, high_a, low_w, high_w = limits
    for low, high in ((low_a, high_a), (low_w, high_w)):
        if (high is not None and number > high) or (low is not None and number < low):
            return False
    return True


def _console_detail(code: str, detail: str) -> str:
    if code == "untrusted_certificate":
        # The driver's sentence ends with the thumbprint; keep just that for the reason.
        return detail.rsplit(" ", 1)[-1] if detail else "?"
    return detail
