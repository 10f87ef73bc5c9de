"""CiActions: what an operator can do with a CI, as QActions shared by menus and shortcuts.

They always act on the shared selection. "Raise incident" (Ctrl+I) opens the raise
dialog preset with the CI, "Open incidents" narrows the incident list to the CI's open
incidents, "Shelve…" and "Plan maintenance…" open the incident editors preset with the
CI. Like the diagnostics they follow the logged-in role (`set_incident_rights`):
disabled, with the reason as tooltip, for a role that may not write them ("Open
incidents" only reads: any role), and for a console without an incident store.

Signals:
    statusMessage(str): a short message for the status bar
    trendRequested(str, str): CI id and point to add to the trend panel
    diagnosticRequested(str, str): kind ("ping", "program", "browse") and CI id
    raiseRequested(str): CI id to raise an incident on (the raise dialog, preset)
    incidentsRequested(str): CI id whose open incidents the incident list should show
    shelveRequested(str): CI id whose alarms to shelve (the shelving editor, preset)
    maintenanceRequested(str): CI id to plan a maintenance window for (the change editor)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from models.cmdb import Plant
from models.impact import ImpactAnalyzer
from widgets import i18n
from widgets.i18n import QT_TRANSLATE_NOOP
from widgets.impact_dialog import ImpactDialog
from widgets.incidents.rights import MAINTENANCE, RAISE, SHELVE
from widgets.selection import CiSelection

# Point roles that carry a number worth plotting.
TRENDABLE_ROLES = ("tag", "cycle_time")
# key: (text, shortcut, diagnostic kind, protocols it applies to); texts are translated when
# shown (`retranslate`): QT_TRANSLATE_NOOP only marks them for lupdate.
DIAGNOSTICS = {
    "diagnose": (
        QT_TRANSLATE_NOOP("CiActions", "Diagnose (Ping)"),
        "Ctrl+P",
        "ping",
        ("opcua", "modbus", "reach"),
    ),
    "program": (
        QT_TRANSLATE_NOOP("CiActions", "Program status"),
        "Ctrl+Shift+P",
        "program",
        ("opcua", "modbus"),
    ),
    "browse": (QT_TRANSLATE_NOOP("CiActions", "Browse"), "Ctrl+B", "browse", ("opcua",)),
}
IMPACT_TEXT = QT_TRANSLATE_NOOP("CiActions", "Impact analysis")
# key: (text, shortcut, what the role needs: a `ConsoleSession.may` action, None: reading).
# Shelve… and Plan maintenance… have no shortcut of their own: the Incidents menu has
# Ctrl+Shift+H / Ctrl+Shift+M for the same editors.
INCIDENT_TOOLS: dict[str, tuple[str, str, str | None]] = {
    "raise": (QT_TRANSLATE_NOOP("CiActions", "Raise incident"), "Ctrl+I", RAISE),
    "incidents": (QT_TRANSLATE_NOOP("CiActions", "Open incidents"), "", None),
    "shelve": (QT_TRANSLATE_NOOP("CiActions", "Shelve…"), "", SHELVE),
    "plan_maintenance": (QT_TRANSLATE_NOOP("CiActions", "Plan maintenance…"), "", MAINTENANCE),
}
NO_INCIDENTS = QT_TRANSLATE_NOOP("CiActions", "Not available: this console has no incident store")


class CiActions(QObject):
    statusMessage = Signal(str)
    trendRequested = Signal(str, str)
    diagnosticRequested = Signal(str, str)
    raiseRequested = Signal(str)
    incidentsRequested = Signal(str)
    shelveRequested = Signal(str)
    maintenanceRequested = Signal(str)

    def __init__(self, plant: Plant, selection: CiSelection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._plant = plant
        self._selection = selection
        self._analyzer: ImpactAnalyzer | None = None
        self.actions: dict[str, QAction] = {}
        for key, (text, shortcut, kind, _protocols) in DIAGNOSTICS.items():
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _checked=False, k=kind: self.on_diagnostic(k))
            self.actions[key] = action
        for key, (text, shortcut, _needs) in INCIDENT_TOOLS.items():
            action = QAction(text, self)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _checked=False, k=key: self.on_incident_tool(k))
            self.actions[key] = action
        impact = QAction(IMPACT_TEXT, self)
        impact.setShortcut(QKeySequence("Ctrl+Shift+I"))
        impact.triggered.connect(self.on_impact)
        self.actions["impact"] = impact
        self.last_dialog: ImpactDialog | None = None
        # None when the current role may run diagnostics, else why not (set_rights)
        self._may_diagnose: Callable[[], str | None] = lambda: None
        # ConsoleSession.may for the incident tools; None: no incident store here
        self._may_write: Callable[[str], str | None] | None = None
        selection.changed.connect(self.on_selection_changed)
        self.on_selection_changed(selection.current)
        self._source_texts = {key: action.text() for key, action in self.actions.items()}
        i18n.notifier().changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self, _lang: str = "") -> None:
        """Action texts in the current language (menu bar and context menus share them)."""
        for key, text in self._source_texts.items():
            self.actions[key].setText(QCoreApplication.translate("CiActions", text))
        self.refresh_rights()  # tooltips in the new language too

    def trendable_points(self, ci_id: str) -> list[str]:
        node = self._plant.nodes.get(ci_id)
        if node is None or not node.monitored:
            return []
        return [p.name for p in self._plant.points(ci_id) if p.role in TRENDABLE_ROLES]

    def menu_for(self, ci_id: str, parent: QWidget) -> QMenu:
        """The context menu of one CI (the caller selects the CI first)."""
        menu = QMenu(parent)
        menu.setToolTipsVisible(True)  # why a diagnostic is disabled (the role)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for key in ("diagnose", "program", "browse"):
            menu.addAction(self.actions[key])
        menu.addSeparator()
        menu.addAction(self.actions["raise"])
        menu.addAction(self.actions["incidents"])
        menu.addAction(self.actions["shelve"])
        menu.addAction(self.actions["plan_maintenance"])
        menu.addSeparator()
        trend = menu.addMenu(self.tr("Trend tag..."))
        points = self.trendable_points(ci_id)
        trend.setEnabled(bool(points))
        for point in points:
            action = trend.addAction(point)
            action.triggered.connect(
                lambda _checked=False, c=ci_id, p=point: self.trendRequested.emit(c, p)
            )
        menu.addAction(self.actions["impact"])
        return menu

    def set_rights(self, may_diagnose: Callable[[], str | None]) -> None:
        """Who may run diagnostics: `may_diagnose()` is None when the logged-in role may,
        else the reason (shown as the disabled actions' tooltip). Call `refresh_rights()`
        when the role changes."""
        self._may_diagnose = may_diagnose
        self.refresh_rights()

    def set_incident_rights(self, may: Callable[[str], str | None] | None) -> None:
        """The console has an incident store: `may(action)` (ConsoleSession.may) is None
        when the role may raise / shelve / plan maintenance, else why not. None: no store."""
        self._may_write = may
        self.refresh_rights()

    def refresh_rights(self) -> None:
        self.on_selection_changed(self._selection.current)

    def incident_tool_refused(self, key: str) -> str | None:
        """None when the incident tool `key` may be used now, else why not."""
        if self._may_write is None:
            return QCoreApplication.translate("CiActions", NO_INCIDENTS)
        needs = INCIDENT_TOOLS[key][2]
        return None if needs is None else self._may_write(needs)

    def on_selection_changed(self, ci_id: str) -> None:
        """Diagnostics apply only to CIs with an endpoint of a fitting protocol, and only
        for roles that may run them (technician and above)."""
        node = self._plant.nodes.get(ci_id)
        protocol = node.protocol if node is not None else None
        refused = self._may_diagnose()
        for key, (text, _shortcut, _kind, protocols) in DIAGNOSTICS.items():
            action = self.actions[key]
            action.setEnabled(protocol in protocols and refused is None)
            action.setToolTip(refused or QCoreApplication.translate("CiActions", text))
        for key in INCIDENT_TOOLS:
            refused = self.incident_tool_refused(key)
            action = self.actions[key]
            action.setEnabled(node is not None and refused is None)
            action.setToolTip(refused or "")  # empty: Qt shows the (translated) text

    def on_diagnostic(self, kind: str) -> None:
        refused = self._may_diagnose()
        if refused is not None:
            self.statusMessage.emit(refused)
            return
        ci_id = self._selection.current
        node = self._plant.nodes.get(ci_id) if ci_id else None
        if node is None:
            self.statusMessage.emit(self.tr("Diagnostics: select a CI first"))
            return
        if not node.monitored:
            self.statusMessage.emit(
                self.tr("%1 has no endpoint of its own: nothing to diagnose").replace("%1", ci_id)
            )
            return
        self.diagnosticRequested.emit(kind, ci_id)

    def on_incident_tool(self, key: str) -> None:
        """Raise incident / Open incidents / Shelve… / Plan maintenance… for the selected
        CI (the dialog or editor opens preset, the list narrows to it)."""
        refused = self.incident_tool_refused(key)
        if refused is not None:  # e.g. the role changed while the menu was open
            self.statusMessage.emit(refused)
            return
        ci_id = self._selection.current
        if not ci_id or ci_id not in self._plant.nodes:
            self.statusMessage.emit(self.tr("Select a CI first"))
            return
        signals = {
            "raise": self.raiseRequested,
            "incidents": self.incidentsRequested,
            "shelve": self.shelveRequested,
            "plan_maintenance": self.maintenanceRequested,
        }
        signals[key].emit(ci_id)

    def on_impact(self) -> None:
        ci_id = self._selection.current
        if not ci_id:
            self.statusMessage.emit(self.tr("Impact analysis: select a CI first"))
            return
        if self._analyzer is None:
            self._analyzer = ImpactAnalyzer(self._plant)
        impact = self._analyzer.impact_of(ci_id)
        parent = self.parent()
        if self.last_dialog is not None:
            self.last_dialog.deleteLater()
        dialog = ImpactDialog(self._plant, impact, parent if isinstance(parent, QWidget) else None)
        self.last_dialog = dialog
        dialog.open()
