"""Role gating of the incident strip, the Incidents menu, the editors' write actions and
the CI menu's Shelve… / Plan maintenance… (which open the editors preset with the CI).

The session is built directly (a server URL nobody connects to, then identities), as
the server's login would leave it: no server process, so these stay fast."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu

from app.auth import Identity
from tests.widgets.conftest import PlantFeed
from tests.widgets.test_incidents_list import Rig
from widgets import i18n
from widgets.incidents.maintenance_editor import MaintenanceEditor
from widgets.incidents.shelve_editor import ShelveEditor
from widgets.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)
PLC = "AR-051-PLC"
SWITCH = "SW-L3-043"
NOT_LOGGED_IN = "log in as a technician or above"


def log_in(window: MainWindow, user: str, role: str) -> None:
    window.session.set_identity(Identity(user, {"*": role}, role, None, True, 0))


def menu_action(menu: QMenu, text: str) -> QAction:
    return next(a for a in menu.actions() if a.text() == text)


def test_strip_ack_and_menu_ack_follow_the_role(window: MainWindow, rig: Rig) -> None:
    console = window.incident_console
    assert console is not None
    ack_top = console.actions["ack_top"]
    assert ack_top.isEnabled() and console.menu.toolTipsVisible()  # local mode: technician
    window.session.use_server("http://127.0.0.1:1")  # server console, nobody logged in
    assert not ack_top.isEnabled() and NOT_LOGGED_IN in ack_top.toolTip()
    log_in(window, "vera", "viewer")
    rig.switch_down()  # the row appears while a viewer is logged in: gated from the start
    (row,) = console.strip.rows.values()
    refused = "Acknowledge: needs a technician or above; vera is logged in as viewer"
    assert console.strip.isVisible() and row.open_button.isEnabled()  # reading stays
    assert not row.ack_button.isEnabled() and row.ack_button.toolTip() == refused
    assert not ack_top.isEnabled() and ack_top.toolTip() == refused
    # the keyboard paths past the disabled buttons say why and write nothing
    assert not console.strip.acknowledge(row.incident_id)
    assert console.strip.error_label.text() == refused
    console.on_ack_top()
    assert window.statusBar().currentMessage() == refused
    assert rig.service.incident(row.incident_id).acknowledged_at_ms is None

    log_in(window, "tina", "technician")  # the role changes at runtime: enabled again
    assert row.ack_button.isEnabled() and ack_top.isEnabled()
    assert row.ack_button.toolTip().startswith("Acknowledge ") and ack_top.toolTip() != refused
    row.ack_button.click()
    state = rig.service.incident(row.incident_id)
    assert state.acknowledged_at_ms is not None and state.timeline[-1].user == "tina"
    assert not console.strip_bar.isVisible()
    rig.service.raise_manual(PLC, "safety door open", impact=1, urgency=1)
    rig.qt.on_tick()  # the strip comes back (its tool-bar action too): usable
    (row,) = console.strip.rows.values()
    assert console.strip.isVisible() and row.ack_button.isEnabled()

    window.login.on_logout()
    assert not ack_top.isEnabled() and NOT_LOGGED_IN in ack_top.toolTip()


def test_editor_write_actions_follow_the_server_rights(window: MainWindow, rig: Rig) -> None:
    console = window.incident_console
    assert console is not None
    rig.switch_down()
    (head,) = rig.service.heads()
    problem = rig.service.create_problem("switch PSU", [head.id])  # written in local mode
    window.session.use_server("http://127.0.0.1:1")
    log_in(window, "vera", "viewer")
    shelve = console.on_shelve()
    maintenance = console.on_maintenance()
    problems = console.on_problems()
    problems.refresh(select=problem.id)
    review = console.on_review(head.id)
    assert review is not None
    # a viewer reads everything (the lists are filled) but every write is disabled + why
    assert problems.problem_list.count() == 1 and review.timeline.count() >= 1
    writes = {
        "shelve": shelve.shelve_button,
        "save change": maintenance.save_button,
        "save problem": problems.buttons["save"],
        "new from incident": problems.buttons["from_incident"],
        "unlink": problems.buttons["unlink"],
        "save review": review.save_button,
    }
    for what, button in writes.items():
        assert not button.isEnabled(), what
        assert button.toolTip().endswith(" or above; vera is logged in as viewer"), what
    assert "needs a supervisor" in writes["unlink"].toolTip()  # linked_to_problem
    for editor in (shelve, maintenance, problems, review):
        assert editor.rights_note.isVisibleTo(editor) and "vera" in editor.rights_note.text()
    # Enter in the shelving reason goes past the button: refused with the reason, text kept
    shelve.reason.setText("door sensor chatter")
    assert not shelve.on_shelve() and "needs a technician" in shelve.error_label.text()
    assert shelve.reason.text() == "door sensor chatter" and rig.service.shelved(PLC) is None

    log_in(window, "tina", "technician")  # technicians write; linking needs a supervisor
    for what in ("shelve", "save change", "save problem", "save review"):
        assert writes[what].isEnabled(), what
        assert writes[what].toolTip() == "", what
    link_refused = "Link problem: needs a supervisor or above; tina is logged in as technician"
    for what in ("new from incident", "unlink"):
        assert not writes[what].isEnabled() and writes[what].toolTip() == link_refused
    assert problems.rights_note.text() == link_refused
    assert not shelve.rights_note.isVisibleTo(shelve)
    review.cause_edit.setPlainText("PSU failed")
    assert review.on_save() and rig.service.incident(head.id).root_cause == "PSU failed"
    assert not problems.on_unlink() and problems.error_label.text() == link_refused

    log_in(window, "sam", "supervisor")
    assert all(button.isEnabled() for button in writes.values())
    assert not problems.rights_note.isVisibleTo(problems)


def test_ci_menu_shelve_and_plan_maintenance_open_the_editors_preset(
    window: MainWindow, rig: Rig
) -> None:
    console = window.incident_console
    assert console is not None
    window.selection.select(PLC)  # the tree selects the CI before its menu pops up
    menu = window.ci_actions.menu_for(PLC, window)
    shelve_entry = menu_action(menu, "Shelve…")
    plan_entry = menu_action(menu, "Plan maintenance…")
    assert shelve_entry in window.ci_menu.actions()  # also in the CI menu bar
    shelve_entry.trigger()
    shelve = console.editors["shelve"]
    assert isinstance(shelve, ShelveEditor) and shelve.isVisible()
    assert shelve.ci_box.currentText() == PLC
    plan_entry.trigger()
    maintenance = console.editors["maintenance"]
    assert isinstance(maintenance, MaintenanceEditor) and maintenance.isVisible()
    assert maintenance.cis_edit.text() == PLC and maintenance.selected_id() is None
    menu.close()

    # another CI while a new change is being typed: added, nothing typed is lost
    maintenance.title_edit.setText("firmware 4.2")
    window.selection.select(SWITCH)
    window.ci_actions.actions["plan_maintenance"].trigger()
    assert maintenance.cis_edit.text() == f"{PLC}, {SWITCH}"
    assert maintenance.title_edit.text() == "firmware 4.2"
    window.ci_actions.actions["shelve"].trigger()
    assert shelve.ci_box.currentText() == SWITCH

    # the role: a viewer sees the entries disabled with the reason; a technician again not
    window.session.use_server("http://127.0.0.1:1")
    log_in(window, "vera", "viewer")
    for key, what in (("shelve", "Shelve"), ("plan_maintenance", "Maintenance window")):
        action = window.ci_actions.actions[key]
        assert not action.isEnabled()
        assert (
            action.toolTip() == f"{what}: needs a technician or above; vera is logged in as viewer"
        )
    window.ci_actions.on_incident_tool("shelve")  # a path past the disabled entry: said
    assert "needs a technician" in window.statusBar().currentMessage()
    log_in(window, "tina", "technician")
    assert window.ci_actions.actions["shelve"].isEnabled()
    assert window.ci_actions.actions["plan_maintenance"].isEnabled()


def test_ci_menu_entries_without_an_incident_store_say_so(
    plant_feed: PlantFeed, qtbot: Any
) -> None:
    win = MainWindow(plant_feed.service)
    qtbot.addWidget(win)
    win.selection.select(PLC)
    menu = win.ci_actions.menu_for(PLC, win)
    for text in ("Shelve…", "Plan maintenance…"):
        action = menu_action(menu, text)
        assert not action.isEnabled() and "no incident store" in action.toolTip()
    menu.close()
    win.close()


class Marked(QTranslator):
    """A stand-in language: every CiActions text marked, to see the live switch reach it."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return f"[{source}]" if context == "CiActions" else ""

    def isEmpty(self) -> bool:
        return False


def test_ci_menu_entries_follow_a_live_language_switch(
    window: MainWindow, qapp: QApplication
) -> None:
    window.selection.select(PLC)
    translator = Marked()
    qapp.installTranslator(translator)
    try:
        i18n.notifier().changed.emit("xx")  # what install_language emits after a switch
        menu = window.ci_actions.menu_for(PLC, window)
        texts = {a.text() for a in menu.actions()}
        assert {"[Shelve…]", "[Plan maintenance…]"} <= texts
        menu.close()
    finally:
        qapp.removeTranslator(translator)
        i18n.notifier().changed.emit("en")
    assert window.ci_actions.actions["shelve"].text() == "Shelve…"
    assert QCoreApplication.translate("CiActions", "Shelve…") == "Shelve…"
