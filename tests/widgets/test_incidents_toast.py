"""Issue 5: the toast of a new P1/P2 - whom it is for, acknowledge or dismiss by role,
routing by the login's role, sound with it, and money in the console's language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.auth import Identity
from app.incidents.notify import NEW, Notification
from models.incidents.events import new_event
from models.incidents.hlc import HlcClock
from models.store.incident_repo import load_events, load_incident
from tests.widgets.test_incidents_list import Rig
from widgets import i18n
from widgets.incidents.toast import IncidentToast, audience_text
from widgets.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)
DEMO_ROLES = "for: Production manager, Plant IT, Robot maintenance, Shift supervisor"


def toast_of(window: MainWindow) -> IncidentToast:
    toast = window.incident_toast
    assert toast is not None
    return toast


def log_in(window: MainWindow, user: str, role: str) -> None:
    window.session.set_identity(Identity(user, {"*": role}, role, None, True, 0))


def event_types(rig: Rig, incident_id: str) -> list[str]:
    state = load_incident(rig.service.store, incident_id, rig.service.context)
    return [entry.type for entry in state.timeline]


def test_toast_names_whom_it_is_for_and_acknowledges(window: MainWindow, rig: Rig) -> None:
    rig.switch_down()
    toast = toast_of(window)
    assert toast.isVisible() and toast.audience.isVisibleTo(toast)
    assert toast.audience.text() == DEMO_ROLES  # in view, not a tooltip
    assert toast.ack_button.isVisibleTo(toast) and not toast.dismiss_button.isVisibleTo(toast)
    (head,) = rig.service.heads()
    toast.ack_button.click()
    assert not toast.isVisible()
    state = load_incident(rig.service.store, head.id, rig.service.context)
    assert state.acknowledged_at_ms is not None and state.status.value == "acknowledged"
    assert state.timeline[-1].type == "acknowledged" and state.timeline[-1].user == "anna"
    rig.qt.on_tick()
    assert window.header.incidents_label.text() == "P1 x1"  # the strip's line is gone too


def test_a_viewer_gets_dismiss_which_writes_nothing(window: MainWindow, rig: Rig) -> None:
    window.session.use_server("http://127.0.0.1:1")
    log_in(window, "vera", "viewer")
    rig.switch_down()
    toast = toast_of(window)
    assert toast.isVisible()  # the demo's rules name job roles: everyone sees it
    assert not toast.ack_button.isVisibleTo(toast) and toast.dismiss_button.isVisibleTo(toast)
    assert "vera is logged in as viewer" in toast.dismiss_button.toolTip()
    (head,) = rig.service.heads()
    before = event_types(rig, head.id)
    toast.dismiss_button.click()
    assert not toast.isVisible()
    assert event_types(rig, head.id) == before == ["created"]
    assert load_incident(rig.service.store, head.id, rig.service.context).status.value == "new"


def test_role_change_while_shown_swaps_the_action(window: MainWindow, rig: Rig) -> None:
    rig.switch_down()
    toast = toast_of(window)
    window.session.use_server("http://127.0.0.1:1")
    log_in(window, "vera", "viewer")
    assert toast.dismiss_button.isVisibleTo(toast) and not toast.ack_button.isVisibleTo(toast)
    assert not toast.on_acknowledge()  # a path past the hidden button: refused, said
    assert "viewer" in toast.error_label.text() and toast.isVisible()
    log_in(window, "tina", "technician")
    assert toast.dismiss_button.isVisibleTo(toast)  # after a refusal: [Dismiss] to close it


def test_acknowledged_elsewhere_the_toast_goes(window: MainWindow, rig: Rig) -> None:
    rig.switch_down()
    toast = toast_of(window)
    (head,) = rig.service.heads()
    rig.service.acknowledge(head.id)  # the strip, the list, or another console
    assert toast.isVisible()
    rig.qt.on_tick()
    assert not toast.isVisible()


def test_the_final_number_replaces_the_temporary_one_while_shown(
    window: MainWindow, rig: Rig
) -> None:
    rig.switch_down()
    toast = toast_of(window)
    (head,) = rig.service.heads()
    assert "L3-tmp-1" in toast.label.text()
    server = HlcClock()
    server.observe(max(e.hlc for e in load_events(rig.service.store, head.id)))
    assigned = new_event(
        server,
        incident_id=head.id,
        type="number_assigned",
        payload={"number": "INC-000001"},
        console_id="SERVER",
        user="system",
    )
    rig.service.apply_remote([assigned], None)  # the server's number arrives by sync
    rig.qt.on_tick()
    assert toast.isVisible() and "INC-000001" in toast.label.text()
    assert "L3-tmp-1" not in toast.label.text()


def test_already_acknowledged_says_why_and_offers_dismiss(window: MainWindow, rig: Rig) -> None:
    rig.switch_down()
    toast = toast_of(window)
    (head,) = rig.service.heads()
    rig.service.acknowledge(head.id)  # before the next tick tells the toast
    assert not toast.on_acknowledge()
    assert "cannot acknowledge" in toast.error_label.text()
    assert toast.dismiss_button.isVisibleTo(toast) and not toast.ack_button.isVisibleTo(toast)
    assert event_types(rig, head.id).count("acknowledged") == 1


def p1(roles: tuple[str, ...], incident_id: str = "0190-x") -> Notification:
    return Notification(NEW, 0, incident_id, "L3-tmp-9", "LINE STOP", "P1", roles, True)


def test_routing_by_login_role_and_the_sound_follows(window: MainWindow, rig: Rig) -> None:
    toast = toast_of(window)
    console = window.incident_console
    assert console is not None
    played: list[int] = []
    console.sound.player = lambda: played.append(1)
    window.session.use_server("http://127.0.0.1:1")
    log_in(window, "tina", "technician")
    rig.qt.notification.emit(p1(("supervisor", "admin")))  # login roles only: routed
    assert not toast.isVisible() and played == []
    log_in(window, "sam", "supervisor")
    rig.qt.notification.emit(p1(("supervisor", "admin")))
    assert toast.isVisible() and played == [1]
    assert toast.audience.text() == "for: supervisor, admin"
    toast.on_dismiss()
    log_in(window, "tina", "technician")  # a job role named: everyone, told whom for
    rig.qt.notification.emit(p1(("shift_supervisor", "supervisor")))
    assert toast.isVisible() and played == [1, 1]
    assert toast.audience.text() == "for: Shift supervisor, supervisor"
    toast.on_dismiss()
    rig.qt.notification.emit(p1(()))  # no notify rule for the area
    assert toast.audience.text() == "for: everyone (no notify rule for this area)"


def test_local_console_shows_routed_notifications(window: MainWindow, rig: Rig) -> None:
    toast = toast_of(window)
    rig.qt.notification.emit(p1(("admin",)))  # local mode: no login to route by
    assert toast.isVisible()


def test_audience_text_keeps_acronyms() -> None:
    assert audience_text(("plant_it", "ot_security", "robot_maintenance")) == (
        "Plant IT, OT security, Robot maintenance"
    )


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    assert i18n.install_language(qapp, "de") == "de"
    yield
    i18n.install_language(qapp, "en")


def test_toast_and_strip_money_in_german(rig: Rig, qtbot: Any, german: None) -> None:
    window = MainWindow(rig.feed.service, "de", incidents=rig.qt)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    rig.switch_down()
    toast = toast_of(window)
    assert "EUR 11.400/h" in toast.label.text() and "NEU P1" in toast.label.text()
    assert toast.audience.text().startswith("für: Production manager, Plant IT")
    assert toast.ack_button.text() == "Quittieren"
    console = window.incident_console
    assert console is not None
    (row,) = console.strip.rows.values()
    rig.clock.advance(3600)  # an hour of a stop of three lines
    console.strip.on_tick()
    cost = rig.service.cost(rig.service.incident(row.incident_id)).cost_eur
    assert cost >= 1000  # so that the thousands separator shows
    assert row.cost.text() == f"bisher EUR {cost:,.0f}".replace(",", ".")
    window.close()
