"""Issue 5: who hears of a new incident - the plant file's rules, areas without a rule,
and routing by the login's role (`is_for`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.incidents.notify import NEW, Notification, is_for, role_name
from app.incidents.service import IncidentService
from models.cmdb import Plant
from models.plant_loader import load_plant
from models.store import open_store
from resources import demo_plant_path
from tests.app.incidents.conftest import Clock

ONLY_HALL_A = """
[[incidents.notify]]
areas = ["HA"]
roles = ["supervisor"]
min_priority = "P2"
sound = true
"""


@pytest.fixture
def hall_a_plant(tmp_path: Path) -> Plant:
    """The demo plant whose only notify rule names hall A (and a login role)."""
    text = demo_plant_path().read_text(encoding="utf-8")
    cut = text.index("[[incidents.notify]]")
    path = tmp_path / "plant.toml"
    path.write_text(text[:cut] + ONLY_HALL_A, encoding="utf-8")
    return load_plant(path)


def test_an_area_without_a_rule_is_announced_to_everyone(
    hall_a_plant: Plant, tmp_path: Path
) -> None:
    heard: list[Notification] = []
    with open_store(tmp_path / "console.db") as store:
        service = IncidentService(store, hall_a_plant, console_id="CR1", now_ms=Clock())
        service.add_notification_listener(heard.append)
        service.raise_manual("OV-103-PLC", "oven door", impact=1, urgency=1)  # hall B: no rule
        service.raise_manual("OV-103-PLC", "oven slow", impact=3, urgency=3)  # P5: not at all
        service.raise_manual("AR-042-PLC", "gripper", impact=1, urgency=2)  # hall A: its rule
        service.raise_manual("AR-042-PLC", "squeak", impact=3, urgency=3)  # below its P2
    everyone, hall_a = heard
    assert everyone.kind == NEW and everyone.roles == () and not everyone.sound
    assert everyone.priority == "P1" and not everyone.routed
    assert hall_a.roles == ("supervisor",) and hall_a.sound and hall_a.routed


def note(*roles: str) -> Notification:
    return Notification(NEW, 0, "id", priority="P1", roles=roles)


@pytest.mark.parametrize(
    ("roles", "login", "shown"),
    [
        (("supervisor", "admin"), "supervisor", True),
        (("supervisor", "admin"), "technician", False),
        (("supervisor",), "viewer", False),
        (("supervisor",), None, True),  # local mode: no login to route by
        (("shift_supervisor",), "viewer", True),  # a job role: everyone, told whom for
        (("shift_supervisor", "supervisor"), "technician", True),
        ((), "viewer", True),  # no rule for the area
    ],
)
def test_is_for(roles: tuple[str, ...], login: str | None, shown: bool) -> None:
    assert is_for(note(*roles), login) is shown


def test_role_name() -> None:
    assert role_name("shift_supervisor") == "Shift supervisor"
    assert role_name("plant_it") == "Plant it"  # the toast upper-cases known acronyms
