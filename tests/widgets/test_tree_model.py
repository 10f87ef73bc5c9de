"""MachineTreeModel: structure, state roles per ISA-101, and cheap, precise updates."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QIcon

from models.states import Health, Reason, State
from widgets.palette import STYLES
from widgets.tree_model import CI_ID_ROLE, KIND_ROLE, STATE_ROLE, Column, MachineTreeModel

STATE_CASES = [
    (State.OK, Reason.of("ok")),
    (State.WARNING, Reason.of("stale", age_s=1.2)),
    (State.DEGRADED, Reason.of("threshold", tag="vibration", value=7.9, limit=7.1, level="alarm")),
    (State.DOWN, Reason.of("no_answer", s=5)),
    (State.UNKNOWN, Reason.of("no_data")),
    (State.MAINTENANCE, Reason.of("maintenance", window="CHG-12", until="06:00")),
]


@pytest.fixture
def model(plant_feed: Any) -> MachineTreeModel:
    return MachineTreeModel(plant_feed.service)


def test_model_passes_qtmodeltester(qtmodeltester: Any, model: MachineTreeModel) -> None:
    qtmodeltester.check(model)


def test_tree_mirrors_the_plant_containment(model: MachineTreeModel, plant_feed: Any) -> None:
    plant = plant_feed.plant
    root = model.index(0, 0)
    assert model.rowCount() == 1 and root.data(CI_ID_ROLE) == plant.root
    for ci_id in plant.walk():
        index = model.index_of(ci_id)
        assert index.data(CI_ID_ROLE) == ci_id
        assert model.index(index.row(), 0, index.parent()) == index
        assert model.rowCount(index) == len(plant.nodes[ci_id].children)
    switch = model.index_of("SW-L3-043", Column.ID)
    assert switch.data() == "SW-L3-043"
    assert switch.data(KIND_ROLE) == "switch"
    assert model.ci_of(switch.parent()) == "L3"


@pytest.mark.parametrize(("state", "reason"), STATE_CASES, ids=[s.name for s, _ in STATE_CASES])
def test_state_roles_per_state(
    model: MachineTreeModel, plant_feed: Any, state: State, reason: Reason
) -> None:
    plant_feed.monitor.engine.apply({"AR-042-VIS": Health(state, reason)})
    cell = model.index_of("AR-042-VIS", Column.STATE)
    assert cell.data(STATE_ROLE) is state
    assert (
        cell.data()
        == {
            State.OK: "OK",
            State.WARNING: "Warning",
            State.DEGRADED: "Degraded",
            State.DOWN: "Down",
            State.UNKNOWN: "Unknown / no data",
            State.MAINTENANCE: "Maintenance",
        }[state]
    )
    assert isinstance(cell.data(Qt.ItemDataRole.DecorationRole), QIcon)
    foreground = cell.data(Qt.ItemDataRole.ForegroundRole)
    if state is State.OK:
        assert foreground is None  # neutral: the view's normal text colour
    else:
        assert foreground.name().upper() == STYLES[state].colour.upper()
    # calm: no row backgrounds, and the other columns keep the normal text colour
    for column in Column:
        index = model.index_of("AR-042-VIS", column)
        assert index.data(Qt.ItemDataRole.BackgroundRole) is None
        if column is not Column.STATE:
            assert index.data(Qt.ItemDataRole.ForegroundRole) is None
    reason_text = model.index_of("AR-042-VIS", Column.REASON).data()
    assert (reason_text == "") == (state is State.OK)


def test_switch_down_shows_down_and_impacted_rows(model: MachineTreeModel, plant_feed: Any) -> None:
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()
    switch = model.index_of("SW-L3-043", Column.STATE)
    assert switch.data(STATE_ROLE) is State.DOWN
    assert isinstance(switch.data(Qt.ItemDataRole.FontRole), QFont)
    plc = model.index_of("AR-042-PLC", Column.STATE)
    assert plc.data(STATE_ROLE) is State.IMPACTED
    assert plc.data(Qt.ItemDataRole.ForegroundRole).name().upper() == "#C62828"
    assert model.index_of("AR-042-PLC", Column.REASON).data() == "unreachable behind SW-L3-043"
    assert model.index_of("L3", Column.STATE).data(STATE_ROLE).is_out
    since = model.index_of("SW-L3-043", Column.SINCE).data()
    assert len(since) == 8 and since[2] == ":" and since[5] == ":"


def test_health_change_emits_data_changed_for_changed_rows_only(
    model: MachineTreeModel, plant_feed: Any, qtbot: Any
) -> None:
    ranges: list[tuple[str, int, int]] = []

    def record(top: QModelIndex, bottom: QModelIndex, _roles: object) -> None:
        assert top.parent() == bottom.parent()
        ranges.append((model.ci_of(top.parent()), top.row(), bottom.row()))
        # only the columns that follow health: name and id never change
        assert (top.column(), bottom.column()) == (Column.STATE, Column.REASON + 1)

    model.dataChanged.connect(record)
    plant_feed.service.healthChanged.emit({"AR-042-PLC", "AR-042-HMI", "AR-042-VIS", "L4"})
    # AR-042's children: PLC 0, HMI 1, RC 2, VIS 3 -> ranges 0..1 and 3..3
    assert sorted(ranges) == [("AR-042", 0, 1), ("AR-042", 3, 3), ("HA", 1, 1)]


def test_sibling_and_has_children_agree_with_index_and_parent(
    model: MachineTreeModel, plant_feed: Any
) -> None:
    """The fast sibling()/hasChildren() give what Qt's defaults would."""
    for ci_id in plant_feed.plant.walk():
        index = model.index_of(ci_id, Column.ID)
        parent = index.parent()
        for row in (-1, 0, index.row(), model.rowCount(parent), model.rowCount(parent) + 3):
            for column in (-1, 0, Column.STATE, len(Column)):
                assert model.sibling(row, column, index) == model.index(row, column, parent)
        first = index.siblingAtColumn(0)
        assert model.hasChildren(first) == bool(model.rowCount(first))
        assert not model.hasChildren(index)  # only column 0 has children
    assert model.sibling(0, 0, QModelIndex()) == QModelIndex()


def test_labels_in_german(plant_feed: Any) -> None:
    model = MachineTreeModel(plant_feed.service, lang="de")
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()
    assert model.headerData(Column.STATE, Qt.Orientation.Horizontal) == "Zustand"
    assert model.index_of("AR-042-PLC", Column.STATE).data() == "Betroffen"
    assert model.index_of("AR-042-PLC", Column.REASON).data() == "nicht erreichbar hinter SW-L3-043"
