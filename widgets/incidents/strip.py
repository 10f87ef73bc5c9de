"""IncidentStrip: one line per open, unacknowledged P1/P2 under the header (UI.md).

    P1  L3-tmp-1  LINE STOP - 3 lines  EUR 2,183 so far  ack 03:12 left  [Ack] [Open]

Hidden while there is nothing to acknowledge (a calm screen). Rows follow
`incidentsChanged`; cost and SLA countdown tick every second. [Ack] acknowledges
through the incident service; when that is not possible or not saved the strip says
why in its own line (never dropped). At most `MAX_ROWS` lines; the rest are counted.
[Ack] follows the logged-in role (`set_rights`): disabled with the reason as tooltip
for a viewer, whom the server would refuse.

Signals:
    openRequested(str): an incident id to show in detail
    shownChanged(bool): the strip has lines to show (a toolbar holding it follows)
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.incidents.qt_service import IncidentServiceQt
from app.incidents.service import ActionError
from models.incidents.priority import Priority
from models.incidents.sla import SlaLevel
from models.store import StoreError
from models.store.incident_heads import IncidentHead
from widgets import i18n
from widgets.incidents.rights import ACKNOWLEDGE, Rights, allow_all, gate
from widgets.incidents.texts import next_clock, sla_text

log = logging.getLogger(__name__)
SHOWN = ("P1", "P2")
MAX_ROWS = 4
ERROR_MS = 15_000  # how long a failed [Ack] says why
RED = "#C62828"
STYLE = (
    "#incidentStrip { background: #FFFFFF; border: 2px solid #C62828; }"
    "#incidentStrip QLabel { color: #1E1E1E; }"
)


class StripRow(QWidget):
    """One unacknowledged P1/P2 incident."""

    def __init__(self, head: IncidentHead, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.incident_id = head.id
        self.head = head
        self.mark = QLabel("\u25a0")  # shape, not colour alone: a filled square
        self.mark.setStyleSheet(f"color: {RED}; font-weight: bold;")
        self.priority = QLabel(f"<b>{head.priority}</b>")
        self.text = QLabel()
        self.text.setObjectName("stripText")
        self.cost = QLabel()
        self.cost.setObjectName("stripCost")
        self.sla = QLabel()
        self.sla.setObjectName("stripSla")
        self.ack_button = QPushButton(self.tr("Ack"))
        self.ack_button.setObjectName("stripAck")
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setObjectName("stripOpen")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        for label in (self.mark, self.priority, self.text):
            layout.addWidget(label)
        layout.addStretch(1)
        for widget in (self.cost, self.sla, self.ack_button, self.open_button):
            layout.addWidget(widget)
        self.set_head(head)
        self.set_refused(None)

    def set_head(self, head: IncidentHead) -> None:
        self.head = head
        self.priority.setText(f"<b>{head.priority}</b>")
        self.text.setText(f"{head.number}  {head.title}")

    def set_refused(self, refused: str | None) -> None:
        """[Ack] disabled with the reason when the role may not acknowledge."""
        tooltip = self.tr("Acknowledge {number}").format(number=self.head.number)
        gate(self.ack_button, True, refused, tooltip)


class IncidentStrip(QFrame):
    openRequested = Signal(str)
    shownChanged = Signal(bool)

    def __init__(
        self, incidents: IncidentServiceQt, parent: QWidget | None = None, *, tick_ms: int = 1000
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incidentStrip")
        self.setStyleSheet(STYLE)
        self._incidents = incidents
        self.service = incidents.service
        self.rights: Rights = allow_all  # the window sets ConsoleSession.may
        self.rows: dict[str, StripRow] = {}
        self.shown = False
        self.more_label = QLabel()
        self.more_label.setObjectName("stripMore")
        self.error_label = QLabel()
        self.error_label.setObjectName("stripError")
        self.error_label.setStyleSheet(f"color: {RED}; font-weight: bold;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self._rows_box.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(2)
        layout.addLayout(self._rows_box)
        layout.addWidget(self.more_label)
        layout.addWidget(self.error_label)
        incidents.incidentsChanged.connect(self.on_incidents_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.on_tick)
        self.timer.start()
        self.on_incidents_changed()

    # -- what it shows ---------------------------------------------------------------

    def wanted(self) -> list[IncidentHead]:
        """Open, unacknowledged P1/P2: P1 first, then the oldest fault first."""
        heads = self.service.heads(statuses=("new",), priorities=SHOWN)
        heads = [h for h in heads if h.created and not h.duplicate_of]
        heads.sort(key=lambda h: (Priority(h.priority).rank, h.opened_ms or 0, h.id))
        return heads

    def on_incidents_changed(self, _ids: object = None) -> None:
        heads = self.wanted()
        shown = heads[:MAX_ROWS]
        keep = {h.id for h in shown}
        for incident_id in [i for i in self.rows if i not in keep]:
            row = self.rows.pop(incident_id)
            self._rows_box.removeWidget(row)
            row.hide()
            row.deleteLater()
        for position, head in enumerate(shown):
            found = self.rows.get(head.id)
            if found is None:
                row = StripRow(head, self)
                row.ack_button.clicked.connect(lambda _c=False, i=head.id: self.acknowledge(i))
                row.open_button.clicked.connect(lambda _c=False, i=head.id: self.open(i))
                self.rows[head.id] = row
            else:
                row = found
                row.set_head(head)
                self._rows_box.removeWidget(row)
            row.set_refused(self.rights(ACKNOWLEDGE))
            self._rows_box.insertWidget(position, row)
        self.rows = {h.id: self.rows[h.id] for h in shown}  # in the order shown
        hidden = len(heads) - len(shown)
        self.more_label.setText(
            self.tr("+{n} more not acknowledged: see the incident list").format(n=hidden)
        )
        self.more_label.setVisible(hidden > 0)
        self._show(bool(heads) or not self.error_label.isHidden())
        self.on_tick()

    def on_tick(self) -> None:
        """Cost so far and the next SLA clock move."""
        now = self.service.now_ms()
        for incident_id, row in self.rows.items():
            try:
                state = self.service.incident(incident_id)
            except KeyError:
                continue
            cost = self.service.cost(state, now)
            row.cost.setText(self.tr("{eur} so far").format(eur=i18n.eur(cost.cost_eur)))
            row.cost.setVisible(bool(state.lines))
            clock = next_clock(self.service.sla(state, now))
            row.sla.setText(sla_text(clock))
            breached = clock is not None and clock.level is SlaLevel.BREACHED
            row.sla.setStyleSheet(f"color: {RED}; font-weight: bold;" if breached else "")

    # -- rights ----------------------------------------------------------------------

    def set_rights(self, rights: Rights) -> None:
        self.rights = rights
        self.refresh_rights()

    def refresh_rights(self) -> None:
        """The role changed: [Ack] follows it."""
        refused = self.rights(ACKNOWLEDGE)
        for row in self.rows.values():
            row.set_refused(refused)

    # -- actions ---------------------------------------------------------------------

    def acknowledge(self, incident_id: str) -> bool:
        """Acknowledge one incident; say why when that is not possible or not saved."""
        refused = self.rights(ACKNOWLEDGE)
        if refused is not None:  # a keyboard path past the disabled button
            return self._fail(refused)
        try:
            self.service.acknowledge(incident_id)
        except ActionError as exc:
            return self._fail(str(exc))
        except StoreError as exc:
            log.warning("acknowledge not saved: %s", exc)
            return self._fail(self.tr("Not saved: {error}").format(error=exc))
        self.error_label.hide()
        self.on_incidents_changed()  # at once; incidentsChanged follows at the next tick
        return True

    def acknowledge_first(self) -> bool:
        """The keyboard's [Ack]: the top line (False when there is none)."""
        heads = self.wanted()
        if not heads:
            return False
        return self.acknowledge(heads[0].id)

    def open(self, incident_id: str) -> None:
        self.openRequested.emit(incident_id)

    def _fail(self, text: str) -> bool:
        self.error_label.setText(text)
        self.error_label.show()
        self._show(True)
        QTimer.singleShot(ERROR_MS, self, self.clear_error)
        return False

    def clear_error(self) -> None:
        self.error_label.hide()
        self.on_incidents_changed()

    def _show(self, shown: bool) -> None:
        self.setVisible(shown)
        if shown != self.shown:
            self.shown = shown
            self.shownChanged.emit(shown)
