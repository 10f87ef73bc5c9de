"""A device's own health from its signals: ARCHITECTURE.md's state table.

Pure function over a snapshot (link state, point readings with quality and
age, maintenance); the monitor builds the snapshot from driver samples.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from models.plant_schema import FaultText, parse_fault_code
from models.states import OK_HEALTH, Health, Reason, State

Link = Literal["connected", "connecting", "down", "refused", "console_error"]
QualitySeverity = Literal["good", "uncertain", "bad"]
# A reading older than this many intervals makes an otherwise OK device WARNING "stale",
# older than STALE_UNKNOWN_INTERVALS makes it UNKNOWN.
STALE_WARNING_INTERVALS = 2
STALE_UNKNOWN_INTERVALS = 5


@dataclass(frozen=True)
class Reading:
    """The latest value of one point."""

    name: str
    role: str
    value: bool | int | float | str | None
    severity: QualitySeverity
    status: str  # symbolic status name, e.g. "Good", "UncertainLastUsableValue"
    age_s: float
    unit: str = ""
    warn_low: float | None = None
    warn_high: float | None = None
    alarm_low: float | None = None
    alarm_high: float | None = None


@dataclass(frozen=True)
class Signals:
    """What the console knows about one device right now."""

    link: Link
    interval_s: float
    readings: Mapping[str, Reading]
    down_for_s: float = 0.0
    timeout_s: float = 0.0
    link_code: str = ""
    link_detail: str = ""
    ever_connected: bool = False
    maintenance: Reason | None = None
    run_states: Mapping[str, str] | None = None
    faults: Mapping[str, FaultText] | None = None


def evaluate(signals: Signals) -> Health:
    """The device's own state and reason (dependencies are the engine's business)."""
    if signals.maintenance is not None:
        return Health(State.MAINTENANCE, signals.maintenance)
    link = _link_health(signals)
    if link is not None:
        return link
    readings = list(signals.readings.values())
    if not readings:
        return OK_HEALTH
    usable = [r for r in readings if r.severity != "bad"]
    if not usable:
        # The device answers, but nothing it says can be used (garbage, wrong map).
        first = readings[0]
        return Health(State.UNKNOWN, Reason.of("quality", tag=first.name, status=first.status))
    oldest = max(r.age_s for r in readings)
    if oldest > STALE_UNKNOWN_INTERVALS * signals.interval_s:
        return Health(State.UNKNOWN, Reason.of("stale", age_s=round(oldest)))
    down = _run_health(signals)
    if down is not None:
        return down
    worst: Health = OK_HEALTH
    for reading in readings:
        health = _reading_health(reading)
        if health.state.severity > worst.state.severity:
            worst = health
    if (
        worst.state.severity < State.WARNING.severity
        and oldest > STALE_WARNING_INTERVALS * signals.interval_s
    ):
        return Health(State.WARNING, Reason.of("stale", age_s=round(oldest)))
    return worst


def _link_health(signals: Signals) -> Health | None:
    if signals.link == "connected":
        return None
    if signals.link == "console_error":
        # Our own problem (certificate not trusted, login refused): not a plant failure.
        code = signals.link_code or "link_error"
        if code == "untrusted_certificate":
            return Health(
                State.UNKNOWN, Reason.of("cert_untrusted", thumbprint=signals.link_detail)
            )
        if code == "auth_failed":
            return Health(State.UNKNOWN, Reason.of("auth_failed"))
        return Health(State.UNKNOWN, Reason.of("link_error", detail=signals.link_detail or code))
    if signals.link == "connecting" and not signals.ever_connected:
        return Health(State.UNKNOWN, Reason.of("no_data"))
    if signals.link == "refused":
        return Health(State.DOWN, Reason.of("refused", detail=signals.link_detail or "refused"))
    if signals.link in ("down", "connecting"):
        # The timeout, not the growing outage time: the reason stays put while the
        # outage lasts (the state's "since" says how long).
        return Health(State.DOWN, Reason.of("no_answer", s=signals.timeout_s))
    return None


def _run_health(signals: Signals) -> Health | None:
    """DOWN from the device's own word: a fault code says most, then a fault bit, then
    the run state (a PLC in FAULT usually also reports which fault)."""
    run_state: str | None = None
    fault_flag: str | None = None
    for reading in signals.readings.values():
        if reading.severity == "bad" or reading.value is None:
            continue
        if reading.role == "fault_code":
            code = _as_int(reading.value)
            if code:
                return Health(State.DOWN, _fault_reason(code, signals.faults))
        elif reading.role == "fault_flag" and reading.value is True:
            fault_flag = reading.name
        elif reading.role == "run_state":
            run_state = _run_state(reading.value, signals.run_states)
    if fault_flag is not None:
        return Health(State.DOWN, Reason.of("fault_flag", point=fault_flag))
    if run_state in ("STOP", "FAULT"):
        return Health(State.DOWN, Reason.of("program_stopped", state=run_state))
    return None


def _run_state(value: bool | int | float | str, mapping: Mapping[str, str] | None) -> str:
    numeric = isinstance(value, (bool, int)) or (isinstance(value, float) and math.isfinite(value))
    key = str(int(value)) if numeric else str(value)  # NaN/inf from a PLC: its text, no crash
    if mapping:
        return mapping.get(key, key)
    return key.upper()


def _fault_reason(code: int, faults: Mapping[str, FaultText] | None) -> Reason:
    hex_code = f"0x{code:02X}"
    for key, text in (faults or {}).items():
        if parse_fault_code(key) == code:
            return Reason.of("fault", code=hex_code, en=text.en, de=text.de or text.en)
    return Reason.of("fault", code=hex_code)


def _as_int(value: bool | int | float | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):  # garbage, NaN, infinity: no fault code
        return 0


def _reading_health(reading: Reading) -> Health:
    if reading.severity == "bad":
        return Health(State.WARNING, Reason.of("quality", tag=reading.name, status=reading.status))
    value = reading.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        for level, state, low, high in (
            ("alarm", State.DEGRADED, reading.alarm_low, reading.alarm_high),
            ("warning", State.WARNING, reading.warn_low, reading.warn_high),
        ):
            if high is not None and number > high:
                return _threshold(state, reading, number, high, level)
            if low is not None and number < low:
                return _threshold(state, reading, number, low, level)
    if reading.severity == "uncertain":
        return Health(State.WARNING, Reason.of("quality", tag=reading.name, status=reading.status))
    return OK_HEALTH


def _threshold(state: State, reading: Reading, value: float, limit: float, level: str) -> Health:
    return Health(
        state,
        Reason.of(
            "threshold",
            tag=reading.name,
            value=round(value, 2),
            limit=limit,
            level=level,
            unit=reading.unit,
        ),
    )
