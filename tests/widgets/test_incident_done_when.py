"""Issue 5 "Done when", end to end through the real window over the demo plant.

SW-L3-043 down -> one P1 with root cause, three lines and EUR 11,400/hour ticking and
SLA clocks running; a supervisor acknowledges, assigns, marks technician on site, adds
a note, resolves (through the detail dialog's buttons); the review shows downtime and
cost; the handover report lists it; a restart (window and store closed, a new console
opened on the same store file) shows everything as it was.

One console is built here per "start" (not the `rig`/`window` fixtures, which hold the
store open for the whole test): its own feed, store, service, auto-raise and window.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from app.auth import Identity
from app.incidents.auto_raise import AutoRaiser
from app.incidents.qt_service import IncidentServiceQt
from app.incidents.service import IncidentService
from drivers.base import LinkState
from models.cmdb import Plant
from models.incidents.lifecycle import Status
from models.store import open_store
from tests.app.incidents.conftest import Clock
from tests.widgets.conftest import PlantFeed
from tests.widgets.test_incidents_detail import Answers
from tests.widgets.test_incidents_list import SWITCH, Rig
from widgets.incidents.detail import IncidentDetail
from widgets.incidents.handover_view import HandoverView
from widgets.incidents.list_model import HEAD_ROLE, Column
from widgets.incidents.list_view import IncidentListView
from widgets.incidents.prompts import NoteText, Resolution
from widgets.incidents.review_view import ReviewView
from widgets.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)
NOTE = "switch PSU dead, spare on the way"
CAUSE = "PSU of SW-L3-043 failed"


@contextlib.contextmanager
def console(plant: Plant, path: Path, clock: Clock, qtbot: Any) -> Iterator[tuple[Rig, MainWindow]]:
    """One start of the console: feed, store, incident service, auto-raise, window."""
    feed = PlantFeed(plant)
    feed.healthy()
    feed.flush()
    with open_store(path) as store:
        service = IncidentService(store, plant, user="anna", console_id="CR1", now_ms=clock)
        raiser = AutoRaiser(feed.monitor, service, settle_s=1.5)
        qt = IncidentServiceQt(service, raiser)
        window = MainWindow(feed.service, incidents=qt)
        window.show()
        qtbot.waitExposed(window)
        try:
            yield Rig(feed, clock, service, raiser, qt), window
        finally:
            window.close()  # then gone, with its dialogs and their timers, before the
            window.deleteLater()  # store closes: nothing of this start reads it any more
            qt.deleteLater()
            feed.service.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def list_view(window: MainWindow) -> IncidentListView:
    view = window.incidents
    assert isinstance(view, IncidentListView)
    return view


def open_detail(window: MainWindow, row: int = 0) -> IncidentDetail:
    """Double-click on the list row, as the supervisor would."""
    view = list_view(window)
    view.table.doubleClicked.emit(view.proxy.index(row, Column.NUMBER))
    (detail,) = window.incident_details.values()
    assert detail.isVisible()
    return detail


def cell(view: IncidentListView, column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return view.proxy.index(0, column).data(role)


def items(widget: Any) -> list[str]:
    model = widget.model()
    return [model.index(i, 0).data() for i in range(model.rowCount())]


def test_line_stop_handled_by_a_supervisor_and_still_there_after_a_restart(
    demo_plant: Plant, tmp_path: Path, qtbot: Any
) -> None:
    clock, path = Clock(), tmp_path / "console.db"
    with console(demo_plant, path, clock, qtbot) as (rig, window):
        # 1. the switch goes down: exactly one P1, root cause, 3 lines, EUR 11,400/hour
        rig.switch_down()
        view = list_view(window)
        assert view.proxy.rowCount() == 1 and len(rig.service.heads()) == 1
        head = view.proxy.index(0, Column.PRIORITY).data(HEAD_ROLE)
        assert head.priority == "P1" and head.root_ci == SWITCH
        assert head.lines == ("L3", "L4", "L5") and head.cost_per_hour == 11_400
        assert cell(view, Column.TITLE).startswith("LINE STOP — 3 lines")
        assert cell(view, Column.LINES) == "L3, L4, L5"
        assert "EUR 11,400/h " in cell(view, Column.COST, Qt.ItemDataRole.ToolTipRole)
        assert cell(view, Column.SLA) == "ack 04:58 left"  # running since the fault, 2 s ago
        cost_then = cell(view, Column.COST)
        rig.clock.advance(60)
        view.model.on_tick()  # the list's one-second ticker
        assert cell(view, Column.COST) == "EUR 196" != cost_then  # 62 s x EUR 11,400/h: ticking
        assert cell(view, Column.SLA) == "ack 03:58 left"  # and the clock runs
        assert window.header.incidents_label.text() == "P1 x1 (1 not acknowledged)"

        # 2. a supervisor handles it through the detail dialog
        window.session.use_server("http://127.0.0.1:1")  # no server process: kept fast
        window.session.set_identity(
            Identity("sam", {"*": "supervisor"}, "supervisor", None, True, 0)
        )
        detail = open_detail(window)
        assert SWITCH in detail.root_label.text()
        assert detail.lines_label.text() == "L3, L4, L5  (EUR 11,400/h)"
        assert detail.cost_label.text().startswith("EUR 196 ")
        assert "ack: 03:58 left" in detail.sla_label.text()
        answers = Answers()
        detail.prompts = answers
        answers.texts += ["max", "max"]
        answers.notes.append(NoteText(NOTE, True))
        answers.resolutions.append(Resolution(CAUSE, "second PSU on core switches", "PSU replaced"))
        detail.buttons["acknowledge"].click()
        assert detail.state.status is Status.ACKNOWLEDGED
        assert "ack: met" in detail.sla_label.text()
        assert "on site: 13:58 left" in detail.sla_label.text()
        detail.buttons["assign"].click()
        rig.clock.advance(10 * 60)
        detail.buttons["on_site"].click()
        assert "on site: met" in detail.sla_label.text()
        detail.buttons["note"].click()
        rig.clock.advance(20 * 60 - 62)  # the PSU is swapped: 30 min after the fault
        for driver in set(rig.feed.drivers.values()):  # the devices behind it reconnect
            driver.set_link_state(LinkState.CONNECTED)
        rig.feed.healthy()
        rig.feed.flush()
        rig.qt.on_tick()  # auto-raise records "recovered": the cost stops growing
        rig.clock.advance(5 * 60)
        detail.buttons["resolve"].click()
        assert not detail.error_label.isVisible(), detail.error_label.text()
        rig.qt.on_tick()
        state = rig.service.incident(head.id)
        assert state.status is Status.RESOLVED and state.root_cause == CAUSE
        assert state.assignee == "max" and detail.assignee_label.text() == "max"
        users = {e.type: e.user for e in state.timeline}
        assert users["acknowledged"] == users["resolved"] == "sam"
        assert any(NOTE in n for n in items(detail.notes))
        assert window.header.incidents_label.text() == "P1 0"

        # 3. the review shows downtime and cost; the handover lists it
        incidents = window.incident_console
        assert incidents is not None
        review = incidents.on_review(head.id)
        assert isinstance(review, ReviewView) and review.isVisible()
        assert review.downtime_label.text().startswith("30 min")
        assert review.cost_label.text().startswith("EUR 5,700")  # 0.5 h x EUR 11,400/h
        assert review.cause_edit.toPlainText() == CAUSE
        incidents.actions["handover"].trigger()
        handover = incidents.editors["handover"]
        assert isinstance(handover, HandoverView) and handover.report is not None
        assert [r.state.id for r in handover.report.happened] == [head.id]
        assert handover.report.still_open == ()
        assert state.number in handover.browser.toPlainText()
        assert "LINE STOP" in handover.browser.toPlainText()

        before = (
            rig.service.incident(head.id),
            items(detail.timeline),
            items(detail.notes),
            detail.cost_label.text(),
            review.downtime_label.text(),
            review.cost_label.text(),
        )

    # 4. a restart shows everything as it was
    rig.clock.advance(60)
    with console(demo_plant, path, clock, qtbot) as (rig, window):
        view = list_view(window)
        view.open_only.setChecked(False)  # resolved: shown once "Open only" is off
        assert view.proxy.rowCount() == 1
        assert view.proxy.index(0, Column.STATE).data() == "Resolved"
        detail = open_detail(window)
        incidents = window.incident_console
        assert incidents is not None
        review = incidents.on_review(head.id)
        assert review is not None
        after = (
            rig.service.incident(head.id),
            items(detail.timeline),
            items(detail.notes),
            detail.cost_label.text(),
            review.downtime_label.text(),
            review.cost_label.text(),
        )
        assert after == before
        assert len(rig.service.heads()) == 1  # healthy plant: nothing new raised
