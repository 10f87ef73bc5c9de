"""MainWindow: header, machine tree, topology, details, incidents, trends and diagnostics
(UI.md layout).

Docks around the topology view carry the splitters; their sizes, visibility and
the window geometry are saved per user (`layout_store`) and restored.

Signals:
    closed(): the window was closed (the launcher then shuts the monitor down)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QByteArray, QEvent, Qt, Signal, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QWidget,
)

from app import __version__
from app.diagnostics.audit import FanoutSink, JsonlSink, StoreQueueSink
from app.diagnostics.core import DiagnosticsCore
from app.diagnostics.results import Kind
from app.diagnostics.service import DiagnosticsService
from app.diagnostics.target import default_pki_dir
from app.incidents.attach import DiagnosticAttacher
from app.monitor.service import HealthMonitorService
from app.session import ConsoleSession, LoginPlan
from widgets.ci_actions import CiActions
from widgets.crash import copy_diagnostics
from widgets.details_panel import DetailsPanel
from widgets.diagnostics.panel import DiagnosticsPanel
from widgets.header_bar import HeaderBar
from widgets.layout_store import forget_layout, restore_layout, save_layout
from widgets.login_dialog import LoginController
from widgets.machine_tree import MachineTree
from widgets.selection import CiSelection
from widgets.settings_dialog import open_settings, plant_password_refs
from widgets.status_bar import ConsoleStatusBar
from widgets.topology import TopologyView
from widgets.tree_model import MachineTreeModel
from widgets.trends import TrendPanel

if TYPE_CHECKING:  # the incident store (SQLAlchemy, alembic) loads with the launcher's store
    from app.incidents.qt_service import IncidentServiceQt
    from widgets.incidents.ci_incidents import CiIncidents
    from widgets.incidents.console import IncidentConsole
    from widgets.incidents.detail import IncidentDetail
    from widgets.incidents.toast import IncidentToast

Area = Qt.DockWidgetArea


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(
        self,
        service: HealthMonitorService,
        lang: str = "en",
        parent: QWidget | None = None,
        *,
        diagnostics: DiagnosticsService | None = None,
        incidents: IncidentServiceQt | None = None,
        incidents_pending: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"PlantConsole - {service.plant.source.site.name}")
        self.service = service
        self.selection = CiSelection(self)
        # Who is logged in and what their role allows (local mode until start_session).
        self.session = ConsoleSession(self)
        self.login = LoginController(self.session, self)
        self.ci_actions = CiActions(service.plant, self.selection, self)
        self.ci_actions.set_rights(self.session.may_diagnose)
        self.tree_model = MachineTreeModel(service, lang, self)
        self.header = HeaderBar(service)
        self.tree = MachineTree(self.tree_model, self.selection, self.ci_actions)
        self.topology = TopologyView(service, self.selection)
        self.details = DetailsPanel(service, self.selection, lang)
        self.trends = TrendPanel(service)
        self.incident_service: IncidentServiceQt | None = None
        self.incident_details: dict[str, IncidentDetail] = {}
        # The incident store opens after the window shows (issue 4): until `attach_incidents`
        # the panel says it is loading; without a store at all, that there is none.
        placeholder = QLabel(
            self.tr("Incidents: loading…")
            if incidents_pending
            else self.tr("Incidents: no incident store in this console")
        )
        placeholder.setObjectName("incidentsPlaceholder")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.incidents: QWidget = placeholder
        # Diagnostics are audited locally and, once the incident store opens, in its outbox.
        self.diagnostics_audit = StoreQueueSink()
        self.diagnostics = diagnostics or DiagnosticsService(
            DiagnosticsCore(
                monitor=service.monitor,
                audit=FanoutSink(JsonlSink(), self.diagnostics_audit),
                pki_dir=default_pki_dir(),
                role=self.session.role,
                user=self.session.user,
            ),
            lang,
            self,
        )
        self.diagnostics_panel = DiagnosticsPanel(
            self.diagnostics, service.plant, lang, session=self.session
        )
        status_bar = ConsoleStatusBar(service)
        status_bar.attach_session(self.session, self.login.login_action)
        self.setStatusBar(status_bar)

        header_bar = QToolBar(self.tr("Header"))
        header_bar.setObjectName("headerToolBar")
        header_bar.setMovable(False)
        header_bar.setFloatable(False)
        header_bar.toggleViewAction().setEnabled(False)
        header_bar.addWidget(self.header)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, header_bar)
        self.setCentralWidget(self.topology)
        self.setCorner(Qt.Corner.BottomLeftCorner, Area.BottomDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Area.BottomDockWidgetArea)
        self.docks = {
            "tree": self._dock("Machine tree", self.tree, Area.LeftDockWidgetArea),
            "details": self._dock("Details", self.details, Area.RightDockWidgetArea),
            "incidents": self._dock("Incidents", self.incidents, Area.BottomDockWidgetArea),
            "trends": self._dock("Trends", self.trends, Area.BottomDockWidgetArea),
            "diagnostics": self._dock(
                "Diagnostics", self.diagnostics_panel, Area.BottomDockWidgetArea
            ),
        }
        self.tabifyDockWidget(self.docks["incidents"], self.docks["trends"])
        self.tabifyDockWidget(self.docks["trends"], self.docks["diagnostics"])
        self._first_run_layout()
        self._default_state: QByteArray = self.saveState()
        self._build_menus()

        self.topology.ciActivated.connect(self.on_ci_activated)
        self.ci_actions.trendRequested.connect(self.on_trend_requested)
        self.ci_actions.statusMessage.connect(self.on_status_message)
        self.ci_actions.diagnosticRequested.connect(self.on_diagnostic_requested)
        self.login.statusMessage.connect(self.on_status_message)
        self.session.changed.connect(self.on_session_changed)
        self.selection.changed.connect(self.on_selection_for_diagnostics)
        self.incident_toast: IncidentToast | None = None
        self.incident_console: IncidentConsole | None = None
        self.ci_incidents: CiIncidents | None = None
        if incidents is not None:
            self.attach_incidents(incidents)
        self.first_run = not restore_layout(self)

    # -- construction --------------------------------------------------------------

    def _dock(self, title: str, widget: QWidget, area: Area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock:{title}")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def attach_incidents(self, incidents: IncidentServiceQt) -> None:
        """The incident store is open: its list replaces the placeholder, and the header,
        menus, toast and CI actions follow it (once; the launcher calls it after show)."""
        # The incident widgets load with an incident store (their service needs it anyway).
        from widgets.incidents.ci_incidents import CiIncidents
        from widgets.incidents.console import IncidentConsole
        from widgets.incidents.list_view import IncidentListView
        from widgets.incidents.toast import IncidentToast

        if self.incident_service is not None:
            raise RuntimeError("incidents are already attached")
        self.incident_service = incidents
        placeholder, self.incidents = self.incidents, IncidentListView(incidents)
        self.docks["incidents"].setWidget(self.incidents)
        placeholder.deleteLater()
        self.header.set_incidents(incidents)
        # "Attach to incident" in the diagnostics panel: audited, then a work note.
        self.diagnostics.attach_to_incident = DiagnosticAttacher(incidents.service)
        self.diagnostics_audit.open(incidents.service.store)
        self.incident_toast = IncidentToast(self.topology, incidents)
        self.incident_toast.set_audience(self.notified_role)
        incidents.notification.connect(self.incident_toast.on_notification)
        self.incident_toast.openRequested.connect(self.on_open_incident)
        assert isinstance(self.incidents, IncidentListView)
        self.incidents.openRequested.connect(self.on_open_incident)
        # Strip of unacknowledged P1/P2, the Incidents menu, editors and views.
        console = IncidentConsole(self, incidents, self.selection, self.incidents.current_id)
        console.openRequested.connect(self.on_open_incident)
        console.statusMessage.connect(self.on_status_message)
        self.menuBar().insertMenu(self.view_menu.menuAction(), console.menu)
        self.incident_console = console
        # What writes follows the role: the strip's [Ack], the editors, the CI menu's
        # Shelve… / Plan maintenance… (which open the editors preset with the CI).
        console.set_rights(self.session.may)
        self.ci_actions.set_incident_rights(self.session.may)
        self.ci_actions.shelveRequested.connect(console.on_shelve)
        self.ci_actions.maintenanceRequested.connect(console.on_maintenance)
        # The toast acknowledges for a role that may; its sound plays for what it shows
        # (routed by the login's role), not for every notification.
        self.incident_toast.set_rights(self.session.may)
        incidents.notification.disconnect(console.sound.on_notification)
        self.incident_toast.announced.connect(console.sound.on_notification)
        # The CI menu's Raise incident (Ctrl+I) and Open incidents.
        self.ci_incidents = CiIncidents(incidents, self.incidents, self)
        self.ci_incidents.set_rights(self.session.may)
        self.ci_incidents.openRequested.connect(self.on_open_incident)
        self.ci_incidents.statusMessage.connect(self.on_status_message)
        self.ci_actions.raiseRequested.connect(self.ci_incidents.on_raise)
        self.ci_actions.incidentsRequested.connect(self.ci_incidents.on_show_incidents)
        identity = self.session.identity
        if identity is not None:  # a login that came first: its user writes the events
            incidents.service.user = identity.user

    def _first_run_layout(self) -> None:
        """Fits a 1366x768 plant PC; uses a 1920x1080 control-room screen well.

        The screen is looked up through QGuiApplication, not `self.screen()`: PySide6 6.11
        ties the QScreen it returns to this window, and once two windows had asked, freeing
        them deleted the application's screen (the next QIcon or window segfaulted)."""
        where = self.frameGeometry().center()
        on = QGuiApplication.screenAt(where) or QGuiApplication.primaryScreen()
        screen = on.availableGeometry()
        width, height = min(screen.width(), 1920), min(screen.height(), 1080)
        self.resize(width, height)
        self.move(screen.topLeft())
        sides = [self.docks["tree"], self.docks["details"]]
        self.resizeDocks(sides, [width * 36 // 100, width * 22 // 100], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["incidents"]], [height * 16 // 100], Qt.Orientation.Vertical)
        self.docks["incidents"].raise_()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.settings_action = self.file_menu.addAction("")
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.triggered.connect(self.on_settings)
        self.file_menu.addAction(self.login.login_action)
        self.file_menu.addAction(self.login.logout_action)
        self.file_menu.addSeparator()
        self.quit_action = self.file_menu.addAction("")
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.ci_menu = bar.addMenu("")
        self.ci_menu.setToolTipsVisible(True)  # why a diagnostic is disabled (the role)
        for action in self.ci_actions.actions.values():
            self.ci_menu.addAction(action)
        self.view_menu = bar.addMenu("")
        for dock in self.docks.values():
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.on_find)
        self.view_menu.addAction(self.find_action)
        self.reset_action = self.view_menu.addAction("")
        self.reset_action.triggered.connect(self.on_reset_layout)
        self.help_menu = bar.addMenu("")
        self.diagnostics_action = self.help_menu.addAction("")
        self.diagnostics_action.triggered.connect(self.on_copy_diagnostics)
        self.about_action = self.help_menu.addAction("")
        self.about_action.triggered.connect(self.on_about)
        self.retranslate()

    def retranslate(self) -> None:
        """Menu and dock titles in the current language (also on a live language switch)."""
        self.file_menu.setTitle(self.tr("&File"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.ci_menu.setTitle(self.tr("&CI"))
        self.view_menu.setTitle(self.tr("&View"))
        self.find_action.setText(self.tr("Find CI"))
        self.reset_action.setText(self.tr("Reset layout"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.diagnostics_action.setText(self.tr("Copy &diagnostics"))
        self.about_action.setText(self.tr("&About PlantConsole"))
        titles = {
            "tree": self.tr("Machine tree"),
            "details": self.tr("Details"),
            "incidents": self.tr("Incidents"),
            "trends": self.tr("Trends"),
            "diagnostics": self.tr("Diagnostics"),
        }
        for key, title in titles.items():
            if key in self.docks:
                self.docks[key].setWindowTitle(title)
        if getattr(self, "incident_console", None) is not None:
            self.incident_console.retranslate()  # type: ignore[union-attr]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "about_action"):
            self.retranslate()
        super().changeEvent(event)

    # -- slots ---------------------------------------------------------------------

    def on_ci_activated(self, ci_id: str) -> None:
        self.selection.select(ci_id)
        self.docks["tree"].show()
        self.tree.reveal(ci_id)

    def on_trend_requested(self, ci_id: str, point: str) -> None:
        self.trends.add_tag(ci_id, point)
        self.docks["trends"].show()
        self.docks["trends"].raise_()

    def on_diagnostic_requested(self, kind: str, ci_id: str) -> None:
        if kind == "browse":
            self.diagnostics_panel.browse(ci_id)
        else:
            self.diagnostics_panel.run(Kind(kind), ci_id)
        self.docks["diagnostics"].show()
        self.docks["diagnostics"].raise_()

    def on_selection_for_diagnostics(self, ci_id: str) -> None:
        if ci_id and not self.diagnostics.busy:
            self.diagnostics_panel.set_ci(ci_id)

    def on_open_incident(self, incident_id: str) -> None:
        """Show an incident's detail (one non-modal dialog per incident)."""
        if self.incident_service is None:
            return
        detail = self.incident_details.get(incident_id)
        if detail is None:
            from widgets.incidents.detail import IncidentDetail

            try:
                detail = IncidentDetail(self.incident_service, incident_id, self.selection, self)
            except KeyError:
                text = self.tr("Incident %1 is not in the store")
                self.on_status_message(text.replace("%1", incident_id))
                return
            detail.rights = self.session.may  # buttons the role may not use: disabled
            detail.refresh()
            detail.ciRequested.connect(self.on_ci_activated)
            detail.finished.connect(lambda _code: self._forget_detail(incident_id))
            self.incident_details[incident_id] = detail
        detail.show()
        detail.raise_()
        detail.activateWindow()

    def _forget_detail(self, incident_id: str) -> None:
        detail = self.incident_details.pop(incident_id, None)
        if detail is not None:
            detail.deleteLater()

    def on_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def on_find(self) -> None:
        self.docks["tree"].show()
        self.tree.filter_edit.setFocus()
        self.tree.filter_edit.selectAll()

    def on_reset_layout(self) -> None:
        forget_layout()
        self.restoreState(self._default_state)
        for dock in self.docks.values():
            dock.show()
        self._first_run_layout()

    def start_session(self, plan: LoginPlan) -> None:
        """Log in at the central server of `plan` (the dialog, or the demo's own login)."""
        self.login.start(plan)

    def on_session_changed(self) -> None:
        """The role changed: diagnostics and incident actions follow it; incident events
        are written as the logged-in user."""
        self.ci_actions.refresh_rights()
        identity = self.session.identity
        if identity is not None and self.incident_service is not None:
            self.incident_service.service.user = identity.user
        for detail in self.incident_details.values():
            detail.refresh()
        if self.incident_console is not None:
            self.incident_console.refresh_rights()
        if self.incident_toast is not None:
            self.incident_toast.refresh_rights()
        if self.ci_incidents is not None:
            self.ci_incidents.refresh_rights()

    def notified_role(self) -> str | None:
        """The login's role for routing notifications (None: local mode, no login)."""
        return None if self.session.local else self.session.role()

    def on_settings(self) -> None:
        open_settings(self, plant_password_refs(self.service.plant))

    def on_copy_diagnostics(self) -> None:
        copy_diagnostics(self)

    def on_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About PlantConsole"),
            f"<b>PlantConsole {__version__}</b><br>"
            + self.tr("OT service management console for the shop floor.")
            + f"<br>PySide6 {PySide6.__version__}, Qt {qVersion()}",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.diagnostics.cancel()
        self.login.close()
        save_layout(self)
        super().closeEvent(event)
        self.closed.emit()
