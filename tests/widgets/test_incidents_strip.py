"""The UI.md incident strip: one line per open unacknowledged P1/P2 with [Ack]."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from models.store import StoreError
from tests.widgets.conftest import PlantFeed
from tests.widgets.test_incidents_list import Rig, incident_rig
from widgets.incidents.strip import MAX_ROWS, IncidentStrip
from widgets.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


@pytest.fixture
def rig(plant_feed: PlantFeed, tmp_path: Path) -> Iterator[Rig]:
    with incident_rig(plant_feed, tmp_path) as made:
        yield made


def test_line_stop_shows_one_line_with_cost_sla_and_ack(rig: Rig, qtbot: Any) -> None:
    strip = IncidentStrip(rig.qt)
    qtbot.addWidget(strip)
    assert not strip.shown and strip.rows == {}
    rig.service.raise_manual("AR-042-PLC", "gripper slow", impact=3, urgency=3)  # P4: not shown
    rig.switch_down()
    assert strip.shown
    (row,) = strip.rows.values()
    assert "LINE STOP" in row.text.text() and row.priority.text() == "<b>P1</b>"
    rig.clock.advance(60)
    strip.on_tick()
    assert row.cost.text().startswith("EUR ") and row.cost.text().endswith(" so far")
    assert row.cost.text() != "EUR 0 so far"
    assert row.sla.text().startswith("ack ") and "left" in row.sla.text()
    row.ack_button.click()
    assert strip.rows == {} and not strip.shown
    (head,) = rig.service.heads(priorities=("P1",))
    assert head.status == "acknowledged"


def test_p2_listed_after_p1_and_more_counted(rig: Rig, qtbot: Any) -> None:
    strip = IncidentStrip(rig.qt)
    qtbot.addWidget(strip)
    p2 = rig.service.raise_manual("AR-042-RC", "robot slow", impact=2, urgency=1)
    assert p2.priority.value == "P2"
    rig.switch_down()
    ids = list(strip.rows)
    assert rig.service.incident(ids[0]).priority.value == "P1" and ids[1] == p2.id
    for n in range(MAX_ROWS):
        rig.service.raise_manual("AR-042-RC", f"robot fault {n}", impact=2, urgency=1)
    rig.qt.on_tick()
    assert len(strip.rows) == MAX_ROWS
    assert not strip.more_label.isHidden()
    assert strip.more_label.text().startswith("+2 more")


def test_ack_that_is_not_possible_says_why(rig: Rig, qtbot: Any) -> None:
    strip = IncidentStrip(rig.qt)
    qtbot.addWidget(strip)
    rig.switch_down()
    (incident_id,) = strip.rows
    rig.service.acknowledge(incident_id)  # another console was faster (no tick yet)
    assert strip.acknowledge(incident_id) is False
    assert "cannot acknowledge" in strip.error_label.text()
    assert not strip.error_label.isHidden() and strip.shown
    strip.clear_error()
    assert not strip.shown


def test_ack_not_saved_keeps_the_line(rig: Rig, qtbot: Any, monkeypatch: Any) -> None:
    strip = IncidentStrip(rig.qt)
    qtbot.addWidget(strip)
    rig.switch_down()
    (incident_id,) = strip.rows

    def disk_full(_incident_id: str, note: str = "") -> None:
        raise StoreError(Path("console.db"), "database or disk is full")

    monkeypatch.setattr(rig.service, "acknowledge", disk_full)
    assert strip.acknowledge(incident_id) is False
    assert "Not saved" in strip.error_label.text() and "disk is full" in strip.error_label.text()
    assert list(strip.rows) == [incident_id]


def test_window_strip_under_header_and_keyboard_ack(rig: Rig, qtbot: Any) -> None:
    win = MainWindow(rig.feed.service, incidents=rig.qt)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    console = win.incident_console
    assert console is not None
    assert not console.strip_bar.isVisible()
    rig.switch_down()
    assert console.strip_bar.isVisible()
    assert win.toolBarBreak(console.strip_bar)  # its own row under the header
    menus = [a.text() for a in win.menuBar().actions()]
    assert "&Incidents" in menus
    ack = console.actions["ack_top"]
    assert ack.shortcut().toString() == "Ctrl+Shift+A"
    ack.trigger()
    assert not console.strip_bar.isVisible()
    assert rig.service.heads(statuses=("new",)) == []
    win.close()
