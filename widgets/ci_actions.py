"""CiActions: what an operator can do with a CI, as QActions shared by menus and shortcuts.

They always act on the shared selection. Later issues (incidents) fill in the ones
that only say "not available yet" today.

Signals:
    statusMessage(str): a short message for the status bar
    trendRequested(str, str): CI id and point to add to the trend panel
    diagnosticRequested(str, str): kind ("ping", "program", "browse") and CI id
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from models.cmdb import Plant
from models.impact import ImpactAnalyzer
from widgets.impact_dialog import ImpactDialog
from widgets.selection import CiSelection

# Point roles that carry a number worth plotting.
TRENDABLE_ROLES = ("tag", "cycle_time")
# key: (text, shortcut, diagnostic kind, protocols it applies to)
DIAGNOSTICS = {
    "diagnose": ("Diagnose (Ping)", "Ctrl+P", "ping", ("opcua", "modbus", "reach")),
    "program": ("Program status", "Ctrl+Shift+P", "program", ("opcua", "modbus")),
    "browse": ("Browse", "Ctrl+B", "browse", ("opcua",)),
}
PENDING = {
    "raise": ("Raise incident", "Ctrl+I", "the incidents issue"),
    "incidents": ("Open incidents", "", "the incidents issue"),
}


class CiActions(QObject):
    statusMessage = Signal(str)
    trendRequested = Signal(str, str)
    diagnosticRequested = Signal(str, str)

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
        for key, (text, shortcut, comes_with) in PENDING.items():
            action = QAction(text, self)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(
                lambda _checked=False, t=text, w=comes_with: self.on_pending(t, w)
            )
            self.actions[key] = action
        impact = QAction("Impact analysis", self)
        impact.setShortcut(QKeySequence("Ctrl+Shift+I"))
        impact.triggered.connect(self.on_impact)
        self.actions["impact"] = impact
        self.last_dialog: ImpactDialog | None = None
        selection.changed.connect(self.on_selection_changed)
        self.on_selection_changed(selection.current)

    def trendable_points(self, ci_id: str) -> list[str]:
        node = self._plant.nodes.get(ci_id)
        if node is None or not node.monitored:
            return []
        return [p.name for p in self._plant.points(ci_id) if p.role in TRENDABLE_ROLES]

    def menu_for(self, ci_id: str, parent: QWidget) -> QMenu:
        """The context menu of one CI (the caller selects the CI first)."""
        menu = QMenu(parent)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for key in ("diagnose", "program", "browse"):
            menu.addAction(self.actions[key])
        menu.addSeparator()
        menu.addAction(self.actions["raise"])
        menu.addAction(self.actions["incidents"])
        menu.addSeparator()
        trend = menu.addMenu("Trend tag...")
        points = self.trendable_points(ci_id)
        trend.setEnabled(bool(points))
        for point in points:
            action = trend.addAction(point)
            action.triggered.connect(
                lambda _checked=False, c=ci_id, p=point: self.trendRequested.emit(c, p)
            )
        menu.addAction(self.actions["impact"])
        return menu

    def on_selection_changed(self, ci_id: str) -> None:
        """Diagnostics apply only to CIs with an endpoint of a fitting protocol."""
        node = self._plant.nodes.get(ci_id)
        protocol = node.protocol if node is not None else None
        for key, (_text, _shortcut, _kind, protocols) in DIAGNOSTICS.items():
            self.actions[key].setEnabled(protocol in protocols)

    def on_diagnostic(self, kind: str) -> None:
        ci_id = self._selection.current
        node = self._plant.nodes.get(ci_id) if ci_id else None
        if node is None:
            self.statusMessage.emit("Diagnostics: select a CI first")
            return
        if not node.monitored:
            self.statusMessage.emit(f"{ci_id} has no endpoint of its own: nothing to diagnose")
            return
        self.diagnosticRequested.emit(kind, ci_id)

    def on_pending(self, text: str, comes_with: str) -> None:
        ci_id = self._selection.current or "no CI selected"
        self.statusMessage.emit(
            f"{text} ({ci_id}) is not available yet: it comes with {comes_with}"
        )

    def on_impact(self) -> None:
        ci_id = self._selection.current
        if not ci_id:
            self.statusMessage.emit("Impact analysis: select a CI first")
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
