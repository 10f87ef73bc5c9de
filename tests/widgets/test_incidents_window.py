"""The incidents in the main window: dock list, header P1 count, toast, detail, flood banner."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from tests.widgets.test_incidents_list import SWITCH, Rig
from widgets.incidents.list_model import Column
from widgets.incidents.list_view import IncidentListView
from widgets.main_window import MainWindow

# The offscreen platform can neither size nor raise native windows and says so; on a real
# screen (xcb, Windows) these messages do not exist.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def test_switch_down_reaches_list_header_and_toast(window: MainWindow, rig: Rig) -> None:
    assert isinstance(window.incidents, IncidentListView)
    assert window.header.incidents_label.text() == "P1 0"
    rig.switch_down()
    view = window.incidents
    assert view.proxy.rowCount() == 1
    title = view.proxy.index(0, Column.TITLE).data()
    assert title.startswith("LINE STOP — 3 lines")
    assert view.count_label.text() == "1 of 1 incidents"
    assert window.header.incidents_label.text() == "P1 x1 (1 not acknowledged)"
    toast = window.incident_toast
    assert toast is not None and toast.isVisible()
    assert "NEW P1" in toast.label.text() and "EUR 11,400/h" in toast.label.text()
    toast.open_button.click()
    assert not toast.isVisible()
    (detail,) = window.incident_details.values()
    assert detail.isVisible()
    detail.buttons["acknowledge"].click()
    rig.qt.on_tick()
    assert window.header.incidents_label.text() == "P1 x1"


def test_double_click_opens_detail_and_related_ci_selects(window: MainWindow, rig: Rig) -> None:
    rig.switch_down()
    view = window.incidents
    assert isinstance(view, IncidentListView)
    view.table.doubleClicked.emit(view.proxy.index(0, Column.NUMBER))
    (detail,) = window.incident_details.values()
    detail.on_ci_link(SWITCH)
    assert window.selection.current == SWITCH
    detail.close()
    assert window.incident_details == {}


def test_flood_banner(window: MainWindow, rig: Rig) -> None:
    view = window.incidents
    assert isinstance(view, IncidentListView)
    assert not view.flood_banner.isVisible()
    limit = rig.service.notifier.limit
    for n in range(limit + 1):
        rig.service.raise_manual("AR-042-PLC", f"fault {n}", impact=2, urgency=2)
    assert view.flood_banner.isVisible()
    assert f"Alarm flood: {limit + 1} new incidents in 10 min" in view.flood_banner.text()
    rig.clock.advance(11 * 60)
    rig.qt.on_tick()
    assert not view.flood_banner.isVisible()


def test_filter_bar_narrows_the_list(window: MainWindow, rig: Rig) -> None:
    rig.switch_down()
    rig.service.raise_manual("AR-042-PLC", "gripper slow", impact=3, urgency=3)
    rig.qt.on_tick()
    view = window.incidents
    assert isinstance(view, IncidentListView)
    assert view.proxy.rowCount() == 2
    view.priority_box.setCurrentIndex(view.priority_box.findData("P1"))
    assert view.proxy.rowCount() == 1 and view.count_label.text() == "1 of 2 incidents"
    view.priority_box.setCurrentIndex(0)
    view.line_box.setCurrentIndex(view.line_box.findData("L4"))
    assert view.proxy.rowCount() == 1


def test_incidents_attach_after_the_window_shows(rig: Rig, qtbot: Any) -> None:
    """Issue 4: the launcher shows the window first; the list replaces "loading" later."""
    window = MainWindow(rig.feed.service, incidents_pending=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    placeholder = window.docks["incidents"].widget()
    assert isinstance(placeholder, QLabel) and placeholder.text() == "Incidents: loading…"
    assert window.header.incidents_label.text() == "P1 -"
    window.attach_incidents(rig.qt)
    assert isinstance(window.incidents, IncidentListView)
    assert window.docks["incidents"].widget() is window.incidents
    assert window.incident_console is not None
    rig.switch_down()
    assert window.incidents.proxy.rowCount() == 1
    assert window.header.incidents_label.text() == "P1 x1 (1 not acknowledged)"
    assert window.incident_toast is not None and window.incident_toast.isVisible()
    with pytest.raises(RuntimeError):
        window.attach_incidents(rig.qt)
    window.close()
