"""The questions an incident action asks (assignee, note, reasons, resolution).

One object so that tests answer them without modal dialogs: `IncidentDetail.prompts`.
Every method returns None when the person cancels.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)


@dataclass(frozen=True)
class Resolution:
    root_cause: str
    preventive_action: str
    resolution: str


@dataclass(frozen=True)
class NoteText:
    text: str
    work_note: bool


translate = QCoreApplication.translate  # the name lupdate looks for


class Prompts:
    def text(self, parent: QWidget, title: str, label: str, value: str = "") -> str | None:
        answer, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, value)
        return answer if ok else None

    def note(self, parent: QWidget) -> NoteText | None:
        dialog = QDialog(parent)
        dialog.setWindowTitle(translate("Prompts", "Add note"))
        edit = QPlainTextEdit()
        work = QCheckBox(translate("Prompts", "Work note (for the people working on it)"))
        form = QFormLayout(dialog)
        form.addRow(translate("Prompts", "Note"), edit)
        form.addRow(work)
        form.addRow(_buttons(dialog))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return NoteText(edit.toPlainText(), work.isChecked())

    def resolution(self, parent: QWidget, root_cause: str) -> Resolution | None:
        dialog = QDialog(parent)
        dialog.setWindowTitle(translate("Prompts", "Resolve incident"))
        cause, action, text = QLineEdit(root_cause), QLineEdit(), QLineEdit()
        cause.setPlaceholderText(translate("Prompts", "what caused it"))
        action.setPlaceholderText(translate("Prompts", "what keeps it from happening again"))
        form = QFormLayout(dialog)
        form.addRow(translate("Prompts", "Root cause"), cause)
        form.addRow(translate("Prompts", "Preventive action"), action)
        form.addRow(translate("Prompts", "Resolution"), text)
        form.addRow(_buttons(dialog))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return Resolution(cause.text(), action.text(), text.text())


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
    buttons = QDialogButtonBox(ok | cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
