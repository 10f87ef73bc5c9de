"""The diagnostics dock with a stub service (synchronous): lazy browse model, report with
raw details and history, busy state, the incident hook, and the CI context actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QObject, Qt, Signal

from app.diagnostics.results import (
    AttributeValue,
    BrowseResult,
    DiagnosticRun,
    Kind,
    LayerResult,
    NodeReading,
    NodeRef,
    Outcome,
    Phrase,
    PingResult,
    Verdict,
)
from widgets.ci_actions import CiActions
from widgets.diagnostics.browse_model import NODE_ID_ROLE, BrowseTreeModel, Column
from widgets.diagnostics.panel import ATTACH_PENDING, ATTACH_READY, DiagnosticsPanel
from widgets.main_window import MainWindow
from widgets.selection import CiSelection

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TREE = {
    "i=85": [
        NodeRef("i=2253", "0:Server", "Server", "Object", True),
        NodeRef("ns=2;s=M1", "2:M1", "M1", "Object", True),
    ],
    "ns=2;s=M1": [
        NodeRef("ns=2;s=speed", "2:speed", "speed", "Variable", False, value=1.5, status="Good"),
        NodeRef("ns=2;s=count", "2:count", "count", "Variable", False, value=7, status="Good"),
    ],
}


class StubService(QObject):
    busyChanged = Signal(bool)
    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    historyChanged = Signal(str)
    attachAvailableChanged = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.busy = False
        self.started: list[tuple[Kind, str]] = []
        self.attached: list[DiagnosticRun] = []
        self.attach_to_incident: Any = None
        self.history: dict[str, list[DiagnosticRun]] = {}
        self.pending: list[tuple[str, Any]] = []  # deliveries held back (deferred mode)
        self.defer = False
        self.cancelled = 0
        self.released = 0

    def start(self, kind: Kind, target: str, **_options: Any) -> bool:
        if self.busy:
            return False
        self.started.append((kind, target))
        self.busy = True
        self.busyChanged.emit(True)
        return True

    def finish(self, run: DiagnosticRun) -> None:
        self.busy = False
        self.busyChanged.emit(False)
        key = run.ci_id or run.target
        self.history.setdefault(key, []).insert(0, run)
        self.historyChanged.emit(key)
        self.finished.emit(run)

    def cancel(self) -> None:
        self.cancelled += 1

    def runs_of(self, key: str) -> list[DiagnosticRun]:
        return list(self.history.get(key, []))

    def attach(self, run: DiagnosticRun) -> bool:
        self.attached.append(run)
        return self.attach_to_incident is not None

    def fetch_children(self, target: str, node_id: str, deliver: Any) -> None:
        result: Any = (
            BrowseResult(node_id, tuple(TREE[node_id])) if node_id in TREE else "BadNodeIdUnknown"
        )
        if self.defer:
            self.pending.append((node_id, lambda: deliver(result)))
        else:
            deliver(result)

    def fetch_node(self, target: str, node_id: str, deliver: Any) -> None:
        deliver(NodeReading(node_id, (AttributeValue("Value", 1.5, "Good"),)))

    def release_browse(self) -> None:
        self.released += 1


def ping_run(ci: str = "AR-042-PLC") -> DiagnosticRun:
    layers = (
        LayerResult("icmp", "ICMP echo 127.0.1.1", "ok", 3, (0.1, 0.2, 0.1)),
        LayerResult("tcp", "TCP connect 127.0.1.1:4840", "ok", 3, (0.3, 0.3, 0.4)),
        LayerResult(
            "protocol", "OPC UA GetEndpoints + Read ServerStatus", "ok", 3, (2.0, 2.1, 2.2)
        ),
    )
    verdict = Verdict(
        "program_stopped",
        True,
        (
            Phrase("host_reachable"),
            Phrase("protocol_up", {"protocol": "OPC UA"}),
            Phrase("program_stopped"),
        ),
    )
    result = PingResult(ci, "opcua", layers, verdict)
    return DiagnosticRun(
        Kind.PING,
        ci,
        ci,
        "tom",
        "technician",
        datetime.now().astimezone(),
        0.4,
        Outcome.PROBLEM,
        result,
    )


def test_browse_model_loads_lazily_and_passes_the_model_tester(qtmodeltester: Any) -> None:
    service = StubService()
    model = BrowseTreeModel(lambda node, deliver: service.fetch_children("t", node, deliver))
    model.set_root("i=85")
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2
    m1 = model.index(1, 0)
    assert m1.data() == "M1" and model.hasChildren(m1) and model.rowCount(m1) == 0
    model.fetchMore(m1)
    assert model.rowCount(m1) == 2
    speed = model.index(0, Column.VALUE, m1)
    assert speed.data() == "1.5" and model.index(0, Column.STATUS, m1).data() == "Good"
    assert model.index(0, 0, m1).data(NODE_ID_ROLE) == "ns=2;s=speed"
    assert not model.hasChildren(model.index(0, 0, m1))
    server = model.index(0, 0)
    model.fetchMore(server)  # the stub answers BadNodeIdUnknown for it
    assert server.data() == "Server (browse failed)" and not model.hasChildren(server)
    assert "BadNodeIdUnknown" in server.data(Qt.ItemDataRole.ToolTipRole)
    qtmodeltester.check(model)


def test_browse_model_drops_replies_for_a_reset_tree(qtmodeltester: Any) -> None:
    service = StubService()
    service.defer = True
    model = BrowseTreeModel(lambda node, deliver: service.fetch_children("t", node, deliver))
    model.fetchMore(QModelIndex())
    model.set_root("i=85")  # a new target before the first answer came
    service.pending[0][1]()
    assert model.rowCount() == 0
    model.fetchMore(QModelIndex())
    service.pending[1][1]()
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_panel_runs_shows_report_raw_history_and_attaches(demo_plant: Any, qtbot: Any) -> None:
    service = StubService()
    panel = DiagnosticsPanel(service, demo_plant)
    qtbot.addWidget(panel)
    assert not panel.buttons[Kind.PING].isEnabled()  # no CI yet
    assert panel.run(Kind.PING, "AR-042-PLC")
    assert service.started == [(Kind.PING, "AR-042-PLC")]
    assert not panel.buttons[Kind.PING].isEnabled() and panel.cancel_button.isEnabled()
    panel.cancel_button.click()
    assert service.cancelled == 1
    service.finish(ping_run())
    assert panel.buttons[Kind.PING].isEnabled() and not panel.cancel_button.isEnabled()
    text = panel.report.text.toPlainText()
    assert "host reachable, OPC UA up, program STOPPED" in text and "ICMP echo" in text
    assert panel.report.history.count() == 1
    assert not panel.report.raw.isVisible()
    panel.report.raw_toggle.click()
    assert '"verdict"' in panel.report.raw.toPlainText()
    assert not panel.attach_button.isEnabled()
    assert panel.attach_button.toolTip() == ATTACH_PENDING
    service.attach_to_incident = lambda note: None
    service.attachAvailableChanged.emit(True)
    assert panel.attach_button.isEnabled() and panel.attach_button.toolTip() == ATTACH_READY
    panel.attach_button.click()
    assert service.attached and service.attached[0].ci_id == "AR-042-PLC"
    service.finish(ping_run())
    assert panel.report.history.count() == 2
    panel.set_ci("AR-042-RC")
    assert panel.report.history.count() == 0 and not panel.buttons[Kind.BUDGET].isEnabled()
    panel.browse("AR-042-PLC")
    assert panel.tabs.currentWidget() is panel.browser
    assert panel.browser.model.rowCount() == 2
    panel.browser.view.setCurrentIndex(panel.browser.model.index(1, 0))
    assert panel.browser.attributes.item(0, 1).text() == "ns=2;s=M1"


def test_context_actions_request_diagnostics(demo_plant: Any, qapp: Any) -> None:
    selection = CiSelection()
    actions = CiActions(demo_plant, selection)
    asked: list[tuple[str, str]] = []
    actions.diagnosticRequested.connect(lambda kind, ci: asked.append((kind, ci)))
    assert actions.actions["diagnose"].shortcut().toString() == "Ctrl+P"
    assert actions.actions["program"].shortcut().toString() == "Ctrl+Shift+P"
    assert actions.actions["browse"].shortcut().toString() == "Ctrl+B"
    selection.select("AR-042-PLC")
    for key in ("diagnose", "program", "browse"):
        actions.actions[key].trigger()
    assert asked == [("ping", "AR-042-PLC"), ("program", "AR-042-PLC"), ("browse", "AR-042-PLC")]
    selection.select("AR-042-RC")
    assert not actions.actions["browse"].isEnabled() and actions.actions["program"].isEnabled()
    selection.select("AR-042-HMI")
    assert actions.actions["diagnose"].isEnabled() and not actions.actions["program"].isEnabled()


def test_main_window_docks_diagnostics_and_wires_the_menu(plant_feed: Any, qtbot: Any) -> None:
    service = StubService()
    window = MainWindow(plant_feed.service, diagnostics=service)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    window.selection.select("AR-042-PLC")
    window.ci_actions.actions["program"].trigger()
    assert service.started == [(Kind.PROGRAM, "AR-042-PLC")]
    assert window.docks["diagnostics"].isVisible()
    window.close()
