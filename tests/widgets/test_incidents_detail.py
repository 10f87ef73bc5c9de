"""Incident detail: actions from the dialog reach list and SLA, notes, resolve, errors shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from models.incidents.lifecycle import Status
from tests.widgets.conftest import PlantFeed
from tests.widgets.test_incidents_list import SWITCH, Rig, cell, incident_rig
from widgets.incidents.detail import IncidentDetail
from widgets.incidents.list_model import Column, IncidentListModel
from widgets.incidents.prompts import NoteText, Prompts, Resolution
from widgets.selection import CiSelection


@pytest.fixture
def rig(plant_feed: PlantFeed, tmp_path: Path) -> Iterator[Rig]:
    with incident_rig(plant_feed, tmp_path) as made:
        yield made


class Answers(Prompts):
    """What the person types into the action prompts (no modal dialogs in tests)."""

    def __init__(self) -> None:
        self.texts: list[str | None] = []
        self.notes: list[NoteText | None] = []
        self.resolutions: list[Resolution | None] = []

    def text(self, parent: QWidget, title: str, label: str, value: str = "") -> str | None:
        return self.texts.pop(0)

    def note(self, parent: QWidget) -> NoteText | None:
        return self.notes.pop(0)

    def resolution(self, parent: QWidget, root_cause: str) -> Resolution | None:
        return self.resolutions.pop(0)


def open_detail(rig: Rig, qtbot: Any, selection: CiSelection | None = None) -> IncidentDetail:
    (head,) = rig.service.heads()
    detail = IncidentDetail(rig.qt, head.id, selection)
    qtbot.addWidget(detail)
    detail.prompts = Answers()
    detail.show()
    return detail


def answers(detail: IncidentDetail) -> Answers:
    assert isinstance(detail.prompts, Answers)
    return detail.prompts


def test_header_shows_the_line_stop(rig: Rig, qtbot: Any) -> None:
    rig.switch_down()
    detail = open_detail(rig, qtbot)
    assert detail.title_label.text().startswith("L3-tmp-1  LINE STOP — 3 lines")
    assert detail.priority_label.text().startswith("P1")
    assert "not acknowledged" in detail.status_label.text()
    assert "SW-L3-043" in detail.root_label.text()
    assert detail.lines_label.text() == "L3, L4, L5  (EUR 11,400/h)"
    assert "ack: 04:58 left" in detail.sla_label.text()
    assert detail.cost_label.text().startswith("EUR 6 ")  # 2 s down so far
    enabled = {k for k, b in detail.buttons.items() if b.isEnabled()}
    assert enabled == {"acknowledge", "assign", "on_site", "note", "link_problem", "resolve"}


def test_acknowledge_updates_list_and_sla(rig: Rig, qtbot: Any) -> None:
    rig.switch_down()
    model = IncidentListModel(rig.qt)
    detail = open_detail(rig, qtbot)
    rig.clock.advance(30)
    detail.buttons["acknowledge"].click()
    assert detail.state.status is Status.ACKNOWLEDGED
    assert (
        "ack: met" in detail.sla_label.text() and "on site: 14:28 left" in detail.sla_label.text()
    )
    with qtbot.wait_signal(model.dataChanged):
        rig.qt.on_tick()  # the service's coalescing tick tells the list
    assert cell(model, 0, Column.STATE) == "Acknowledged"
    assert cell(model, 0, Column.PRIORITY) == "P1"  # no longer marked unacknowledged
    assert cell(model, 0, Column.SLA) == "on site 14:28 left"
    assert not detail.buttons["acknowledge"].isEnabled()
    assert detail.buttons["in_progress"].isEnabled() and detail.buttons["hold"].isEnabled()


def test_assign_on_site_and_note_appear_in_the_timeline(rig: Rig, qtbot: Any) -> None:
    rig.switch_down()
    detail = open_detail(rig, qtbot)
    answers(detail).texts += ["max", "max"]
    answers(detail).notes.append(NoteText("switch PSU dead, spare on the way", True))
    detail.buttons["assign"].click()
    detail.buttons["on_site"].click()
    detail.buttons["note"].click()
    assert detail.assignee_label.text() == "max"
    timeline = detail.timeline.texts()
    assert any("assigned to max" in t for t in timeline)
    assert any("technician on site" in t for t in timeline)
    assert any("switch PSU dead, spare on the way" in t for t in timeline)
    (note,) = detail.notes.texts()
    assert "anna (work note): switch PSU dead, spare on the way" in note
    assert not detail.buttons["on_site"].isEnabled()


def test_resolve_then_close_and_reopen(rig: Rig, qtbot: Any) -> None:
    rig.switch_down()
    model = IncidentListModel(rig.qt)
    detail = open_detail(rig, qtbot)
    answers(detail).resolutions.append(
        Resolution("PSU of SW-L3-043 failed", "second PSU on core switches", "PSU replaced")
    )
    detail.buttons["resolve"].click()
    assert detail.state.status is Status.RESOLVED
    assert detail.state.root_cause == "PSU of SW-L3-043 failed"
    assert detail.state.preventive_action == "second PSU on core switches"
    rig.qt.on_tick()
    assert cell(model, 0, Column.STATE) == "Resolved"
    assert cell(model, 0, Column.SLA) == ""  # no clock runs any more
    assert detail.buttons["close"].isEnabled() and detail.buttons["reopen"].isEnabled()
    assert not detail.buttons["resolve"].isEnabled()
    detail.buttons["close"].click()
    assert detail.status_label.text() == "Closed"
    answers(detail).texts.append("switch failed again")
    detail.buttons["reopen"].click()
    assert detail.state.status is Status.IN_PROGRESS


def test_an_impossible_action_shows_an_error(rig: Rig, qtbot: Any) -> None:
    rig.switch_down()
    detail = open_detail(rig, qtbot)
    detail.on_close()  # its button is disabled; the slot still must not fail silently
    assert detail.error_label.isVisible()
    assert "cannot close it" in detail.error_label.text()
    assert detail.error_box is not None and detail.error_box.isVisible()
    assert detail.error_box.icon() is QMessageBox.Icon.Warning
    assert detail.state.status is Status.NEW  # nothing happened
    answers(detail).texts.append("   ")
    detail.on_reopen()
    assert detail.error_label.text() == "reopening needs a reason"
    answers(detail).notes.append(NoteText("  ", False))
    detail.on_note()
    assert detail.error_label.text() == "An empty note is not saved."
    detail.error_box.close()


def test_root_cause_and_related_cis_select_in_the_tree(rig: Rig, qtbot: Any) -> None:
    rig.switch_down()
    selection = CiSelection()
    detail = open_detail(rig, qtbot, selection)
    with qtbot.wait_signal(detail.ciRequested) as requested:
        detail.root_label.linkActivated.emit(SWITCH)
    assert requested.args == [SWITCH] and selection.current == SWITCH
    related = [detail.related.item(i).text() for i in range(detail.related.count())]
    assert related[0] == SWITCH and "AR-042-PLC" in related
    detail.on_related_clicked(detail.related.item(related.index("AR-042-PLC")))
    assert selection.current == "AR-042-PLC"
