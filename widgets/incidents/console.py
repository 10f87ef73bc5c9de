"""IncidentConsole: the incident views and editors of one main window, and their menu.

`MainWindow` makes one when it has an incident service. It adds the unacknowledged
P1/P2 strip under the header and an "Incidents" menu whose actions (with shortcuts)
open the editors and views; the same actions appear in the CI and incident context
menus, so everything is reachable by mouse and by keyboard.

What writes follows the logged-in role (`set_rights(ConsoleSession.may)`, and
`refresh_rights()` when the session changes): "Acknowledge the top P1/P2", the strip's
[Ack] and the editors' write buttons are disabled for a role the server would refuse,
with the reason as tooltip. The editors and views still open: reading is for everyone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QToolBar

from app.incidents.qt_service import IncidentServiceQt
from app.settings import Settings
from widgets.incidents.handover_view import HandoverView
from widgets.incidents.list_view import IncidentListView
from widgets.incidents.maintenance_editor import MaintenanceEditor
from widgets.incidents.problem_editor import ProblemEditor
from widgets.incidents.review_view import ReviewView
from widgets.incidents.rights import ACKNOWLEDGE, Gated, Rights, allow_all, gate
from widgets.incidents.shelve_editor import ShelveEditor
from widgets.incidents.sound import NotificationSound
from widgets.incidents.strip import IncidentStrip
from widgets.live_settings import change_settings, live_settings
from widgets.selection import CiSelection

log = logging.getLogger("plantconsole.incidents")


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
        self.rights: Rights = allow_all  # set_rights: the window's ConsoleSession.may

        self.strip = IncidentStrip(incidents)
        self.strip.openRequested.connect(self.openRequested)
        self.strip_bar = QToolBar("Unacknowledged incidents")
        self.strip_bar.setObjectName("incidentStripToolBar")
        self.strip_bar.setMovable(False)
        self.strip_bar.setFloatable(False)
        self.strip_bar.toggleViewAction().setEnabled(False)
        # A tool bar shows its widget through this action: a hidden action also disables
        # the widget (the strip was added hidden: its rows and [Ack] stayed unusable).
        self.strip_action = self.strip_bar.addWidget(self.strip)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.strip_bar)
        self.strip.shownChanged.connect(self.on_strip_shown)
        self.on_strip_shown(self.strip.shown)

        self.actions: dict[str, QAction] = {}
        self._action("ack_top", "Ctrl+Shift+A", self.on_ack_top)
        self._action("shelve", "Ctrl+Shift+H", self.on_shelve)
        self._action("maintenance", "Ctrl+Shift+M", self.on_maintenance)
        self._action("problems", "Ctrl+Shift+O", self.on_problems)
        self._action("handover", "Ctrl+Shift+F", self.on_handover)
        self._action("review", "Ctrl+Shift+R", self.on_review)
        # one setting with the Settings dialog's "Sound": saved, and followed live
        self.sound = NotificationSound(_sound_setting(), parent=self)
        incidents.notification.connect(self.sound.on_notification)
        sound = self._action("sound", "", lambda: None)
        sound.setCheckable(True)
        sound.setChecked(self.sound.enabled)
        sound.toggled.connect(self.on_sound_toggled)
        live_settings().changed.connect(self.on_settings_saved)
        self.editors: dict[str, QDialog] = {}
        self.menu = QMenu(window)
        self.menu.setToolTipsVisible(True)  # why an action is disabled (the role)
        for action in self.actions.values():
            self.menu.addAction(action)
        list_view = getattr(window, "incidents", None)
        if isinstance(list_view, IncidentListView):  # the incident rows' context menu
            list_view.context_actions = [self.actions["review"], self.actions["problems"]]
        self.retranslate()
        self.refresh_rights()

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

    def on_strip_shown(self, shown: bool) -> None:
        self.strip_action.setVisible(shown)
        self.strip.setVisible(shown)
        self.strip_bar.setVisible(shown)

    # -- rights ----------------------------------------------------------------------

    def set_rights(self, rights: Rights) -> None:
        """What the logged-in role may write (None: allowed, else why not)."""
        self.rights = rights
        self.strip.rights = rights
        for editor in self.editors.values():
            if isinstance(editor, Gated):
                editor.set_rights(rights)
        self.refresh_rights()

    def refresh_rights(self) -> None:
        """The role changed: the menu's acknowledge, the strip and open editors follow."""
        gate(self.actions["ack_top"], True, self.rights(ACKNOWLEDGE))
        self.strip.refresh_rights()
        for editor in self.editors.values():
            if isinstance(editor, Gated):
                editor.refresh_rights()

    # -- slots -----------------------------------------------------------------------

    def on_sound_toggled(self, enabled: bool) -> None:
        """The menu's sound toggle: applied at once and saved as the user's setting."""
        self.sound.set_enabled(enabled)
        try:
            change_settings(sound=enabled)
        except OSError as exc:
            log.warning("the sound setting was not saved: %s", exc)
            self.statusMessage.emit(
                self.tr("The sound setting could not be saved: %1").replace("%1", str(exc))
            )

    def on_settings_saved(self, settings: Settings) -> None:
        """Saved settings (the dialog, or another window's toggle): the sound follows."""
        self.sound.set_enabled(settings.sound)
        action = self.actions["sound"]
        if action.isChecked() != settings.sound:
            with QSignalBlocker(action):  # already saved: no second save
                action.setChecked(settings.sound)

    def on_ack_top(self) -> None:
        refused = self.rights(ACKNOWLEDGE)
        if refused is not None:  # the shortcut past the disabled action
            self.statusMessage.emit(refused)
            return
        if not self.strip.wanted():
            self.statusMessage.emit(self.tr("No unacknowledged P1/P2 incident"))
            return
        self.strip.acknowledge_first()

    def on_shelve(self, ci: str | None = None) -> ShelveEditor:
        """The shelving editor, preset with `ci` (the CI context menu) or the selection."""
        editor = self._editor("shelve", lambda: ShelveEditor(self.incidents, parent=self.window))
        assert isinstance(editor, ShelveEditor)
        ci = ci or self.selection.current
        if ci:
            editor.preset(ci)
        editor.refresh()
        return editor

    def on_maintenance(self, ci: str | None = None) -> MaintenanceEditor:
        """The change records; from a CI's context menu (`ci`) a new change for it."""
        first = ci or self.selection.current or ""
        editor = self._editor(
            "maintenance", lambda: MaintenanceEditor(self.incidents, first, parent=self.window)
        )
        assert isinstance(editor, MaintenanceEditor)
        if ci:
            editor.plan_for(ci)
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
            if isinstance(editor, Gated):
                editor.set_rights(self.rights)
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
