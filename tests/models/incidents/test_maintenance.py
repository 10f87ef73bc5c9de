"""Maintenance windows with overrun, and bounded, audited shelving."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from models.incidents.maintenance import (
    MAX_SHELVE_MS,
    ChangeKind,
    MaintenanceWindow,
    clock_hhmm,
    in_window,
    is_shelved,
    overrun,
    shelve,
    suppressed,
    unshelve,
)
from models.reasons import render

from .builders import HOUR, MIN, T0

CHG_12 = MaintenanceWindow(
    id="CHG-12",
    kind=ChangeKind.PLC_FIRMWARE,
    title="S7-1500 firmware 3.1",
    cis=frozenset({"AR-042-PLC"}),
    planned_start_ms=T0,
    planned_end_ms=T0 + 2 * HOUR,
    rollback_note="full program backup on the NAS, previous version in the CMDB",
)


def firmware(**changes: Any) -> MaintenanceWindow:
    return dataclasses.replace(CHG_12, **changes)


def test_in_window_only_for_its_cis_and_its_time() -> None:
    window = firmware()
    assert in_window([window], "AR-042-PLC", T0) is window
    assert in_window([window], "AR-042-PLC", T0 + HOUR) is window
    assert in_window([window], "AR-042-PLC", T0 - 1) is None
    assert in_window([window], "AR-042-PLC", T0 + 2 * HOUR) is None
    assert in_window([window], "AR-043-PLC", T0 + HOUR) is None
    done_early = firmware(ended_ms=T0 + 30 * MIN)
    assert in_window([done_early], "AR-042-PLC", T0 + HOUR) is None


def test_overrun_is_flagged() -> None:
    window = firmware()
    assert overrun(window, T0 + HOUR, still_active=True) is None
    late = overrun(window, T0 + 2 * HOUR + 15 * MIN, still_active=True)
    assert late is not None and late.overrun_s == 15 * 60
    assert overrun(window, T0 + 3 * HOUR, still_active=False) is None  # never reported done
    finished_late = overrun(firmware(ended_ms=T0 + 2 * HOUR + MIN), T0 + 5 * HOUR, False)
    assert finished_late is not None and finished_late.overrun_s == 60


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"planned_end_ms": T0}, "end after"),
        ({"rollback_note": "  "}, "rollback"),
        ({"cis": frozenset()}, "CI"),
    ],
)
def test_change_records_are_checked(changes: dict[str, object], complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        firmware(**changes)


def test_shelving_is_bounded_and_needs_a_reason() -> None:
    with pytest.raises(ValueError, match="reason"):
        shelve("VIS-L3", "anna", " ", T0, HOUR)
    with pytest.raises(ValueError, match="8 h"):
        shelve("VIS-L3", "anna", "chattering probe", T0, MAX_SHELVE_MS + 1)
    shelf = shelve("VIS-L3", "anna", "chattering probe", T0, 8 * HOUR)
    assert (shelf.user, shelf.reason) == ("anna", "chattering probe")
    assert is_shelved([shelf], "VIS-L3", T0 + 7 * HOUR) is shelf
    assert is_shelved([shelf], "VIS-L3", T0 + 8 * HOUR) is None
    assert is_shelved([shelf], "AR-042", T0 + HOUR) is None


def test_unshelving_early_is_audited() -> None:
    shelf = unshelve(shelve("VIS-L3", "anna", "chattering", T0, 4 * HOUR), "bob", T0 + HOUR)
    assert (shelf.cleared_by, shelf.cleared_ms) == ("bob", T0 + HOUR)
    assert is_shelved([shelf], "VIS-L3", T0 + 2 * HOUR) is None


def test_suppressed_says_why() -> None:
    window = firmware()
    shelf = shelve("VIS-L3", "anna", "chattering", T0, HOUR)
    in_change = suppressed([window], [shelf], "AR-042-PLC", T0 + MIN)
    assert in_change is not None and in_change.code == "maintenance"
    assert in_change.param("window") == "CHG-12"
    assert in_change.param("until_ms") == window.planned_end_ms
    assert render(in_change) == f"maintenance CHG-12 until {clock_hhmm(window.planned_end_ms)}"
    why = suppressed([window], [shelf], "VIS-L3", T0 + MIN)
    assert why is not None and why.code == "shelved" and why.param("by") == "anna"
    assert render(why) == f"alarms shelved until {clock_hhmm(T0 + HOUR)}: chattering"
    assert suppressed([window], [shelf], "AR-042", T0 + MIN) is None
