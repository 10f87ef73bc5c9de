"""RaiseIncidentDialog: "Raise incident" on a CI of the machine tree (issue 5).

The CI comes preset (the selected one); the person writes a title, picks impact and
urgency and sees the priority the plant's matrix derives from them, live. The lines it
stops start as the what-if's stopped lines when impact is 1 (a line stop) and none
otherwise, until the person ticks lines by hand; then their choice stays. Raising goes
through `IncidentService.raise_manual` (one transaction: `created` and the note). A
missing or too long title, an unknown CI or a failed write is said in the dialog, which
stays open with everything typed; nothing is stored.

Raising follows the logged-in role (`set_rights`): a viewer reads the form, [Raise] is
disabled and a line says why (the server would refuse the `created` event).

Signals:
    raised(str): the new incident's id
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.incidents.qt_service import IncidentServiceQt
from app.incidents.service import ActionError
from models.store import StoreError
from widgets.incidents.rights import RAISE, Rights, allow_all, gate, refusal_label, show_refusal

log = logging.getLogger(__name__)
TITLE_MAX = 200  # models.incidents.payloads.Title
NOTE_MAX = 20_000  # NoteText
LEVELS = (1, 2, 3)


class RaiseIncidentDialog(QDialog):
    raised = Signal(str)

    def __init__(
        self, incidents: IncidentServiceQt, ci: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("raiseIncidentDialog")
        self.service = incidents.service
        self.plant = self.service.plant
        self.rights: Rights = allow_all
        self.lines_touched = False  # the person ticked lines: the what-if no longer sets them

        self.ci_box = QComboBox()
        self.ci_box.setObjectName("raiseCi")
        self.ci_box.setEditable(True)
        self.ci_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.ci_box.addItems(list(self.plant.walk()))
        completer = self.ci_box.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.ci_name = QLabel()
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("raiseTitle")
        self.impact_box = QComboBox()
        self.impact_box.setObjectName("raiseImpact")
        self.urgency_box = QComboBox()
        self.urgency_box.setObjectName("raiseUrgency")
        for box in (self.impact_box, self.urgency_box):
            for level in LEVELS:
                box.addItem("", level)
        self.impact_box.setCurrentIndex(2)  # raise_manual's defaults: impact 3, urgency 2
        self.urgency_box.setCurrentIndex(1)
        self.priority_label = QLabel()
        self.priority_label.setObjectName("raisePriority")
        self.lines_list = QListWidget()
        self.lines_list.setObjectName("raiseLines")
        for line_id, line in self.plant.lines.items():
            item = QListWidgetItem(f"{line_id}  {line.name}")
            item.setData(Qt.ItemDataRole.UserRole, line_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.lines_list.addItem(item)
        rows = max(1, min(len(self.plant.lines), 6))
        self.lines_list.setMaximumHeight(self.fontMetrics().height() * (rows + 1) + 12)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("raiseNote")
        self.note_edit.setMaximumHeight(self.fontMetrics().height() * 5)
        self.rights_note = refusal_label()
        self.error_label = QLabel()
        self.error_label.setObjectName("raiseError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #C62828; font-weight: bold;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        raise_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert raise_button is not None
        self.raise_button = raise_button
        self.raise_button.setObjectName("raiseButton")

        self.form = QFormLayout()
        self.form_labels = [QLabel() for _ in range(7)]
        fields = (
            self.ci_box,
            self.ci_name,
            self.title_edit,
            self.impact_box,
            self.urgency_box,
            self.priority_label,
            self.lines_list,
        )
        for label, field in zip(self.form_labels, fields, strict=True):
            self.form.addRow(label, field)
        self.note_label = QLabel()
        self.form.addRow(self.note_label, self.note_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.rights_note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.on_raise)
        self.buttons.rejected.connect(self.reject)
        self.ci_box.currentTextChanged.connect(self.on_ci_changed)
        self.impact_box.currentIndexChanged.connect(self.on_levels_changed)
        self.urgency_box.currentIndexChanged.connect(self.on_levels_changed)
        self.lines_list.itemChanged.connect(self.on_line_ticked)
        self.retranslate()
        self.preset(ci)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Raise incident"))
        texts = (
            self.tr("CI"),
            "",
            self.tr("Title"),
            self.tr("Impact"),
            self.tr("Urgency"),
            self.tr("Priority"),
            self.tr("Lines it stops"),
        )
        for label, text in zip(self.form_labels, texts, strict=True):
            label.setText(text)
        self.note_label.setText(self.tr("Note (optional)"))
        self.title_edit.setPlaceholderText(self.tr("What is wrong, e.g. gripper does not close"))
        impacts = (
            self.tr("1 - stops production (line stop)"),
            self.tr("2 - slows or degrades production"),
            self.tr("3 - little or no effect on production"),
        )
        urgencies = (
            self.tr("1 - act now"),
            self.tr("2 - within this shift"),
            self.tr("3 - can wait"),
        )
        for box, names in ((self.impact_box, impacts), (self.urgency_box, urgencies)):
            for index, name in enumerate(names):
                box.setItemText(index, name)
        self.raise_button.setText(self.tr("Raise"))
        self.on_levels_changed()
        self.on_ci_changed(self.ci_box.currentText())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "note_label"):
            self.retranslate()
        super().changeEvent(event)

    # -- state -----------------------------------------------------------------------

    def preset(self, ci: str) -> None:
        """The form for `ci`: a fresh title; lines follow the what-if again."""
        self.ci_box.setCurrentText(ci)
        self.lines_touched = False
        self.on_ci_changed(ci)

    def ci(self) -> str:
        return self.ci_box.currentText().strip()

    def impact(self) -> int:
        return int(self.impact_box.currentData())

    def urgency(self) -> int:
        return int(self.urgency_box.currentData())

    def lines(self) -> list[str]:
        """The lines ticked, in the plant file's order."""
        items = (self.lines_list.item(i) for i in range(self.lines_list.count()))
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item is not None and item.checkState() == Qt.CheckState.Checked
        ]

    def priority(self) -> str:
        return self.service.context.matrix.priority(self.impact(), self.urgency()).value

    # -- slots -----------------------------------------------------------------------

    def on_ci_changed(self, text: str) -> None:
        node = self.plant.nodes.get(text.strip())
        self.ci_name.setText(node.name if node is not None else self.tr("(no such CI)"))
        self._prefill_lines()

    def on_levels_changed(self, _index: int = 0) -> None:
        self.priority_label.setText(f"<b>{self.priority()}</b>")
        self._prefill_lines()

    def on_line_ticked(self, _item: QListWidgetItem) -> None:
        self.lines_touched = True

    def _prefill_lines(self) -> None:
        """What the what-if says the CI stops, when impact is 1 and no line was ticked."""
        if self.lines_touched or not hasattr(self, "lines_list"):
            return
        ci = self.ci()
        stopped: set[str] = set()
        if self.impact() == 1 and ci in self.plant:
            stopped = set(self.service.impact.impact_of(ci).stopped_lines)
        self.lines_list.blockSignals(True)
        try:
            for i in range(self.lines_list.count()):
                item = self.lines_list.item(i)
                if item is None:
                    continue
                on = item.data(Qt.ItemDataRole.UserRole) in stopped
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        finally:
            self.lines_list.blockSignals(False)

    def on_raise(self) -> str | None:
        """Raise the incident; its id, or None (the reason shown, nothing stored)."""
        refused = self.rights(RAISE)
        if refused is not None:  # Enter past the disabled button, or the role changed
            return self._fail(refused)
        ci, title, note = self.ci(), self.title_edit.text().strip(), self.note_edit.toPlainText()
        if ci not in self.plant:
            return self._fail(self.tr("There is no CI %1 in the plant").replace("%1", ci))
        if not title:
            self.title_edit.setFocus()
            return self._fail(self.tr("A title is needed: say in a few words what is wrong"))
        if len(title) > TITLE_MAX:
            self.title_edit.setFocus()
            text = self.tr("The title is too long: %1 characters, at most %2")
            return self._fail(text.replace("%1", str(len(title))).replace("%2", str(TITLE_MAX)))
        if len(note) > NOTE_MAX:
            text = self.tr("The note is too long: %1 characters, at most %2")
            return self._fail(text.replace("%1", str(len(note))).replace("%2", str(NOTE_MAX)))
        try:
            state = self.service.raise_manual(
                ci,
                title,
                impact=self.impact(),
                urgency=self.urgency(),
                lines=self.lines(),
                note=note,
            )
        except ActionError as exc:
            return self._fail(str(exc))
        except StoreError as exc:
            log.warning("manual incident not saved: %s", exc)
            return self._fail(self.tr("Not saved: %1").replace("%1", str(exc)))
        self.error_label.hide()
        self.raised.emit(state.id)
        self.accept()
        return state.id

    def _fail(self, text: str) -> str | None:
        """Say why in the dialog; None: no incident was raised."""
        self.error_label.setText(text)
        self.error_label.show()
        return None

    # -- rights ----------------------------------------------------------------------

    def set_rights(self, rights: Rights) -> None:
        self.rights = rights
        self.refresh_rights()

    def refresh_rights(self) -> None:
        refused = self.rights(RAISE)
        gate(self.raise_button, True, refused)
        show_refusal(self.rights_note, refused)
