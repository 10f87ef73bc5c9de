"""DiagnosticsPanel: run a diagnostic on a CI and read the result (dock of the main window).

    [AR-042-PLC]  [Ping] [Program status] [Server budget] [Cancel] [Attach to incident]
    [progress ..................]  step text / error
    Report | Browse

It receives the `DiagnosticsService` (and the console session, for the role) and
subscribes to them; it never opens a connection. Buttons are disabled while a run is
going, and for a role that may not run diagnostics (a viewer), with the reason as tip.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.diagnostics.core import Progress
from app.diagnostics.results import DiagnosticRun, Kind
from models.cmdb import Plant
from widgets.diagnostics.browse_panel import BrowsePanel
from widgets.diagnostics.report_view import ReportView
from widgets.i18n import QT_TRANSLATE_NOOP

ATTACH_PENDING = QT_TRANSLATE_NOOP(
    "DiagnosticsPanel",
    "Attach to incident needs the incident store (it is still opening, or this console "
    "runs without one)",
)
ATTACH_READY = QT_TRANSLATE_NOOP(
    "DiagnosticsPanel", "Add this report as a work note to the incident of this CI"
)


class DiagnosticsPanel(QWidget):
    def __init__(
        self,
        service: Any,
        plant: Plant | None = None,
        lang: str = "en",
        parent: QWidget | None = None,
        *,
        session: Any = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.plant = plant
        self.session = session  # `may_diagnose()` -> None or why not; `changed` signal
        self.ci_id = ""
        self.target_label = QLabel(self.tr("Select a CI, then Ping (Ctrl+P)"))
        self.target_label.setObjectName("diagnosticTarget")
        self.buttons: dict[Kind, QPushButton] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.target_label, 1)
        for kind, text in (
            (Kind.PING, self.tr("Ping")),
            (Kind.PROGRAM, self.tr("Program status")),
            (Kind.BUDGET, self.tr("Server budget")),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, k=kind: self.run(k))
            self.buttons[kind] = button
            bar.addWidget(button)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.on_cancel)
        self.attach_button = QPushButton(self.tr("Attach to incident"))
        self.attach_button.clicked.connect(self.on_attach)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.attach_button)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.status = QLabel("")
        self.status.setObjectName("diagnosticStatus")
        self.report = ReportView(lang)
        self.browser = BrowsePanel(service)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.report, self.tr("Report"))
        self.tabs.addTab(self.browser, self.tr("Browse"))
        self.tabs.currentChanged.connect(self.on_tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)

        service.busyChanged.connect(self.on_busy_changed)
        service.progress.connect(self.on_progress)
        service.finished.connect(self.on_finished)
        service.failed.connect(self.on_failed)
        service.historyChanged.connect(self.on_history_changed)
        service.attachAvailableChanged.connect(self.on_attach_available)
        self.report.runShown.connect(lambda _run: self._update_buttons())
        if session is not None:
            session.changed.connect(self._update_buttons)
        self._update_buttons()

    # -- commands (from the context menu and the buttons) ----------------------------------

    def set_ci(self, ci_id: str) -> None:
        if ci_id == self.ci_id:
            return
        self.ci_id = ci_id
        if self.browser.target and self.browser.target != ci_id:
            self.service.release_browse()  # the browse session is the tab's, of one CI
        node = self.plant.nodes.get(ci_id) if self.plant is not None else None
        endpoint = f"  {node.endpoint}" if node is not None and node.endpoint else ""
        self.target_label.setText(f"<b>{ci_id}</b>{endpoint}")
        self.report.set_runs(self.service.runs_of(ci_id))
        self._update_buttons()

    def run(self, kind: Kind, ci_id: str | None = None) -> bool:
        """Start `kind` on the CI (or the current one); False when busy or none is set."""
        if ci_id:
            self.set_ci(ci_id)
        if not self.ci_id:
            self.status.setText(self.tr("Select a CI first"))
            return False
        refused = self.refused()
        if refused is not None:
            self.status.setText(refused)
            return False
        self.tabs.setCurrentWidget(self.report)
        started: bool = self.service.start(kind, self.ci_id)
        if not started:
            self.status.setText(self.tr("A diagnostic is still running: cancel it or wait"))
        return started

    def browse(self, ci_id: str) -> None:
        self.set_ci(ci_id)
        node = self.plant.nodes.get(ci_id) if self.plant is not None else None
        self.browser.browse(ci_id, f"{ci_id} {node.endpoint}" if node is not None else ci_id)
        self.tabs.setCurrentWidget(self.browser)

    # -- slots -----------------------------------------------------------------------------

    def on_tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is not self.browser and self.browser.target:
            self.service.release_browse()

    def on_cancel(self) -> None:
        self.service.cancel()
        self.status.setText(self.tr("Cancelling…"))

    def on_attach(self) -> None:
        run = self.report.current
        if run is not None and self.service.attach(run):
            text = self.tr("Attached to the incident of %1")
            self.status.setText(text.replace("%1", run.ci_id or run.target))

    def on_attach_available(self, _available: bool) -> None:
        self._update_buttons()

    def on_busy_changed(self, busy: bool) -> None:
        if busy:
            self.progress.setRange(0, 0)
            self.status.setText(self.tr("Running…"))
        else:
            self.progress.setRange(0, 1)
            self.progress.setValue(1)
        self._update_buttons()

    def on_progress(self, progress: Progress) -> None:
        self.progress.setRange(0, progress.total)
        self.progress.setValue(progress.step)
        self.status.setText(progress.text)

    def on_finished(self, run: DiagnosticRun) -> None:
        text = self.tr("%1: %2 in %3 s").replace("%1", run.kind.value)
        self.status.setText(
            text.replace("%2", run.outcome.value).replace("%3", f"{run.duration_s:.1f}")
        )

    def on_failed(self, text: str) -> None:
        self.status.setText(text)

    def on_history_changed(self, key: str) -> None:
        if key == self.ci_id:
            self.report.set_runs(self.service.runs_of(key))

    def refused(self) -> str | None:
        """Why the current role may not run diagnostics (None: it may)."""
        if self.session is None:
            return None
        why: str | None = self.session.may_diagnose()
        return why

    def _update_buttons(self) -> None:
        busy = bool(self.service.busy)
        refused = self.refused()
        node = self.plant.nodes.get(self.ci_id) if self.plant is not None else None
        protocol = node.protocol if node is not None else None
        for kind, button in self.buttons.items():
            allowed = bool(self.ci_id) and not busy and refused is None
            if kind is Kind.PROGRAM:
                allowed = allowed and protocol in ("opcua", "modbus", None)
            if kind is Kind.BUDGET:
                allowed = allowed and protocol in ("opcua", None)
            button.setEnabled(allowed)
            button.setToolTip(refused or "")
        self.cancel_button.setEnabled(busy)
        wired = self.service.attach_to_incident is not None
        self.attach_button.setEnabled(wired and self.report.current is not None)
        self.attach_button.setToolTip(self.tr(ATTACH_READY) if wired else self.tr(ATTACH_PENDING))
