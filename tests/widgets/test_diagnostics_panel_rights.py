"""The diagnostics dock follows the login's role: a viewer sees why the diagnostics are
disabled, a technician may run them; a failing first browse level is said, not an empty
tree."""

from __future__ import annotations

from typing import Any

import pytest

from app.auth import Identity
from app.diagnostics.results import Kind
from app.session import ConsoleSession
from tests.widgets.test_diagnostics_panel import StubService
from widgets.diagnostics.panel import DiagnosticsPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def identity(role: str | None) -> Identity:
    return Identity("tom", {"S1": role} if role else {}, role, "S1", True, 0)


def test_a_viewer_may_not_run_diagnostics_from_the_panel(demo_plant: Any, qtbot: Any) -> None:
    service = StubService()
    session = ConsoleSession()
    panel = DiagnosticsPanel(service, demo_plant, session=session)
    qtbot.addWidget(panel)
    panel.set_ci("AR-042-PLC")
    assert all(b.isEnabled() for b in panel.buttons.values())  # local mode: technician
    session.use_server("https://server.invalid")  # nobody logged in yet: read-only
    assert not any(b.isEnabled() for b in panel.buttons.values())
    assert "log in" in panel.buttons[Kind.PING].toolTip()
    session.set_identity(identity("viewer"))
    assert not any(b.isEnabled() for b in panel.buttons.values())
    assert "viewer" in panel.buttons[Kind.BUDGET].toolTip().lower()
    assert not panel.run(Kind.PING) and service.started == []  # the shortcut path too
    assert "technician" in panel.status.text().lower()
    session.set_identity(identity("technician"))
    assert all(b.isEnabled() for b in panel.buttons.values())
    assert panel.buttons[Kind.PROGRAM].toolTip() == ""
    assert panel.run(Kind.PING) and service.started == [(Kind.PING, "AR-042-PLC")]


def test_a_failing_first_browse_level_is_shown(demo_plant: Any, qtbot: Any) -> None:
    service = StubService()
    panel = DiagnosticsPanel(service, demo_plant)
    qtbot.addWidget(panel)
    service.fetch_children = lambda _t, _n, deliver: deliver("connection refused")
    panel.browse("AR-042-PLC")
    assert panel.browser.model.rowCount() == 0
    assert not panel.browser.status.isHidden()
    assert panel.browser.status.text() == "Browse failed: connection refused"


def test_the_window_queues_every_diagnostic_in_the_store_once_it_opens(
    rig: Any, qtbot: Any
) -> None:
    from app.diagnostics.audit import AuditRecord
    from models.store.audit import list_diagnostics
    from models.store.outbox import outbox_count
    from tests.widgets.test_diagnostics_panel import ping_run
    from widgets.main_window import MainWindow

    window = MainWindow(rig.feed.service, incidents_pending=True)
    qtbot.addWidget(window)
    audit = window.diagnostics.core.audit
    early = AuditRecord.of(ping_run())  # run before the store opened (issue 4's order)
    audit.record(early)
    assert list_diagnostics(rig.service.store) == []
    window.attach_incidents(rig.qt)
    late = AuditRecord.of(ping_run("AR-042-RC"))
    audit.record(late)
    stored = list_diagnostics(rig.service.store)
    assert {r.id for r in stored} == {early.id, late.id}
    assert outbox_count(rig.service.store)["audit"] == 2  # synced with the incidents
