"""IncidentToast: a non-modal banner over the window's top right for a new P1/P2.

It stays until opened or dismissed (a control room may look away for a minute); a
second announcement replaces the first and counts the ones not yet seen.
Sound: `widgets.incidents.sound.NotificationSound` listens to the same notifications.

Signals:
    openRequested(str): the incident id the person wants to see
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.formatting import eur
from app.incidents.notify import NEW, Notification

SHOWN = ("P1", "P2")
STYLE = (
    "#incidentToast { background: #FFFFFF; border: 3px solid #C62828; }"
    "#incidentToast QLabel { color: #1E1E1E; font-weight: bold; }"
)
MARGIN = 12
MAX_WIDTH = 760


class IncidentToast(QFrame):
    openRequested = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("incidentToast")
        self.setStyleSheet(STYLE)
        self.incident_id = ""
        self.unseen = 0
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open"))
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.dismiss_button)
        self.open_button.clicked.connect(self.on_open)
        self.dismiss_button.clicked.connect(self.on_dismiss)
        parent.installEventFilter(self)
        self.hide()

    def on_notification(self, note: Notification) -> None:
        if note.kind != NEW or note.priority not in SHOWN or not note.incident_id:
            return
        self.unseen += 1
        self.incident_id = note.incident_id
        more = self.tr("   (+%1 more)").replace("%1", str(self.unseen - 1))
        lines = self.tr(" - %1 line(s), %2").replace("%1", str(len(note.lines)))
        lines = lines.replace("%2", eur(note.cost_per_hour, per_hour=True))
        new = self.tr("NEW %1").replace("%1", note.priority)
        self.label.setText(
            f"\u25a0 {new}  {note.number}  {note.title}"
            f"{lines if note.lines else ''}{more if self.unseen > 1 else ''}"
        )
        self.setToolTip(self.tr("Roles notified: %1").replace("%1", ", ".join(note.roles)))
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()

    def on_open(self) -> None:
        incident_id = self.incident_id
        self.on_dismiss()
        if incident_id:
            self.openRequested.emit(incident_id)

    def on_dismiss(self) -> None:
        self.unseen = 0
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(MAX_WIDTH, max(200, parent.width() - 2 * MARGIN))
        height = self.heightForWidth(width)
        self.resize(width, height if height > 0 else self.sizeHint().height())
        self.move(parent.width() - width - MARGIN, MARGIN)
