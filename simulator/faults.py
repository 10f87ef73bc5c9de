"""Fault kinds the simulator can inject, and the checking of their values."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from pymodbus.constants import ExcCodes

from models.plant_schema import parse_fault_code


class FaultKind(enum.StrEnum):
    DOWN = "down"
    STOP = "stop"
    FAULT = "fault"
    DRIFT = "drift"
    SLOW = "slow"
    MODBUS_EXCEPTION = "modbus-exception"
    MALFORMED = "malformed"
    CRASH = "crash"
    RESTART = "restart"


FAULT_HELP = {
    FaultKind.DOWN: "the CI and everything depending on it stop answering (clients time out)",
    FaultKind.STOP: "PLC program STOP: run state STOP, line not running",
    FaultKind.FAULT: "PLC fault: --value CODE (e.g. 0x2A), run state FAULT",
    FaultKind.DRIFT: "push an analog tag past its alarm limit: --value TAG",
    FaultKind.SLOW: "every answer delayed by --value SECONDS",
    FaultKind.MODBUS_EXCEPTION: "every Modbus request answered with exception --value CODE",
    FaultKind.MALFORMED: "short Modbus replies / garbled OPC UA answers",
    FaultKind.CRASH: "the device's server stops: connections refused",
    FaultKind.RESTART: "crash, then start again after --value SECONDS (default 1.5)",
}
# Kinds that need a simulated device (OPC UA or Modbus), not just a reachable port.
DEVICE_KINDS = frozenset({FaultKind.STOP, FaultKind.FAULT, FaultKind.DRIFT, FaultKind.MALFORMED})
# Kinds that need a listener of the CI's own.
LISTENER_KINDS = frozenset({FaultKind.SLOW, FaultKind.CRASH, FaultKind.RESTART})
VALID_EXCEPTION_CODES = sorted(int(code) for code in ExcCodes)


class FaultError(ValueError):
    """A fault request that cannot be carried out; `status` is the HTTP status to answer."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class ActiveFault:
    ci: str
    kind: FaultKind
    value: str | float | int | None


def parse_kind(text: str) -> FaultKind:
    try:
        return FaultKind(text.strip().lower())
    except ValueError:
        known = ", ".join(k.value for k in FaultKind)
        raise FaultError(f"unknown fault kind {text!r}; known kinds: {known}") from None


def fault_code_value(value: object, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        code = value if isinstance(value, int) else parse_fault_code(str(value))
    except ValueError as exc:
        raise FaultError(str(exc)) from None
    if not 1 <= code <= 0xFFFF:
        raise FaultError(f"fault code {value!r} must be between 1 and 0xFFFF")
    return code


def seconds_value(value: object, default: float, kind: FaultKind, upper: float = 120.0) -> float:
    if value is None or value == "":
        return default
    try:
        seconds = float(str(value))
    except ValueError:
        raise FaultError(f"{kind.value}: --value must be seconds, not {value!r}") from None
    if not 0 < seconds <= upper:
        raise FaultError(f"{kind.value}: seconds must be above 0 and at most {upper:g}")
    return seconds


def exception_code_value(value: object) -> int:
    if value is None or value == "":
        return int(ExcCodes.DEVICE_FAILURE)
    try:
        code = int(str(value), 0)
    except ValueError:
        raise FaultError(f"modbus-exception: --value must be a code, not {value!r}") from None
    if code not in VALID_EXCEPTION_CODES:
        codes = ", ".join(str(c) for c in VALID_EXCEPTION_CODES)
        raise FaultError(f"modbus-exception: code {code} is not a Modbus exception code ({codes})")
    return code
