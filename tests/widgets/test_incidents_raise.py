"""Issue 5: "Raise incident" and "Open incidents" on a CI of the machine tree.

A real incident service over a temp store (the `rig`), the main window over it; the
dialog raises through the service, and the store is asked what was written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from sqlalchemy import event

from app.auth import Identity
from app.incidents.by_ci import ci_and_below, incidents_of_cis
from models.store.incident_repo import load_incident
from tests.widgets.test_incidents_list import Rig
from widgets import i18n
from widgets.incidents.ci_incidents import CiIncidents
from widgets.incidents.list_model import ID_ROLE
from widgets.incidents.raise_dialog import RaiseIncidentDialog
from widgets.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",  # the tree's menu pops up
)
PLC = "AR-042-PLC"
SWITCH = "SW-L3-043"


def tree_menu(window: MainWindow, ci: str) -> QMenu:
    """Right-click on the CI's row of the machine tree: the menu that pops up."""
    view = window.tree.view
    index = window.tree.view_index(ci)
    view.scrollTo(index)
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    before = set(window.tree.findChildren(QMenu, options=direct))
    view.customContextMenuRequested.emit(view.visualRect(index).center())
    (menu,) = set(window.tree.findChildren(QMenu, options=direct)) - before
    return menu


def entry(menu: QMenu, text: str) -> Any:
    return next(a for a in menu.actions() if a.text() == text)


def dialog_of(window: MainWindow) -> RaiseIncidentDialog:
    scope = window.ci_incidents
    assert scope is not None and scope.dialog is not None
    return scope.dialog


def listed_ids(window: MainWindow) -> list[str]:
    model = window.incidents.table.model()  # type: ignore[attr-defined]
    return [model.index(row, 0).data(ID_ROLE) for row in range(model.rowCount())]


def test_raise_from_the_tree_menu_stores_ci_priority_and_lines(
    window: MainWindow, rig: Rig
) -> None:
    menu = tree_menu(window, SWITCH)
    assert window.selection.current == SWITCH
    entry(menu, "Raise incident").trigger()
    menu.close()
    dialog = dialog_of(window)
    assert dialog.isVisible() and dialog.ci() == SWITCH and dialog.raise_button.isEnabled()
    assert dialog.priority_label.text() == "<b>P4</b>" and dialog.lines() == []
    dialog.impact_box.setCurrentIndex(0)  # a line stop: the what-if's lines, priority live
    assert dialog.priority_label.text() == "<b>P2</b>"
    assert dialog.lines() == ["L3", "L4", "L5"]
    dialog.urgency_box.setCurrentIndex(0)
    assert dialog.priority_label.text() == "<b>P1</b>"
    dialog.title_edit.setText("switch fan loud, ports flapping")
    dialog.note_edit.setPlainText("heard on the night round")
    dialog.raise_button.click()

    assert not dialog.isVisible()
    (head,) = rig.service.heads()
    state = load_incident(rig.service.store, head.id, rig.service.context)  # the store's word
    assert state.root_cause_ci == SWITCH and state.origin == "manual"
    assert (state.impact, state.urgency, state.priority.value) == (1, 1, "P1")
    assert [line.id for line in state.lines] == ["L3", "L4", "L5"]
    assert state.title == "switch fan loud, ports flapping"
    assert [n.text for n in state.notes] == ["heard on the night round"]
    assert state.timeline[0].user == "anna"
    # the new incident is selected in the list and its detail is open
    assert window.incidents.current_id() == head.id  # type: ignore[attr-defined]
    assert list(window.incident_details) == [head.id]
    assert f"Incident {head.number} raised" in window.statusBar().currentMessage()


def test_lines_ticked_by_hand_stay(window: MainWindow, rig: Rig) -> None:
    window.selection.select(SWITCH)
    window.ci_actions.actions["raise"].trigger()
    dialog = dialog_of(window)
    dialog.impact_box.setCurrentIndex(0)
    assert dialog.lines() == ["L3", "L4", "L5"]
    item = dialog.lines_list.item(1)  # L4 is back running on a spare switch
    assert item is not None and item.data(Qt.ItemDataRole.UserRole) == "L4"
    item.setCheckState(Qt.CheckState.Unchecked)
    dialog.urgency_box.setCurrentIndex(2)
    dialog.impact_box.setCurrentIndex(1)  # impact no longer 1: the person's lines stay
    assert dialog.lines() == ["L3", "L5"]
    dialog.title_edit.setText("partial stop")
    assert dialog.on_raise() is not None
    (head,) = rig.service.heads()
    assert head.lines == ("L3", "L5") and (head.impact, head.urgency) == (2, 3)


