"""MachineTreeFilter and the MachineTree panel: text filter, only abnormal, reveal."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from models.states import State
from widgets.ci_actions import CiActions
from widgets.machine_tree import MachineTree
from widgets.selection import CiSelection
from widgets.tree_filter import MachineTreeFilter
from widgets.tree_model import CI_ID_ROLE, STATE_ROLE, Column, MachineTreeModel


def shown(proxy: MachineTreeFilter, parent: QModelIndex | None = None) -> set[str]:
    """Every CI id the proxy shows."""
    parent = parent or QModelIndex()
    found: set[str] = set()
    for row in range(proxy.rowCount(parent)):
        index = proxy.index(row, 0, parent)
        found.add(index.data(CI_ID_ROLE))
        found |= shown(proxy, index)
    return found


@pytest.fixture
def proxy(plant_feed: Any) -> MachineTreeFilter:
    return MachineTreeFilter(MachineTreeModel(plant_feed.service))


def test_proxy_passes_qtmodeltester(qtmodeltester: Any, proxy: MachineTreeFilter) -> None:
    proxy.set_text("plc")
    qtmodeltester.check(proxy)


def test_no_filter_shows_everything(proxy: MachineTreeFilter, plant_feed: Any) -> None:
    assert shown(proxy) == set(plant_feed.plant.nodes)


def test_text_matches_id_with_ancestors(proxy: MachineTreeFilter) -> None:
    proxy.set_text("ar-042-rc")
    assert shown(proxy) == {"WN", "HA", "L3", "AR-042", "AR-042-RC"}


def test_text_matches_kind_and_name(proxy: MachineTreeFilter, plant_feed: Any) -> None:
    proxy.set_text("switch")
    switches = {c for c, n in plant_feed.plant.nodes.items() if n.kind == "switch"}
    assert switches <= shown(proxy)
    proxy.set_text("Assembly Line 4")
    assert {"L4", *plant_feed.plant.walk("L4")} <= shown(proxy)
    assert "L3" not in shown(proxy)


def test_text_matches_state_name(proxy: MachineTreeFilter, plant_feed: Any) -> None:
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()
    proxy.set_text("impacted")
    assert "AR-042-PLC" in shown(proxy)
    assert "L1" not in shown(proxy) and "SW-L1-A" not in shown(proxy)


def test_only_abnormal(proxy: MachineTreeFilter, plant_feed: Any) -> None:
    proxy.set_only_abnormal(True)
    assert shown(proxy) == set()
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()
    visible = shown(proxy)
    assert {"SW-L3-043", "AR-042-PLC", "L3", "L4", "L5", "HA", "WN"} <= visible
    assert "L1" not in visible
    proxy.set_only_abnormal(False)
    assert shown(proxy) == set(plant_feed.plant.nodes)


def test_panel_reveal_and_selection_both_ways(plant_feed: Any, qtbot: Any) -> None:
    selection = CiSelection()
    model = MachineTreeModel(plant_feed.service)
    tree = MachineTree(model, selection, CiActions(plant_feed.plant, selection))
    qtbot.addWidget(tree)
    tree.view.collapseAll()
    selection.select("AR-043-RC")
    current = tree.view.currentIndex()
    assert current.data(CI_ID_ROLE) == "AR-043-RC"
    assert tree.view.isExpanded(current.parent())
    assert tree.view.isExpanded(current.parent().parent())
    with qtbot.waitSignal(selection.changed) as signal:
        tree.view.setCurrentIndex(tree.view_index("CONV-L3-HMI"))
    assert signal.args == ["CONV-L3-HMI"]
    tree.filter_edit.setText("AR-042-HMI")
    assert shown(tree.proxy) == {"WN", "HA", "L3", "AR-042", "AR-042-HMI"}
    tree.abnormal_box.setChecked(True)
    assert shown(tree.proxy) == set()


def test_enter_in_the_filter_selects_the_first_match(plant_feed: Any, qtbot: Any) -> None:
    selection = CiSelection()
    tree = MachineTree(
        MachineTreeModel(plant_feed.service), selection, CiActions(plant_feed.plant, selection)
    )
    qtbot.addWidget(tree)
    tree.filter_edit.setText("sw-l3")
    tree.filter_edit.returnPressed.emit()
    assert selection.current == "SW-L3-043"


def test_changes_under_a_collapsed_machine_show_when_it_opens(plant_feed: Any, qtbot: Any) -> None:
    """The view skips repainting rows it cannot show; opening the machine shows them fresh."""
    selection = CiSelection()
    model = MachineTreeModel(plant_feed.service)
    tree = MachineTree(model, selection, CiActions(plant_feed.plant, selection))
    qtbot.addWidget(tree)
    tree.resize(600, 800)
    tree.show()
    qtbot.waitExposed(tree)
    machine = tree.view_index("AR-042")
    tree.view.collapse(machine)
    open_line = tree.view_index("L3")
    assert tree.view.isExpanded(open_line)
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()  # dataChanged for AR-042's devices (hidden) and L3's switch (shown)
    switch = tree.view_index("SW-L3-043", Column.STATE)
    assert tree.view.visualRect(switch).isValid()
    assert switch.data() == "Down"
    tree.view.expand(machine)
    plc = tree.view_index("AR-042-PLC", Column.STATE)
    assert tree.view.visualRect(plc).isValid()
    assert plc.data(STATE_ROLE) is State.IMPACTED
    assert tree.view.grab().width() > 0  # paints with the hidden rows' changes, no error


def test_the_view_shows_the_model_itself_until_a_filter_is_set(plant_feed: Any, qtbot: Any) -> None:
    """No filter: no proxy between the view and the model (each repaint's calls into Python
    halve). Setting and clearing a filter keeps the current CI, the tree's open machines and
    the column widths, and the view still drives the selection in both modes."""
    selection = CiSelection()
    model = MachineTreeModel(plant_feed.service)
    tree = MachineTree(model, selection, CiActions(plant_feed.plant, selection))
    qtbot.addWidget(tree)
    tree.resize(700, 600)
    tree.show()
    assert tree.view.model() is model and not tree.filtered
    assert tree.proxy.sourceModel() is None  # no work on the model's changes while unused
    tree.view.expand(tree.view_index("AR-042"))
    selection.select("AR-043-RC")
    header = tree.view.header()
    header.resizeSection(Column.NAME, 240)

    tree.filter_edit.setText("ar-04")
    assert tree.filtered and tree.view.model() is tree.proxy
    assert tree.ci_at(tree.view.currentIndex()) == "AR-043-RC"
    assert not tree.view_index("CONV-L3").isValid()  # filtered out
    with qtbot.waitSignal(selection.changed) as signal:
        tree.view.setCurrentIndex(tree.view_index("AR-042-PLC"))
    assert signal.args == ["AR-042-PLC"]

    tree.filter_edit.setText("")
    assert not tree.filtered and tree.view.model() is model
    assert tree.proxy.sourceModel() is None
    assert tree.ci_at(tree.view.currentIndex()) == "AR-042-PLC"
    assert tree.view.isExpanded(tree.view_index("AR-042"))  # open before the filter
    assert tree.view.isExpanded(tree.view_index("AR-043"))  # opened to show the current CI
    assert not tree.view.isExpanded(tree.view_index("CONV-L3"))
    assert header.sectionSize(Column.NAME) == 240
    with qtbot.waitSignal(selection.changed) as signal:
        tree.view.setCurrentIndex(tree.view_index("CONV-L3-HMI"))
    assert signal.args == ["CONV-L3-HMI"]

    tree.abnormal_box.setChecked(True)  # the other filter switches the same way
    assert tree.filtered and shown(tree.proxy) == set()
    tree.abnormal_box.setChecked(False)
    assert not tree.filtered and tree.ci_at(tree.view.currentIndex()) == "CONV-L3-HMI"
