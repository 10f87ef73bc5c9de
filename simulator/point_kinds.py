"""What kind of value a plant point carries, decided from its role and name."""

from __future__ import annotations

import enum

from models.plant_schema import ModbusPoint, OpcuaPoint

Point = OpcuaPoint | ModbusPoint


class PointKind(enum.Enum):
    RUN_STATE = "run_state"
    FAULT_CODE = "fault_code"
    FAULT_FLAG = "fault_flag"
    LINE_RUNNING = "line_running"
    PROGRAM_NAME = "program_name"
    PROGRAM_VERSION = "program_version"
    LAST_CHANGE = "last_change"
    CYCLE_TIME = "cycle_time"
    FIRMWARE = "firmware"
    UPTIME = "uptime"
    COUNTER = "counter"
    ANALOG = "analog"


_BY_ROLE = {kind.value: kind for kind in PointKind if kind not in (PointKind.COUNTER,)}

# Analog tags whose value falls to (nearly) zero when the machine stops.
MOTION_WORDS = ("vibration", "speed", "current", "flow", "rpm")


def point_kind(point: Point) -> PointKind:
    """Role first; a plain tag is a counter when its name says so, else an analog value."""
    if point.role != "tag":
        return _BY_ROLE[point.role]
    name = point.name.lower()
    if "counter" in name or name.endswith("_count"):
        return PointKind.COUNTER
    return PointKind.ANALOG


def is_motion_tag(point: Point) -> bool:
    name = point.name.lower()
    return any(word in name for word in MOTION_WORDS)


def has_alarm_limit(point: Point) -> bool:
    return point.alarm_high is not None or point.alarm_low is not None
