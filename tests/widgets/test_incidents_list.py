"""Incident list: model contract, switch down -> one P1 with live cost and SLA, filters."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.incidents.auto_raise import AutoRaiser
from app.incidents.qt_service import IncidentServiceQt
from app.incidents.service import IncidentService
from models.incidents.sla import SlaLevel
from models.store import open_store
from tests.app.incidents.conftest import Clock
from tests.widgets.conftest import PlantFeed
from widgets.incidents.list_model import (
    HEAD_ROLE,
    SLA_LEVEL_ROLE,
    Column,
    IncidentListModel,
)
from widgets.incidents.list_proxy import IncidentFilterProxy

SWITCH = "SW-L3-043"


@dataclass
class Rig:
    """A real incident service over a temp store, auto-raise on the fake-driver plant."""

    feed: PlantFeed
    clock: Clock
    service: IncidentService
    raiser: AutoRaiser
    qt: IncidentServiceQt

    def switch_down(self, switch: str = SWITCH) -> None:
        self.feed.switch_down(switch)
        self.feed.flush()
        self.qt.on_tick()
        self.clock.advance(2)  # past settle_s: auto-raise acts at the next tick
        self.feed.flush()
        self.qt.on_tick()


@contextlib.contextmanager
def incident_rig(plant_feed: PlantFeed, tmp_path: Path) -> Iterator[Rig]:
    clock = Clock()
    with open_store(tmp_path / "console.db") as store:
        service = IncidentService(
            store, plant_feed.plant, user="anna", console_id="CR1", now_ms=clock
        )
        raiser = AutoRaiser(plant_feed.monitor, service, settle_s=1.5)
        qt = IncidentServiceQt(service, raiser)
        yield Rig(plant_feed, clock, service, raiser, qt)
        qt.deleteLater()


@pytest.fixture
def rig(plant_feed: PlantFeed, tmp_path: Path) -> Iterator[Rig]:
    with incident_rig(plant_feed, tmp_path) as made:
        yield made


def cell(model: Any, row: int, column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return model.index(row, column).data(role)


def test_model_contract_empty_and_with_incidents(rig: Rig, qtmodeltester: Any) -> None:
    model = IncidentListModel(rig.qt)
    qtmodeltester.check(model)
    rig.switch_down()
    rig.service.raise_manual("AR-042-PLC", "gripper slow", impact=3, urgency=3)
    rig.qt.on_tick()
    assert model.rowCount() == 2
    qtmodeltester.check(model)
    qtmodeltester.check(IncidentFilterProxy(model))


def test_switch_down_shows_one_p1_with_cost_and_sla_ticking(rig: Rig, qtbot: Any) -> None:
    model = IncidentListModel(rig.qt)
    assert model.rowCount() == 0
    with qtbot.wait_signal(model.rowsInserted):
        rig.switch_down()
    assert model.rowCount() == 1
    head = cell(model, 0, Column.PRIORITY, HEAD_ROLE)
    assert head.priority == "P1" and head.cost_per_hour == 11_400
    assert cell(model, 0, Column.TITLE).startswith("LINE STOP — 3 lines")
    assert cell(model, 0, Column.PRIORITY) == "\u25cf P1"  # unacknowledged: marked ...
    assert cell(model, 0, Column.PRIORITY, Qt.ItemDataRole.FontRole).bold()  # ... and bold
    assert "not acknowledged" in cell(model, 0, Column.STATE)
    assert cell(model, 0, Column.LINES) == "L3, L4, L5"
    assert "EUR 11,400/h " in cell(model, 0, Column.COST, Qt.ItemDataRole.ToolTipRole)
    assert cell(model, 0, Column.SLA) == "ack 04:58 left"  # from the fault, 2 s ago

    rig.clock.advance(60)  # a minute on: 62 s down (with the settle time) x EUR 11,400/h
    with qtbot.wait_signal(model.dataChanged) as changed:
        model.on_tick()
    top, bottom = changed.args[0], changed.args[1]
    assert (top.column(), bottom.column()) == (Column.COST, Column.SLA)
    assert cell(model, 0, Column.COST) == "EUR 196"
    assert cell(model, 0, Column.SLA) == "ack 03:58 left"
    assert cell(model, 0, Column.SLA, SLA_LEVEL_ROLE) is None

    rig.clock.advance(180)  # 4 min 2 s of 5 min: amber
    model.on_tick()
    assert cell(model, 0, Column.SLA, SLA_LEVEL_ROLE) is SlaLevel.WARNING
    assert cell(model, 0, Column.SLA, Qt.ItemDataRole.BackgroundRole).name().upper() == "#E8A400"
    rig.clock.advance(65)  # 5 min 7 s: red, and says so
    model.on_tick()
    assert cell(model, 0, Column.SLA) == "BREACHED 00:07"
    assert cell(model, 0, Column.SLA, SLA_LEVEL_ROLE) is SlaLevel.BREACHED


def test_acknowledge_changes_only_that_row(rig: Rig, qtbot: Any) -> None:
    rig.service.raise_manual("AR-042-PLC", "gripper slow", impact=3, urgency=3)
    rig.switch_down()
    model = IncidentListModel(rig.qt)
    proxy = IncidentFilterProxy(model)
    assert proxy.index(0, Column.PRIORITY).data(HEAD_ROLE).priority == "P1"  # P1 on top
    p1 = proxy.index(0, 0).data(HEAD_ROLE).id
    rig.service.acknowledge(p1)
    with qtbot.wait_signal(model.dataChanged) as changed:
        rig.qt.on_tick()
    assert changed.args[0].row() == changed.args[1].row() == model.row_of(p1)
    row = model.row_of(p1)
    assert row is not None
    assert cell(model, row, Column.PRIORITY) == "P1"
    assert cell(model, row, Column.STATE) == "Acknowledged"
    assert cell(model, row, Column.SLA) == "on site 14:58 left"  # ack clock stopped


def test_filters_priority_state_line_open(rig: Rig) -> None:
    rig.switch_down()
    minor = rig.service.raise_manual("AR-042-PLC", "gripper slow", impact=3, urgency=3).id
    rig.service.resolve(minor, "gripper cleaned")
    rig.qt.on_tick()
    model = IncidentListModel(rig.qt)
    proxy = IncidentFilterProxy(model)
    assert proxy.rowCount() == 2
    proxy.set_filters(open_only=True)
    assert proxy.rowCount() == 1
    rig.service.reopen(minor, "came back")
    rig.qt.on_tick()
    assert proxy.rowCount() == 2  # open again: shown again
    rig.service.resolve(minor, "gripper replaced")
    rig.qt.on_tick()
    assert proxy.rowCount() == 1
    proxy.set_filters(priorities={"P1"})
    assert proxy.index(0, 0).data(HEAD_ROLE).priority == "P1" and proxy.rowCount() == 1
    proxy.set_filters(statuses={"resolved"})
    assert proxy.index(0, 0).data(HEAD_ROLE).id == minor
    proxy.set_filters(line="L5")
    assert proxy.rowCount() == 1
    proxy.set_filters(line="L1")
    assert proxy.rowCount() == 0
    proxy.set_filters()
    proxy.sort(Column.SLA, Qt.SortOrder.AscendingOrder)  # running clock first
    assert proxy.index(0, 0).data(HEAD_ROLE).priority == "P1"
    assert proxy.parent(QModelIndex()) == QModelIndex()
