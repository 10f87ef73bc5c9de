"""IncidentConsole: the incident views and editors of one main window, and their menu.

`MainWindow` makes one when it has an incident service. It adds the unacknowledged
P1/P2 strip under the header and an "Incidents" menu whose actions (with shortcuts)
open the editors and views; the same actions appear in the CI and incident context
menus, so everything is reachable by mouse and by keyboard.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QToolBar

from app.incidents.qt_service import IncidentServiceQt
from app.settings import Settings
from widgets.incidents.handover_view import HandoverView
from widgets.incidents.list_view import IncidentListView
from widgets.incidents.maintenance_editor import MaintenanceEditor
from widgets.incidents.problem_editor import ProblemEditor
from widgets.incidents.review_view import ReviewView
from widgets.incidents.shelve_editor import ShelveEditor
from widgets.incidents.sound import NotificationSound
from widgets.incidents.strip import IncidentStrip
from widgets.selection import CiSelection


class IncidentConsole(QObject):
    """Signals:
    openRequested(str): an incident id to show in detail
    statusMessage(str): a short message for the status bar
    """

    openRequested = Signal(str)
    statusMessage = Signal(str)

    def __init__(
        self,
        window: QMainWindow,
        incidents: IncidentServiceQt,
        selection: CiSelection,
        selected_incident: Callable[[], str | None] = lambda: None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.incidents = incidents
        self.service = incidents.service
        self.selection = selection
        self.selected_incident = selected_incident

        self.strip = IncidentStrip(incidents)
        self.strip.openRequested.connect(self.openRequested)
        self.strip_bar = QToolBar("Unacknowledged incidents")
        self.strip_bar.setObjectName("incidentStripToolBar")
        self.strip_bar.setMovable(False)
        self.strip_bar.setFloatable(False)
        self.strip_bar.toggleViewAction().setEnabled(False)
        self.strip_bar.addWidget(self.strip)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.strip_bar)
        self.strip.shownChanged.connect(self.strip_bar.setVisible)
        self.strip_bar.setVisible(self.strip.shown)

        self.actions: dict[str, QAction] = {}
        self._action("ack_top", "Ctrl+Shift+A", self.on_ack_top)
        self._action("shelve", "Ctrl+Shift+H", self.on_shelve)
        self._action("maintenance", "Ctrl+Shift+M", self.on_maintenance)
        self._action("problems", "Ctrl+Shift+O", self.on_problems)
        self._action("handover", "Ctrl+Shift+F", self.on_handover)
        self._action("review", "Ctrl+Shift+R", self.on_review)
        self.sound = NotificationSound(_sound_setting(), parent=self)
        incidents.notification.connect(self.sound.on_notification)
        sound = self._action("sound", "", lambda: None)
        sound.setCheckable(True)
        sound.setChecked(self.sound.enabled)
        sound.toggled.connect(self.sound.set_enabled)
        self.editors: dict[str, QDialog] = {}
        self.menu = QMenu(window)
        for action in self.actions.values():
            self.menu.addAction(action)
        list_view = getattr(window, "incidents", None)
        if isinstance(list_view, IncidentListView):  # the incident rows' context menu
            list_view.context_actions = [self.actions["review"], self.actions["problems"]]
        self.retranslate()

    def _action(self, key: str, shortcut: str, slot: Callable[[], object]) -> QAction:
        action = QAction(self)
        action.setObjectName(f"incidents_{key}")
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        self.actions[key] = action
        return action

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Incidents"))
        self.actions["ack_top"].setText(self.tr("&Acknowledge the top P1/P2"))
        self.actions["shelve"].setText(self.tr("&Shelve alarms of a CI…"))
        self.actions["maintenance"].setText(self.tr("&Maintenance windows…"))
        self.actions["problems"].setText(self.tr("&Problems…"))
        self.actions["handover"].setText(self.tr("Shift &handover…"))
        self.actions["sound"].setText(self.tr("Sound for new P1/P2"))
        self.actions["review"].setText(self.tr("Post-incident &review of the selected incident"))
        self.strip_bar.setWindowTitle(self.tr("Unacknowledged incidents"))

    # -- slots -----------------------------------------------------------------------

    def on_ack_top(self) -> None:
        if not self.strip.wanted():
            self.statusMessage.emit(self.tr("No unacknowledged P1/P2 incident"))
            return
        self.strip.acknowledge_first()

    def on_shelve(self) -> ShelveEditor:
        editor = self._editor("shelve", lambda: ShelveEditor(self.incidents, parent=self.window))
        assert isinstance(editor, ShelveEditor)
        if self.selection.current:
            editor.ci_box.setCurrentText(self.selection.current)
        editor.refresh()
        return editor

    def on_maintenance(self) -> MaintenanceEditor:
        ci = self.selection.current or ""
        editor = self._editor(
            "maintenance", lambda: MaintenanceEditor(self.incidents, ci, parent=self.window)
        )
        assert isinstance(editor, MaintenanceEditor)
        editor.refresh()
        return editor

    def on_problems(self) -> ProblemEditor:
        editor = self._editor(
            "problems",
            lambda: ProblemEditor(self.incidents, self.selected_incident, parent=self.window),
        )
        assert isinstance(editor, ProblemEditor)
        editor.refresh()
        return editor

    def on_handover(self) -> HandoverView:
        view = self._editor("handover", lambda: HandoverView(self.incidents, parent=self.window))
        assert isinstance(view, HandoverView)
        view.refresh()
        return view

    def on_review(self, incident_id: str | None = None) -> ReviewView | None:
        incident_id = incident_id or self.selected_incident()
        if incident_id is None:
            self.statusMessage.emit(self.tr("Review: select an incident in the list first"))
            return None
        view = self._editor(
            f"review:{incident_id}",
            lambda: ReviewView(self.incidents, incident_id, parent=self.window),
        )
        assert isinstance(view, ReviewView)
        return view

    def _editor(self, key: str, make: Callable[[], QDialog]) -> QDialog:
        """One non-modal editor of each kind, shown and raised."""
        editor = self.editors.get(key)
        if editor is None:
            editor = self.editors[key] = make()
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor


def _sound_setting() -> bool:
    """The user's "sound" setting (on when the settings cannot be read)."""
    try:
        return Settings.load()[0].sound
    except Exception:
        return True
