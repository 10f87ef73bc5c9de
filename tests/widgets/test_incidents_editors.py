"""Incident editors in the window: shelving, maintenance windows, problems (with bad input)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDateTime

from models.reasons import render
from models.states import State
from models.store.suppression_repo import load_shelves
from tests.widgets.test_incidents_list import Rig
from widgets.incidents.list_view import IncidentListView
from widgets.incidents.maintenance_editor import MaintenanceEditor
from widgets.incidents.problem_editor import ProblemEditor
from widgets.incidents.shelve_editor import ShelveEditor
from widgets.main_window import MainWindow
from widgets.tree_model import Column

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)
PLC = "AR-051-PLC"


def test_shelve_from_the_menu_marks_the_ci_and_unshelve(window: MainWindow, rig: Rig) -> None:
    console = window.incident_console
    assert console is not None
    window.selection.select(PLC)
    console.actions["shelve"].trigger()
    editor = console.editors["shelve"]
    assert isinstance(editor, ShelveEditor) and editor.isVisible()
    assert editor.ci_box.currentText() == PLC
    editor.minutes.setValue(90)
    editor.reason.setText("door sensor chatter")
    assert editor.on_shelve()
    shelf = rig.service.shelved(PLC)
    assert shelf is not None and shelf.user == "anna" and shelf.reason == "door sensor chatter"
    assert shelf.until_ms - shelf.start_ms == 90 * 60_000
    item = editor.table.topLevelItem(0)
    assert item is not None and item.text(0) == PLC
    rig.feed.flush()
    health = rig.feed.monitor.engine.effective[PLC]
    assert health.state is State.MAINTENANCE
    assert render(health.reason).startswith("alarms shelved until ")
    assert render(health.reason).endswith(": door sensor chatter")
    tree_text = window.tree_model.index_of(PLC, Column.REASON).data()
    assert tree_text.startswith("alarms shelved until ")

    editor.table.setCurrentItem(item)
    assert editor.on_unshelve()
    assert rig.service.shelved(PLC) is None and editor.table.topLevelItemCount() == 0
    (audit,) = load_shelves(rig.service.store)
    assert audit.cleared_by == "anna" and audit.cleared_ms is not None
    rig.feed.flush()
    assert rig.feed.monitor.engine.effective[PLC].state is State.OK


def test_shelve_bad_input_says_why_and_keeps_the_text(rig: Rig, qtbot: Any) -> None:
    editor = ShelveEditor(rig.qt, PLC)
    qtbot.addWidget(editor)
    assert editor.minutes.maximum() == 8 * 60  # the plant file's bound
    editor.reason.setText("   ")
    assert not editor.on_shelve()
    assert "needs a reason" in editor.error_label.text()
    editor.ci_box.setCurrentText("NO-SUCH-CI")
    editor.reason.setText("chatter")
    assert not editor.on_shelve()
    assert "there is no CI 'NO-SUCH-CI'" in editor.error_label.text()
    assert editor.reason.text() == "chatter"  # nothing lost: fix the CI and try again
    editor.ci_box.setCurrentText("")
    assert not editor.on_shelve() and "Choose the CI" in editor.error_label.text()
    assert not editor.on_unshelve() and "Select a shelved CI" in editor.error_label.text()
    assert rig.service.shelves_now() == []


def test_maintenance_window_editor_bad_input_then_overrun(window: MainWindow, rig: Rig) -> None:
    console = window.incident_console
    assert console is not None
    window.selection.select(PLC)
    console.actions["maintenance"].trigger()
    editor = console.editors["maintenance"]
    assert isinstance(editor, MaintenanceEditor) and editor.isVisible()
    assert editor.id_edit.text() == f"CHG-{rig.service.console_id}-1"
    assert editor.cis_edit.text() == PLC
    now = QDateTime.fromMSecsSinceEpoch(rig.clock.now)
    editor.title_edit.setText("PLC firmware V4.2")
    editor.kind_box.setCurrentIndex(editor.kind_box.findData("plc_firmware"))
    editor.start_edit.setDateTime(now.addSecs(-60))
    editor.end_edit.setDateTime(now.addSecs(-120))
    editor.rollback_edit.setPlainText("flash V4.1 from the USB stick")
    assert not editor.on_save()
    assert editor.error_label.text() == "The planned end must be after the planned start."
    editor.end_edit.setDateTime(now.addSecs(3600))
    editor.cis_edit.setText(" , ")
    assert not editor.on_save()
    assert editor.error_label.text() == "Name at least one CI the change works on."
    editor.cis_edit.setText(f"{PLC}, NO-SUCH-CI")
    assert not editor.on_save() and "no CI NO-SUCH-CI" in editor.error_label.text()
    editor.cis_edit.setText(PLC)
    editor.rollback_edit.setPlainText(" ")
    assert not editor.on_save() and "rollback note" in editor.error_label.text()
    assert rig.service.windows() == []
    editor.rollback_edit.setPlainText("flash V4.1 from the USB stick")
    assert editor.on_save()
    assert not editor.error_label.isVisible()
    (saved,) = rig.service.windows()
    assert (
        saved.id == f"CHG-{rig.service.console_id}-1"
        and saved.cis == frozenset({PLC})
        and saved.title.endswith("V4.2")
    )
    item = editor.table.topLevelItem(0)
    assert item is not None and item.text(1) == "active"
    rig.feed.flush()
    health = rig.feed.monitor.engine.effective[PLC]
    assert health.state is State.MAINTENANCE and health.reason.param("window") == saved.id

    rig.clock.advance(3600 + 12 * 60)  # past the planned end: flagged
    editor.refresh()
    item = editor.table.topLevelItem(0)
    assert item is not None and item.text(1).startswith("\u26a0 OVERRUN +")
    assert item.font(1).bold()
    editor.table.setCurrentItem(item)
    assert editor.on_end()
    item = editor.table.topLevelItem(0)
    assert (
        item is not None and item.text(1).startswith("done (") and not editor.end_button.isEnabled()
    )
    editor.on_new()
    assert editor.id_edit.text() == f"CHG-{rig.service.console_id}-2"


def test_problem_editor_from_suggestion_edit_link_and_bad_input(
    window: MainWindow, rig: Rig
) -> None:
    console = window.incident_console
    assert console is not None
    raised = [rig.service.raise_manual(PLC, f"door open {n}", fault_text="door") for n in range(3)]
    rig.qt.on_tick()
    console.actions["problems"].trigger()
    editor = console.editors["problems"]
    assert isinstance(editor, ProblemEditor) and editor.isVisible()
    assert not editor.on_from_suggestion() and "Select a suggestion" in editor.error_label.text()
    assert not editor.on_from_incident() and "Select an incident" in editor.error_label.text()
    assert editor.suggestion_list.count() == 1
    editor.suggestion_list.setCurrentRow(0)
    editor.title_edit.setText("door chatter")
    assert editor.on_from_suggestion()
    (problem,) = rig.service.problems().values()
    assert problem.title == "door chatter" and len(problem.incident_ids) == 3
    assert editor.current_id() == problem.id and editor.incident_list.count() == 3
    editor.title_edit.setText("  ")
    assert not editor.on_save() and "needs a title" in editor.error_label.text()
    editor.title_edit.setText("door chatter on AR-051")
    editor.cause_edit.setPlainText("worn hinge")
    editor.prevent_edit.setPlainText("weekly hinge check")
    editor.status_box.setCurrentIndex(editor.status_box.findData("known_error"))
    assert editor.on_save()
    problem = rig.service.problem(problem.id)
    assert (problem.root_cause, problem.preventive_action) == ("worn hinge", "weekly hinge check")
    assert problem.status.value == "known_error"
    state = rig.service.incident(raised[0].id)
    assert state.problem_id == problem.id
    editor.incident_list.setCurrentRow(0)
    assert editor.on_unlink()
    assert len(rig.service.problem(problem.id).incident_ids) == 2
    # link it again from the incident list's selection
    assert isinstance(window.incidents, IncidentListView)
    rig.qt.on_tick()
    unlinked = next(h.id for h in rig.service.heads() if not h.problem_id)
    window.incidents.select(unlinked)
    assert window.incidents.current_id() == unlinked
    assert editor.on_link()
    assert len(rig.service.problem(problem.id).incident_ids) == 3
