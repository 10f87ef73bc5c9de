"""MainWindow: composition, header, stale banner, selection sync, layout, rendering."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QWidget

from models.states import State
from widgets.layout_store import layout_path
from widgets.main_window import MainWindow
from widgets.status_bar import STALE_TEXT
from widgets.tree_model import CI_ID_ROLE, STATE_ROLE, Column

# The offscreen platform cannot resize native windows to size hints and says so once per
# window with a menu bar; on a real screen (xcb, Windows) the message does not exist.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def window(plant_feed: Any, qtbot: Any) -> Iterator[MainWindow]:
    win = MainWindow(plant_feed.service)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_header_shows_lines_at_risk_and_cost(window: MainWindow, plant_feed: Any) -> None:
    assert window.header.risk_label.text() == "all 4 lines running"
    assert window.header.plant_label.text() == "plant: <b>Werk Nord</b>"
    assert window.header.sync_label.text() == "sync: local only"
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()
    text = window.header.risk_label.text()
    assert "3 lines at risk" in text and "EUR 11,400/h" in text


def test_switch_down_reaches_tree_and_details(window: MainWindow, plant_feed: Any) -> None:
    window.selection.select("SW-L3-043")
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()
    index = window.tree.view.currentIndex()
    assert index.data(CI_ID_ROLE) == "SW-L3-043"
    state = index.siblingAtColumn(Column.STATE)
    assert state.data(STATE_ROLE) is State.DOWN
    assert "Down" in window.details.state_label.text()


def test_stale_banner_when_the_console_loses_the_plant(window: MainWindow, plant_feed: Any) -> None:
    bar = window.statusBar()
    assert not bar.banner.isVisible()
    plant_feed.monitor.engine.set_console_offline(True)
    plant_feed.service.on_tick()
    assert bar.banner.isVisible()
    assert bar.banner.text() == STALE_TEXT
    assert window.header.stale_label.text() == "data: STALE"
    plant_feed.monitor.engine.set_console_offline(False)
    plant_feed.service.on_tick()
    assert not bar.banner.isVisible()


def test_status_bar_counts_connections_and_shows_a_clock(window: MainWindow) -> None:
    text = window.statusBar().links_label.text()
    assert "OPC UA" in text and "Modbus" in text and "Reach" in text
    clock = window.statusBar().clock_label.text()
    assert len(clock) == 8 and clock[2] == ":"


def test_selection_sync_tree_details_and_topology(window: MainWindow, qtbot: Any) -> None:
    window.tree.view.setCurrentIndex(window.tree.view_index("AR-043-RC"))
    assert window.selection.current == "AR-043-RC"
    assert window.details.ci == "AR-043-RC"
    window.details.depends_list.itemClicked.emit(window.details.depends_list.item(0))
    assert window.selection.current == "SW-L3-043"
    assert window.tree.view.currentIndex().data(CI_ID_ROLE) == "SW-L3-043"
    window.topology.ciActivated.emit("AR-042-VIS")
    assert window.tree.view.currentIndex().data(CI_ID_ROLE) == "AR-042-VIS"
    assert window.details.ci == "AR-042-VIS"


def test_incident_actions_need_a_store_and_impact_analysis_answers(window: MainWindow) -> None:
    window.selection.select("SW-L3-043")
    for key in ("raise", "incidents"):  # this window has no incident store
        action = window.ci_actions.actions[key]
        assert not action.isEnabled() and "no incident store" in action.toolTip()
    window.ci_actions.on_incident_tool("incidents")  # a path past the disabled action
    assert "no incident store" in window.statusBar().currentMessage()
    assert window.ci_actions.actions["diagnose"].shortcut().toString() == "Ctrl+P"
    assert window.ci_actions.actions["raise"].shortcut().toString() == "Ctrl+I"
    window.ci_actions.actions["impact"].trigger()
    dialog = window.ci_actions.last_dialog
    assert dialog is not None
    assert dialog.cost_label.text() == "EUR 11,400/h"
    assert dialog.units_label.text() == "720 units per shift"
    assert "L3" in dialog.lines_label.text()
    dialog.close()


def test_layout_is_saved_and_restored(plant_feed: Any, qtbot: Any) -> None:
    first = MainWindow(plant_feed.service)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 560)  # the offscreen screen is 800x800
    first.docks["trends"].hide()
    first.resizeDocks([first.docks["tree"]], [250], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: abs(first.docks["tree"].width() - 250) <= 2)
    first.close()
    assert layout_path().exists()
    second = MainWindow(plant_feed.service)
    qtbot.addWidget(second)
    second.show()
    assert second.size() == QSize(760, 560)
    assert not second.docks["trends"].isVisible()
    assert second.docks["details"].isVisible()
    qtbot.waitUntil(lambda: abs(second.docks["tree"].width() - 250) <= 2)
    second.on_reset_layout()
    assert second.docks["trends"].isVisibleTo(second)
    second.close()


def _uniform(widget: QWidget) -> bool:
    image = widget.grab().toImage()
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), max(1, image.width() // 60))
        for y in range(0, image.height(), max(1, image.height() // 60))
    }
    return len(colours) < 3


def test_window_renders_every_panel(window: MainWindow, plant_feed: Any) -> None:
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()
    window.selection.select("SW-L3-043")
    assert not _uniform(window)
    panels = [window.header, window.tree, window.topology, window.details, window.incidents]
    for panel in panels:
        assert panel.width() > 0 and panel.height() > 0, panel.objectName()
        assert panel.isVisible(), panel.objectName()
        assert not _uniform(panel), panel.objectName()
    assert window.font().pointSizeF() >= 9


def test_trend_tag_from_the_context_menu_reaches_the_trend_panel(window: MainWindow) -> None:
    menu = window.ci_actions.menu_for("AR-042-PLC", window)
    trend_menu = next(a.menu() for a in menu.actions() if a.text() == "Trend tag...")
    points = [a.text() for a in trend_menu.actions()]
    assert "vibration" in points and "cabinet_temp" in points and "run_state" not in points
    next(a for a in trend_menu.actions() if a.text() == "vibration").trigger()
    assert len(window.trends.plots) == 1
    assert window.docks["trends"].isVisible()
    menu.close()
