"""Modbus exception codes by name, and the quality a point gets for each."""

from __future__ import annotations

from .base import (
    BAD_COMMUNICATION_ERROR,
    BAD_DEVICE_FAILURE,
    BAD_NOT_SUPPORTED,
    BAD_OUT_OF_RANGE,
    BAD_RESOURCE_UNAVAILABLE,
    BAD_TIMEOUT,
    Quality,
)

EXCEPTION_NAMES = {
    1: "Illegal Function",
    2: "Illegal Data Address",
    3: "Illegal Data Value",
    4: "Slave Device Failure",
    5: "Acknowledge",
    6: "Slave Device Busy",
    8: "Memory Parity Error",
    10: "Gateway Path Unavailable",
    11: "Gateway Target Failed to Respond",
}

_QUALITY = {
    1: BAD_NOT_SUPPORTED,
    2: BAD_OUT_OF_RANGE,
    3: BAD_OUT_OF_RANGE,
    4: BAD_DEVICE_FAILURE,
    5: BAD_RESOURCE_UNAVAILABLE,
    6: BAD_RESOURCE_UNAVAILABLE,
    8: BAD_DEVICE_FAILURE,
    10: BAD_COMMUNICATION_ERROR,
    11: BAD_TIMEOUT,
}


def exception_name(code: int) -> str:
    return EXCEPTION_NAMES.get(code, f"Unknown Exception {code}")


def describe_exception(code: int) -> tuple[str, str, Quality]:
    """("Modbus exception 2 Illegal Data Address", "modbus_exception:IllegalDataAddress", q)."""
    name = exception_name(code)
    return (
        f"Modbus exception {code} {name}",
        "modbus_exception:" + name.replace(" ", ""),
        _QUALITY.get(code, BAD_COMMUNICATION_ERROR),
    )
