"""IncidentDetail: one incident - header, SLA clocks, timeline, notes, related CIs, actions.

A non-modal dialog that follows `incidentsChanged` for its incident and ticks cost and
SLA every second. Actions go to `service`; an `ActionError` (not possible now) or a
`StoreError` (not saved) is shown in the dialog and in a message box, never dropped.
Buttons are enabled by what the lifecycle allows from the current state.

Signals:
    ciRequested(str): a CI was clicked (root cause or related): show it in tree/diagram
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.incidents.qt_service import IncidentServiceQt
from app.incidents.service import ActionError
from models.incidents.lifecycle import Action, next_status
from models.incidents.sla import SlaLevel
from models.incidents.state import IncidentState
from models.store import StoreError
from widgets.i18n import QT_TRANSLATE_NOOP, eur, number
from widgets.incidents.prompts import Prompts
from widgets.incidents.texts import clock_line, status_text
from widgets.incidents.timeline import TimelineView
from widgets.selection import CiSelection

log = logging.getLogger(__name__)
ERROR_STYLE = "color: #C62828; font-weight: bold;"
LEVEL_STYLE = {SlaLevel.WARNING: "background: #E8A400;", SlaLevel.BREACHED: ERROR_STYLE}
BUTTONS = (
    ("acknowledge", QT_TRANSLATE_NOOP("IncidentDetail", "Acknowledge")),
    ("assign", QT_TRANSLATE_NOOP("IncidentDetail", "Assign…")),
    ("on_site", QT_TRANSLATE_NOOP("IncidentDetail", "Technician on site")),
    ("hold", QT_TRANSLATE_NOOP("IncidentDetail", "On hold…")),
    ("in_progress", QT_TRANSLATE_NOOP("IncidentDetail", "In progress")),
    ("note", QT_TRANSLATE_NOOP("IncidentDetail", "Add note…")),
    ("link_problem", QT_TRANSLATE_NOOP("IncidentDetail", "Link problem…")),
    ("resolve", QT_TRANSLATE_NOOP("IncidentDetail", "Resolve…")),
    ("close", QT_TRANSLATE_NOOP("IncidentDetail", "Close")),
    ("reopen", QT_TRANSLATE_NOOP("IncidentDetail", "Reopen…")),
)


class IncidentDetail(QDialog):
    ciRequested = Signal(str)

    def __init__(
        self,
        incidents: IncidentServiceQt,
        incident_id: str,
        selection: CiSelection | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incidentDetail")
        self.setModal(False)
        self.resize(760, 640)
        self.incident_id = incident_id
        self.service = incidents.service
        self.selection = selection
        self.prompts = Prompts()
        self.error_box: QMessageBox | None = None
        # What the logged-in role may do: None when allowed, else why not (the window
        # sets ConsoleSession.may; the server would refuse the event with 403).
        self.rights: Callable[[str], str | None] = lambda _action: None
        self.state: IncidentState = self.service.incident(incident_id)

        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.priority_label, self.status_label = QLabel(), QLabel()
        self.root_label = QLabel()
        self.root_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.lines_label, self.cost_label = QLabel(), QLabel()
        self.assignee_label, self.sla_label = QLabel(), QLabel()
        header = QFormLayout()
        for label, widget in (
            (self.tr("Priority"), self.priority_label),
            (self.tr("State"), self.status_label),
            (self.tr("Root cause"), self.root_label),
            (self.tr("Lines"), self.lines_label),
            (self.tr("Cost so far"), self.cost_label),
            (self.tr("SLA"), self.sla_label),
            (self.tr("Assigned to"), self.assignee_label),
        ):
            header.addRow(label, widget)

        self.timeline = TimelineView()  # one line per event: only shown rows are made
        self.timeline.setObjectName("incidentTimeline")
        self.notes = TimelineView()
        self.notes.setObjectName("incidentNotes")
        self.related = QListWidget()
        self.related.setObjectName("relatedCis")
        splitter = QSplitter(Qt.Orientation.Vertical)
        for title, pane in (
            (self.tr("Timeline"), self.timeline),
            (self.tr("Work notes and comments"), self.notes),
            (self.tr("Related CIs (click: show in tree and diagram)"), self.related),
        ):
            splitter.addWidget(_titled(title, pane))

        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for n, (key, text) in enumerate(BUTTONS):
            button = QPushButton(self.tr(text))
            button.setObjectName(f"action_{key}")
            button.clicked.connect(getattr(self, f"on_{key}"))
            self.buttons[key] = button
            grid.addWidget(button, n // 5, n % 5)
        self.error_label = QLabel()
        self.error_label.setObjectName("actionError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(grid)

        self.root_label.linkActivated.connect(self.on_ci_link)
        self.related.itemClicked.connect(self.on_related_clicked)
        incidents.incidentsChanged.connect(self.on_incidents_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.on_tick)
        self.timer.start()
        self.refresh()

    # -- showing ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Everything from the folded state (after a change to this incident)."""
        s = self.state = self.service.incident(self.incident_id)
        self.setWindowTitle(
            self.tr("Incident %1 - %2").replace("%1", s.number).replace("%2", s.priority.value)
        )
        self.title_label.setText(f"{s.number}  {s.title}")
        priority = self.tr("%1 (impact %2, urgency %3)").replace("%1", s.priority.value)
        self.priority_label.setText(
            priority.replace("%2", str(s.impact)).replace("%3", str(s.urgency))
        )
        unack = self.tr(" - not acknowledged") if s.status.value == "new" else ""
        self.status_label.setText(status_text(s.status.value) + unack)
        fault = f" - {s.fault_text}" if s.fault_text else ""
        self.root_label.setText(f'<a href="{s.root_cause_ci}">{s.root_cause_ci}</a>{fault}')
        lines = ", ".join(line.id for line in s.lines) or self.tr("none stopped")
        rate = f"  ({eur(s.cost_per_hour, per_hour=True)})" if s.lines else ""
        self.lines_label.setText(lines + rate)
        self.assignee_label.setText(s.assignee or self.tr("nobody"))
        self.timeline.set_rows(s.timeline)  # in place: a grown incident appends rows
        self.notes.set_rows(s.notes)
        related = list(dict.fromkeys((s.root_cause_ci, *s.affected_cis, *_related(s))))
        if related != [self.related.item(i).text() for i in range(self.related.count())]:
            self.related.clear()
            self.related.addItems(related)
        self._enable_actions()
        self.on_tick()

    def _enable_actions(self) -> None:
        s, status = self.state, self.state.status
        allowed = {
            "acknowledge": next_status(status, Action.ACKNOWLEDGE) is not None,
            "assign": s.is_open,
            "on_site": s.is_open and s.on_site_at_ms is None,
            "hold": next_status(status, Action.HOLD) is not None,
            "in_progress": next_status(status, Action.START) is not None,
            "note": s.created,
            "link_problem": s.created,
            "resolve": next_status(status, Action.RESOLVE) is not None,
            "close": next_status(status, Action.CLOSE) is not None,
            "reopen": next_status(status, Action.REOPEN) is not None,
        }
        for key, button in self.buttons.items():
            refused = self.rights(key)
            button.setEnabled(allowed[key] and refused is None)
            button.setToolTip(refused or "")

    def on_tick(self) -> None:
        """Cost so far and the SLA clocks move."""
        now = self.service.now_ms()
        cost = self.service.cost(self.state, now)
        lost = self.tr("(%1 units lost)").replace("%1", number(cost.units_lost))
        self.cost_label.setText(f"{eur(cost.cost_eur)}  {lost}")
        clocks = self.service.sla(self.state, now)
        self.sla_label.setText("\n".join(clock_line(c) for c in clocks) or "-")
        worst = max((c.level for c in clocks if c.stopped_at_ms is None), key=_rank, default=None)
        self.sla_label.setStyleSheet(LEVEL_STYLE.get(worst, "") if worst else "")

    def on_incidents_changed(self, ids: set[str]) -> None:
        if self.incident_id in ids:
            self.refresh()

    # -- CIs -------------------------------------------------------------------------

    def on_ci_link(self, ci: str) -> None:
        self._show_ci(ci)

    def on_related_clicked(self, item: QListWidgetItem) -> None:
        self._show_ci(item.text())

    def _show_ci(self, ci: str) -> None:
        if self.selection is not None:
            self.selection.select(ci)
        self.ciRequested.emit(ci)

    # -- actions ---------------------------------------------------------------------

    def on_acknowledge(self) -> None:
        self._act(lambda i: self.service.acknowledge(i))

    def on_assign(self) -> None:
        who = self.prompts.text(
            self, self.tr("Assign"), self.tr("Assign to:"), self.state.assignee or ""
        )
        if who is not None:
            self._act(lambda i: self.service.assign(i, who.strip() or None))

    def on_on_site(self) -> None:
        who = self.prompts.text(
            self, self.tr("Technician on site"), self.tr("Technician (optional):")
        )
        if who is not None:
            self._act(lambda i: self.service.technician_on_site(i, who.strip()))

    def on_hold(self) -> None:
        reason = self.prompts.text(self, self.tr("On hold"), self.tr("Why is it on hold?"))
        if reason is not None:
            self._act(lambda i: self.service.set_status(i, "on_hold", reason))

    def on_in_progress(self) -> None:
        self._act(lambda i: self.service.set_status(i, "in_progress"))

    def on_note(self) -> None:
        note = self.prompts.note(self)
        if note is not None:
            if not note.text.strip():
                self.show_error(self.tr("An empty note is not saved."))
                return
            self._act(lambda i: self.service.add_note(i, note.text, note.work_note))

    def on_link_problem(self) -> None:
        problem = self.prompts.text(
            self, self.tr("Link problem"), self.tr("Problem id (empty: unlink):")
        )
        if problem is not None:
            self._act(lambda i: self.service.link_problem(i, problem.strip() or None))

    def on_resolve(self) -> None:
        s = self.state
        answer = self.prompts.resolution(self, f"{s.root_cause_ci}: {s.fault_text}".strip(": "))
        if answer is None:
            return
        cause, prevent = answer.root_cause or None, answer.preventive_action or None
        self._act(lambda i: self.service.resolve(i, cause, prevent, answer.resolution))

    def on_close(self) -> None:
        self._act(lambda i: self.service.close(i))

    def on_reopen(self) -> None:
        reason = self.prompts.text(self, self.tr("Reopen"), self.tr("Why reopen it?"))
        if reason is not None:
            self._act(lambda i: self.service.reopen(i, reason))

    def _act(self, action: Callable[[str], object]) -> bool:
        """Run one action; show why when it cannot be done or was not saved."""
        try:
            action(self.incident_id)
        except ActionError as exc:
            self.show_error(str(exc))
            return False
        except StoreError as exc:
            log.warning("incident action not saved: %s", exc)
            self.show_error(self.tr("Not saved: %1").replace("%1", str(exc)))
            return False
        except Exception as exc:
            log.exception("incident action failed")
            self.show_error(self.tr("The action failed: %1").replace("%1", str(exc)))
            return False
        self.error_label.hide()
        self.refresh()  # at once; incidentsChanged follows at the service's next tick
        return True

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        if self.error_box is not None:
            self.error_box.close()
        self.error_box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Incident action"), text)
        self.error_box.setParent(self, self.error_box.windowFlags())
        self.error_box.open()  # window-modal, not blocking: the console keeps updating


def _related(state: IncidentState) -> list[str]:
    return [
        str(e.payload["ci"])
        for e in state.timeline
        if e.type == "related_ci_added" and e.payload.get("ci")
    ]


def _rank(level: SlaLevel) -> int:
    return (SlaLevel.OK, SlaLevel.WARNING, SlaLevel.BREACHED).index(level)


def _titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.addWidget(QLabel(f"<b>{title}</b>"))
    layout.addWidget(widget)
    return box
