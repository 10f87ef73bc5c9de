"""Incident views in the window: shift handover (HTML/PDF export), post-incident review, sound."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.incidents.notify import FLOOD, NEW, Notification
from tests.widgets.test_incidents_list import Rig
from widgets.incidents.handover_view import HandoverView
from widgets.incidents.list_view import IncidentListView
from widgets.incidents.review_view import ReviewView
from widgets.incidents.sound import NotificationSound
from widgets.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def test_handover_view_lists_the_line_stop_and_exports(
    window: MainWindow, rig: Rig, tmp_path: Path
) -> None:
    rig.switch_down()
    rig.clock.advance(600)
    console = window.incident_console
    assert console is not None
    console.actions["handover"].trigger()
    view = console.editors["handover"]
    assert isinstance(view, HandoverView) and view.isVisible()
    text = view.browser.toPlainText()
    assert "Shift handover" in text and "LINE STOP" in text and "Still open" in text
    assert view.report is not None and len(view.report.still_open) == 1
    assert view.report.cost_eur > 0
    html_path, pdf_path = tmp_path / "handover.html", tmp_path / "handover.pdf"
    assert view.export_html(html_path)
    assert "LINE STOP" in html_path.read_text(encoding="utf-8")
    assert view.export_pdf(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert view.status_label.text() == f"Saved {pdf_path}"
    # a folder that does not exist: said, nothing pretended
    bad = tmp_path / "no" / "such" / "handover.pdf"
    assert not view.export_pdf(bad) and "Not saved" in view.status_label.text()
    assert not view.export_html(bad.with_suffix(".html"))
    assert not bad.exists()
    view.shift_box.setCurrentIndex(view.shift_box.findData("early"))
    assert "early shift" in view.browser.toPlainText()


def test_review_of_a_resolved_incident_edits_root_cause(window: MainWindow, rig: Rig) -> None:
    console = window.incident_console
    assert console is not None
    assert console.on_review() is None  # nothing selected: said in the status bar
    rig.switch_down()
    (head,) = rig.service.heads()
    rig.clock.advance(30 * 60)
    rig.service.resolve(head.id, root_cause="switch PSU failed", resolution="PSU replaced")
    rig.qt.on_tick()
    assert isinstance(window.incidents, IncidentListView)
    window.incidents.open_only.setChecked(False)  # resolved: shown once "Open only" is off
    window.incidents.select(head.id)
    assert window.incidents.current_id() == head.id
    assert console.actions["review"] in window.incidents.context_actions
    console.actions["review"].trigger()
    view = console.editors[f"review:{head.id}"]
    assert isinstance(view, ReviewView) and view.isVisible()
    assert view.downtime_label.text().startswith("30 min 2 s")  # fault 2 s before the raise
    assert view.cost_label.text().startswith("EUR 5,70")  # 3 lines x EUR 3,800/h x 0.5 h
    assert view.cause_edit.toPlainText() == "switch PSU failed"
    assert view.timeline.count() == 2  # created, resolved
    view.prevent_edit.setPlainText("second PSU, monitored")
    assert view.on_save()
    state = rig.service.incident(head.id)
    assert state.preventive_action == "second PSU, monitored"
    assert state.timeline[-1].type == "review_updated"
    assert state.root_cause == "switch PSU failed"


def test_sound_for_new_p1_only_when_enabled(window: MainWindow, rig: Rig) -> None:
    console = window.incident_console
    assert console is not None
    played: list[str] = []
    console.sound.player = lambda: played.append("beep")
    console.actions["sound"].setChecked(False)
    rig.switch_down()
    assert played == [] and console.sound.played == 0
    console.actions["sound"].setChecked(True)
    rig.service.raise_manual("AR-042-PLC", "line stop by hand", impact=1, urgency=1)
    rig.service.raise_manual("AR-042-PLC", "gripper slow", impact=3, urgency=3)  # P4: silent
    assert played == ["beep"]


def test_sound_hook_rules() -> None:
    played: list[int] = []
    sound = NotificationSound(True, lambda: played.append(1))
    p1 = Notification(NEW, 0, "x", priority="P1", sound=True)
    assert sound.on_notification(p1)
    assert not sound.on_notification(Notification(NEW, 0, "x", priority="P1", sound=False))
    assert not sound.on_notification(Notification(NEW, 0, "x", priority="P3", sound=True))
    assert not sound.on_notification(Notification(FLOOD, 0, sound=True))
    sound.set_enabled(False)
    assert not sound.on_notification(p1)
    assert played == [1]