def test_shortcut_raises_on_the_selected_ci(window: MainWindow, rig: Rig, qtbot: Any) -> None:
    window.selection.select(PLC)
    window.activateWindow()
    window.tree.view.setFocus()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window.tree.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = dialog_of(window)
    assert dialog.isVisible() and dialog.ci() == PLC
    dialog.title_edit.setText("gripper does not close")
    dialog.raise_button.click()
    (head,) = rig.service.heads()
    assert head.root_ci == PLC and head.priority == "P4" and head.lines == ()


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("", "A title is needed"),
        ("   ", "A title is needed"),
        ("x" * 201, "The title is too long: 201 characters, at most 200"),
    ],
)
def test_a_bad_title_is_refused_and_nothing_is_stored(
    window: MainWindow, rig: Rig, title: str, said: str
) -> None:
    window.selection.select(PLC)
    window.ci_actions.actions["raise"].trigger()
    dialog = dialog_of(window)
    dialog.title_edit.setText(title)
    dialog.note_edit.setPlainText("kept while the title is fixed")
    dialog.raise_button.click()
    assert dialog.isVisible() and said in dialog.error_label.text()
    assert dialog.error_label.isVisibleTo(dialog)
    assert rig.service.heads() == [] and incidents_of_cis(rig.service.store, {PLC}) == set()
    assert dialog.note_edit.toPlainText() == "kept while the title is fixed"
    dialog.title_edit.setText("now with a title")
    dialog.raise_button.click()
    assert not dialog.isVisible() and len(rig.service.heads()) == 1


def test_an_unknown_ci_typed_into_the_dialog_is_refused(window: MainWindow, rig: Rig) -> None:
    window.selection.select(PLC)
    window.ci_actions.actions["raise"].trigger()
    dialog = dialog_of(window)
    dialog.ci_box.setCurrentText("NO-SUCH-CI")
    assert dialog.ci_name.text() == "(no such CI)"
    dialog.title_edit.setText("typo")
    assert dialog.on_raise() is None
    assert dialog.error_label.text() == "There is no CI NO-SUCH-CI in the plant"
    assert rig.service.heads() == []


def test_a_viewer_cannot_raise(window: MainWindow, rig: Rig) -> None:
    window.session.use_server("http://127.0.0.1:1")
    window.session.set_identity(Identity("vera", {"*": "viewer"}, "viewer", None, True, 0))
    window.selection.select(PLC)
    action = window.ci_actions.actions["raise"]
    refused = "Raise incident: needs a technician or above; vera is logged in as viewer"
    assert not action.isEnabled() and action.toolTip() == refused
    assert window.ci_actions.actions["incidents"].isEnabled()  # reading: any role
    window.ci_actions.on_incident_tool("raise")  # the shortcut past the disabled action
    assert window.statusBar().currentMessage() == refused
    assert window.ci_incidents is not None and window.ci_incidents.dialog is None
    # a dialog opened before the role changed: [Raise] disabled, the reason in view
    window.session.set_identity(Identity("tina", {"*": "technician"}, "technician", None, True, 0))
    action.trigger()
    dialog = dialog_of(window)
    assert dialog.raise_button.isEnabled()
    window.session.set_identity(Identity("vera", {"*": "viewer"}, "viewer", None, True, 0))
    assert not dialog.raise_button.isEnabled() and dialog.rights_note.text() == refused
    dialog.title_edit.setText("a viewer tries")
    assert dialog.on_raise() is None and dialog.error_label.text() == refused
    assert rig.service.heads() == []


def test_open_incidents_of_a_ci_filters_the_list(window: MainWindow, rig: Rig) -> None:
    rig.switch_down()  # P1 on the switch, its PLCs among the affected CIs
    robot = rig.service.raise_manual(PLC, "gripper slow", impact=3, urgency=3)
    other = rig.service.raise_manual("PB-101-PLC", "press slow", impact=3, urgency=3)
    rig.qt.on_tick()
    (switch_head,) = [h for h in rig.service.heads() if h.root_ci == SWITCH]
    assert len(listed_ids(window)) == 3
    window.incidents.open_only.setChecked(False)  # [Show all] must put this back

    menu = tree_menu(window, "AR-042")  # the robot: its PLC is under it
    entry(menu, "Open incidents").trigger()
    menu.close()
    scope = window.ci_incidents
    assert scope is not None and scope.bar.isVisibleTo(window.incidents)
    assert set(listed_ids(window)) == {robot.id, switch_head.id}  # root cause, or related
    assert scope.scope_label.text() == "Incidents of AR-042 and the CIs under it: 2 shown"
    first, last = scope.ticker_rows()  # the live cost/SLA ticker: the narrowed rows
    rows = {window.incidents.model.row_of(i) for i in listed_ids(window)}  # type: ignore[attr-defined]
    assert first <= min(rows) and max(rows) <= last  # type: ignore[type-var]
    # the list's own filters still apply on top
    view = window.incidents
    view.priority_box.setCurrentIndex(view.priority_box.findData("P1"))  # type: ignore[attr-defined]
    assert listed_ids(window) == [switch_head.id]
    view.priority_box.setCurrentIndex(0)  # type: ignore[attr-defined]
    # an incident raised on the robot later joins the narrowed list
    later = rig.service.raise_manual("AR-042-HMI", "touch panel dead", impact=3, urgency=2)
    rig.qt.on_tick()
    assert later.id in listed_ids(window) and other.id not in listed_ids(window)
    assert window.incidents.open_only.isChecked()  # narrowed to open incidents
    scope.show_all.click()
    assert not scope.bar.isVisibleTo(window.incidents)
    assert len(listed_ids(window)) == 4
    assert not window.incidents.open_only.isChecked()  # the list as it was


