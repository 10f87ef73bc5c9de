"""ReviewView: the post-incident review of one incident - timeline, downtime, cost, root
cause and preventive action (editable; saved as a `review_updated` event).

Saving follows the logged-in role (`set_rights`): a viewer sees the review with "Save"
disabled, the reason as tooltip and in a line of the dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.formatting import duration
from app.incidents.qt_service import IncidentServiceQt
from widgets.i18n import eur, number
from widgets.incidents.rights import REVIEW, Rights, allow_all, gate, refusal_label, show_refusal
from widgets.incidents.shelve_editor import ERROR_STYLE, run_action
from widgets.incidents.timeline import TimelineView


class ReviewView(QDialog):
    def __init__(
        self, incidents: IncidentServiceQt, incident_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewView")
        self.setModal(False)
        self.resize(820, 640)
        self.service = incidents.service
        self.incident_id = incident_id
        self.rights: Rights = allow_all  # the window sets ConsoleSession.may
        self.rights_note = refusal_label()
        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.title_label.setWordWrap(True)
        self.downtime_label, self.cost_label = QLabel(), QLabel()
        self.root_ci_label, self.problem_label = QLabel(), QLabel()
        for label in (self.downtime_label, self.cost_label):
            label.setObjectName("reviewFigure")
        self.cause_edit = QPlainTextEdit()
        self.cause_edit.setObjectName("reviewCause")
        self.cause_edit.setTabChangesFocus(True)
        self.prevent_edit = QPlainTextEdit()
        self.prevent_edit.setObjectName("reviewPrevent")
        self.prevent_edit.setTabChangesFocus(True)
        self.timeline = TimelineView()
        self.timeline.setObjectName("reviewTimeline")
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveReview")
        self.close_button = QPushButton()
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.captions = [QLabel() for _ in range(6)]
        form = QFormLayout()
        for caption, widget in zip(
            self.captions,
            (
                self.downtime_label,
                self.cost_label,
                self.root_ci_label,
                self.problem_label,
                self.cause_edit,
                self.prevent_edit,
            ),
            strict=True,
        ):
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        self.timeline_caption = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(form)
        layout.addWidget(self.timeline_caption)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.rights_note)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.on_save)
        self.close_button.clicked.connect(self.close)
        incidents.incidentsChanged.connect(self.on_incidents_changed)
        self.retranslate()
        self.refresh()
        self.refresh_rights()

    def set_rights(self, rights: Rights) -> None:
        self.rights = rights
        self.refresh_rights()

    def refresh_rights(self) -> None:
        refused = self.rights(REVIEW)
        gate(self.save_button, True, refused)
        show_refusal(self.rights_note, refused)

    def retranslate(self) -> None:
        texts = (
            self.tr("Downtime"),
            self.tr("Stoppage cost"),
            self.tr("Root cause CI"),
            self.tr("Problem"),
            self.tr("Root &cause"),
            self.tr("&Preventive action"),
        )
        for caption, text in zip(self.captions, texts, strict=True):
            caption.setText(text)
        self.timeline_caption.setText(self.tr("<b>Timeline</b>"))
        self.save_button.setText(self.tr("&Save review"))
        self.close_button.setText(self.tr("Close"))

    def refresh(self) -> None:
        review = self.service.review(self.incident_id)
        state = self.service.incident(self.incident_id)
        self.setWindowTitle(self.tr("Review of {number}").replace("{number}", review.number))
        resolved = "" if not state.is_open else self.tr("  (still open: figures so far)")
        self.title_label.setText(f"{review.number}  {state.title}{resolved}")
        scheduled = duration(review.scheduled_downtime_s)
        self.downtime_label.setText(
            self.tr("{down} ({scheduled} line time in scheduled production)")
            .replace("{down}", duration(review.downtime_s))
            .replace("{scheduled}", scheduled)
        )
        self.cost_label.setText(
            self.tr("{eur}, {units} units lost")
            .replace("{eur}", eur(review.cost_eur))
            .replace("{units}", number(review.units_lost))
        )
        self.root_ci_label.setText(review.root_cause_ci)
        self.problem_label.setText(review.problem_id or "-")
        self.cause_edit.setPlainText(review.root_cause)
        self.prevent_edit.setPlainText(review.preventive_action)
        self.timeline.rows.set_rows(review.timeline)

    def on_incidents_changed(self, ids: set[str]) -> None:
        if self.incident_id in ids and not self._editing():
            self.refresh()

    def _editing(self) -> bool:
        return self.cause_edit.document().isModified() or self.prevent_edit.document().isModified()

    def on_save(self) -> bool:
        refused = self.rights(REVIEW)
        if refused is not None:
            self.show_error(refused)
            return False
        cause, prevent = self.cause_edit.toPlainText(), self.prevent_edit.toPlainText()
        done = run_action(
            lambda: self.service.update_review(self.incident_id, cause, prevent),
            self.show_error,
            self.tr("Saving the review"),
        )
        if done:
            self.error_label.hide()
            self.cause_edit.document().setModified(False)
            self.prevent_edit.document().setModified(False)
            self.refresh()
        return done

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
