"""IncidentToast: a non-modal banner over the window's top right for a new P1/P2.

It stays until opened, acknowledged or dismissed (a control room may look away for a
minute); a second announcement replaces the first and counts the ones not yet seen.
It says whom the plant file's notify rule means ("for: Shift supervisor, ..."), in view,
not only on hover. Its action follows the logged-in role (`set_rights`): [Acknowledge]
writes the `acknowledged` event through the incident service, as the strip's [Ack]
does, for a role that may; the others get a plain [Dismiss]. Once the incident is
acknowledged anywhere (strip, list, another console) the toast goes.

Who sees it (`set_audience`, `app.incidents.notify.is_for`): a notification naming only
login roles is shown to those roles; one naming job roles (shift_supervisor) to
everyone, saying whom it is for. Sound (`NotificationSound`) follows `announced`.

Signals:
    openRequested(str): the incident id the person wants to see
    announced(object): a `Notification` this console showed (the sound plays on it)
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from app.incidents.notify import NEW, Notification, is_for, role_name
from app.incidents.qt_service import IncidentServiceQt
from app.incidents.service import ActionError
from app.session import ROLE_NAMES, role_text
from models.store import StoreError
from widgets import i18n
from widgets.incidents.rights import ACKNOWLEDGE, Rights, allow_all

log = logging.getLogger(__name__)
SHOWN = ("P1", "P2")
STYLE = (
    "#incidentToast { background: #FFFFFF; border: 3px solid #C62828; }"
    "#incidentToast QLabel { color: #1E1E1E; }"
    "#incidentToast QLabel#toastText { font-weight: bold; }"
    "#incidentToast QLabel#toastError { color: #C62828; font-weight: bold; }"
)
MARGIN = 12
MAX_WIDTH = 760
ACRONYMS = {"it": "IT", "ot": "OT", "qa": "QA", "hse": "HSE", "ehs": "EHS", "mes": "MES"}


def audience_text(roles: tuple[str, ...]) -> str:
    """'Shift supervisor, Plant IT' (login roles in the console's language)."""
    names = []
    for role in roles:
        if role in ROLE_NAMES:
            names.append(role_text(role))
            continue
        words = role_name(role).split(" ")
        names.append(" ".join(ACRONYMS.get(w.lower(), w) for w in words))
    return ", ".join(names)


class IncidentToast(QFrame):
    openRequested = Signal(str)
    announced = Signal(object)

    def __init__(self, parent: QWidget, incidents: IncidentServiceQt) -> None:
        super().__init__(parent)
        self.setObjectName("incidentToast")
        self.setStyleSheet(STYLE)
        self.service = incidents.service
        self.rights: Rights = allow_all  # the window sets ConsoleSession.may
        self.role: Callable[[], str | None] = lambda: None  # None: no login (local mode)
        self.incident_id = ""
        self.unseen = 0
        self.failed = False  # the last [Acknowledge] was refused or not saved
        self.label = QLabel()
        self.label.setObjectName("toastText")
        self.label.setWordWrap(True)
        self.audience = QLabel()
        self.audience.setObjectName("toastAudience")
        self.audience.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("toastError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.open_button = QPushButton()
        self.ack_button = QPushButton()
        self.ack_button.setObjectName("toastAck")
        self.dismiss_button = QPushButton()
        self.dismiss_button.setObjectName("toastDismiss")
        layout = QGridLayout(self)
        layout.addWidget(self.label, 0, 0)
        layout.addWidget(self.audience, 1, 0)
        layout.addWidget(self.error_label, 2, 0)
        layout.setColumnStretch(0, 1)
        for column, button in enumerate((self.open_button, self.ack_button, self.dismiss_button)):
            layout.addWidget(button, 0, column + 1, 2, 1)
        self.open_button.clicked.connect(self.on_open)
        self.ack_button.clicked.connect(self.on_acknowledge)
        self.dismiss_button.clicked.connect(self.on_dismiss)
        incidents.incidentsChanged.connect(self.on_incidents_changed)
        parent.installEventFilter(self)
        self._note: Notification | None = None
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.open_button.setText(self.tr("Open"))
        self.ack_button.setText(self.tr("Acknowledge"))
        self.dismiss_button.setText(self.tr("Dismiss"))
        if self._note is not None:
            self._show_text(self._note)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "dismiss_button"):
            self.retranslate()
        super().changeEvent(event)

    # -- who and what ----------------------------------------------------------------

    def set_audience(self, role: Callable[[], str | None]) -> None:
        """The logged-in role for routing (None: no login, the console shows everything)."""
        self.role = role

    def set_rights(self, rights: Rights) -> None:
        self.rights = rights
        self.refresh_rights()

    def refresh_rights(self) -> None:
        """[Acknowledge] for a role that may, else [Dismiss] (also after a failed ack)."""
        refused = self.rights(ACKNOWLEDGE)
        may = refused is None and not self.failed
        self.ack_button.setVisible(may)
        self.dismiss_button.setVisible(not may)
        self.dismiss_button.setToolTip(refused or "")

    def on_notification(self, note: Notification) -> None:
        if note.kind != NEW or note.priority not in SHOWN or not note.incident_id:
            return
        if not is_for(note, self.role()):
            return
        self.unseen += 1
        self.incident_id = note.incident_id
        self._note = note
        self.failed = False
        self.error_label.hide()
        self._show_text(note)
        self.refresh_rights()
        self._place()
        self.show()
        self.raise_()
        self.announced.emit(note)

    def _show_text(self, note: Notification) -> None:
        more = self.tr("   (+%1 more)").replace("%1", str(self.unseen - 1))
        lines = self.tr(" - %1 line(s), %2").replace("%1", str(len(note.lines)))
        lines = lines.replace("%2", i18n.eur(note.cost_per_hour, per_hour=True))
        new = self.tr("NEW %1").replace("%1", note.priority)
        self.label.setText(
            f"\u25a0 {new}  {note.number}  {note.title}"
            f"{lines if note.lines else ''}{more if self.unseen > 1 else ''}"
        )
        whom = (
            audience_text(note.roles)
            if note.roles
            else self.tr("everyone (no notify rule for this area)")
        )
        self.audience.setText(self.tr("for: %1").replace("%1", whom))

    # -- actions ---------------------------------------------------------------------

    def on_open(self) -> None:
        incident_id = self.incident_id
        self.on_dismiss()
        if incident_id:
            self.openRequested.emit(incident_id)

    def on_acknowledge(self) -> bool:
        """Acknowledge the announced incident; say why in the toast when not possible."""
        refused = self.rights(ACKNOWLEDGE)
        if refused is not None:  # the role changed since the toast showed
            return self._fail(refused)
        try:
            self.service.acknowledge(self.incident_id)
        except ActionError as exc:
            return self._fail(str(exc))
        except StoreError as exc:
            log.warning("acknowledge not saved: %s", exc)
            return self._fail(self.tr("Not saved: %1").replace("%1", str(exc)))
        self.on_dismiss()
        return True

    def _fail(self, text: str) -> bool:
        self.failed = True
        self.error_label.setText(text)
        self.error_label.show()
        self.refresh_rights()  # [Dismiss] now: the person can still close it
        self._place()
        return False

    def on_dismiss(self) -> None:
        self.unseen = 0
        self._note = None
        self.hide()

    def on_incidents_changed(self, ids: object) -> None:
        """Acknowledged elsewhere (strip, list, another console): nothing left to say."""
        if self.isHidden() or not isinstance(ids, set) or self.incident_id not in ids:
            return
        head = self.service.head(self.incident_id)
        if head is not None and head.status != "new":
            self.on_dismiss()
        elif head is not None and self._note is not None and head.number != self._note.number:
            # the server assigned the final number (INC-000001) after the temporary one
            self._note = dataclasses.replace(self._note, number=head.number)
            self._show_text(self._note)

    # -- placement -------------------------------------------------------------------

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