def test_open_incidents_of_a_ci_without_any_says_so(window: MainWindow, rig: Rig) -> None:
    rig.service.raise_manual(PLC, "gripper slow", impact=3, urgency=3)
    rig.qt.on_tick()
    window.selection.select("PB-101-PLC")
    window.ci_actions.actions["incidents"].trigger()
    text = "No open incidents on PB-101-PLC or the CIs under it"
    assert window.statusBar().currentMessage() == text
    scope = window.ci_incidents
    assert scope is not None and scope.scope_ci is None and len(listed_ids(window)) == 1


def test_incidents_of_cis_reads_root_cause_and_related(rig: Rig) -> None:
    first = rig.service.raise_manual(PLC, "gripper slow")
    second = rig.service.raise_manual("PB-101-PLC", "press slow")
    rig.service.add_related_ci(second.id, "AR-042-HMI")
    below = ci_and_below(rig.service.plant, "AR-042")
    assert {PLC, "AR-042-HMI"} <= below and "PB-101-PLC" not in below
    assert incidents_of_cis(rig.service.store, below) == {first.id, second.id}
    assert incidents_of_cis(rig.service.store, {"PB-101"}) == set()
    assert ci_and_below(rig.service.plant, "NOT-A-CI") == {"NOT-A-CI"}


def test_scope_proxy_contract(window: MainWindow, rig: Rig, qtmodeltester: Any) -> None:
    rig.switch_down()
    scope = window.ci_incidents
    assert isinstance(scope, CiIncidents)
    assert scope.on_show_incidents(SWITCH)
    qtmodeltester.check(scope.proxy)


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    assert i18n.install_language(qapp, "de") == "de"
    yield
    i18n.install_language(qapp, "en")


def test_raise_dialog_speaks_german(rig: Rig, qtbot: Any, german: None) -> None:
    window = MainWindow(rig.feed.service, "de", incidents=rig.qt)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.ci_actions.actions["raise"].text() == "Störfall melden"
    window.selection.select(PLC)
    window.ci_actions.actions["raise"].trigger()
    dialog = dialog_of(window)
    assert dialog.windowTitle() == "Störfall melden" and dialog.raise_button.text() == "Melden"
    assert dialog.impact_box.itemText(0) == "1 - stoppt die Produktion (Linienstopp)"
    dialog.raise_button.click()
    assert dialog.error_label.text().startswith("Ein Titel fehlt")
    window.ci_actions.on_incident_tool("incidents")
    assert window.statusBar().currentMessage().startswith("Keine offenen Störfälle an ")
    window.close()


def test_a_full_database_keeps_the_dialog_and_stores_nothing(window: MainWindow, rig: Rig) -> None:
    store = rig.service.store
    with store.read() as connection:
        pages = int(connection.exec_driver_sql("PRAGMA page_count").scalar() or 0)

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    store.engine.dispose()
    event.listen(store.engine, "connect", on_connect)
    window.selection.select(PLC)
    titles = []
    for n in range(20):  # until the disk is full (free pages take the first ones)
        window.ci_actions.actions["raise"].trigger()
        dialog = dialog_of(window)
        titles.append(f"fault {n}")
        dialog.title_edit.setText(titles[-1])
        dialog.note_edit.setPlainText("x" * 19_000)
        dialog.raise_button.click()
        if dialog.isVisible():
            break
    assert dialog.isVisible() and dialog.error_label.text().startswith("Not saved: ")
    assert "full" in dialog.error_label.text()
    assert dialog.title_edit.text() == titles[-1]  # nothing typed is lost
    stored = {h.title for h in rig.service.heads()}
    assert titles[-1] not in stored and stored == set(titles[:-1])
    with store.read() as connection:  # the store's own word, not the cache
        rows = connection.exec_driver_sql("SELECT title FROM incident_head").fetchall()
    assert {row[0] for row in rows} == stored
