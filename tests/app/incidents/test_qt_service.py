"""IncidentServiceQt: coalesced incidentsChanged, notifications and the flood banner as signals."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.incidents.auto_raise import AutoRaiser
from app.incidents.qt_service import IncidentServiceQt
from app.incidents.service import IncidentService
from tests.app.incidents.conftest import Clock
from tests.widgets.conftest import PlantFeed


def test_actions_reach_the_views_coalesced(qtbot: QtBot, service: IncidentService) -> None:
    qt = IncidentServiceQt(service)
    iid = service.raise_manual("AR-042-PLC", "stopped", impact=1, urgency=1).id
    service.acknowledge(iid)
    service.add_note(iid, "on it")
    with qtbot.wait_signal(qt.incidentsChanged) as blocker:
        qt.on_tick()
    assert blocker.args == [{iid}]
    with qtbot.assert_not_emitted(qt.incidentsChanged):
        qt.on_tick()
    qt.deleteLater()


def test_auto_raise_runs_on_the_timer_and_notifies(
    qtbot: QtBot, feed: PlantFeed, service: IncidentService, clock: Clock
) -> None:
    raiser = AutoRaiser(feed.monitor, service, settle_s=1.5)
    qt = IncidentServiceQt(service, raiser)
    feed.switch_down("SW-L3-043")
    feed.flush()
    qt.on_tick()
    clock.advance(2)
    with qtbot.wait_signal(qt.notification) as note, qtbot.wait_signal(qt.incidentsChanged):
        qt.on_tick()
    assert note.args[0].priority == "P1" and note.args[0].sound
    qt.deleteLater()
