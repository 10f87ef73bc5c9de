"""ProblemEditor: problem records grouping recurring incidents, for root-cause work.

Left: the problems and the suggestions (same CI / same fault code recurring within the
plant file's window). Right: the selected problem's title, status, root cause and
preventive action, and its incidents. "New from suggestion" or "New from the selected
incident" creates one; "Link selected incident" adds the incident selected in the list.
Everything goes through the incident service as events on the incidents concerned, and
follows the logged-in role (`set_rights`) as the server does: editing a problem
(`problem_updated`) takes a technician; creating one, linking and unlinking incidents
(`linked_to_problem`) a supervisor. A refused button is disabled with the reason as
tooltip and in a line of the dialog; the records stay visible to everyone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.incidents.qt_service import IncidentServiceQt
from models.incidents.problems import Problem, ProblemStatus
from widgets.i18n import QT_TRANSLATE_NOOP
from widgets.incidents.rights import (
    PROBLEM_EDIT,
    PROBLEM_LINK,
    Rights,
    allow_all,
    gate,
    refusal,
    refusal_label,
    show_refusal,
)
from widgets.incidents.shelve_editor import ERROR_STYLE, run_action

ID_ROLE = Qt.ItemDataRole.UserRole
STATUS_TEXT = {
    "open": QT_TRANSLATE_NOOP("ProblemEditor", "Open"),
    "known_error": QT_TRANSLATE_NOOP("ProblemEditor", "Known error"),
    "closed": QT_TRANSLATE_NOOP("ProblemEditor", "Closed"),
}
# The events each write button needs the role for (creating and linking write both).
NEEDS = {
    "from_suggestion": (PROBLEM_LINK, PROBLEM_EDIT),
    "from_incident": (PROBLEM_LINK, PROBLEM_EDIT),
    "link": (PROBLEM_LINK, PROBLEM_EDIT),
    "unlink": (PROBLEM_LINK,),
    "save": (PROBLEM_EDIT,),
}


class ProblemEditor(QDialog):
    def __init__(
        self,
        incidents: IncidentServiceQt,
        selected_incident: Callable[[], str | None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("problemEditor")
        self.setModal(False)
        self.resize(900, 600)
        self.service = incidents.service
        self.selected_incident = selected_incident
        self.rights: Rights = allow_all  # the window sets ConsoleSession.may
        self.rights_note = refusal_label()
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problemList")
        self.suggestion_list = QListWidget()
        self.suggestion_list.setObjectName("problemSuggestions")
        self.title_edit = QLineEdit()
        self.status_box = QComboBox()
        for value, text in STATUS_TEXT.items():
            self.status_box.addItem(self.tr(text), value)
        self.cause_edit = QPlainTextEdit()
        self.cause_edit.setTabChangesFocus(True)
        self.prevent_edit = QPlainTextEdit()
        self.prevent_edit.setTabChangesFocus(True)
        self.incident_list = QListWidget()
        self.incident_list.setObjectName("problemIncidents")
        self.buttons = {
            key: QPushButton()
            for key in ("from_suggestion", "from_incident", "link", "unlink", "save", "close")
        }
        self.error_label = QLabel()
        self.error_label.setObjectName("editorError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.captions = {k: QLabel() for k in ("problems", "suggestions", "incidents")}
        self.form_captions = [QLabel() for _ in range(4)]
        form = QFormLayout()
        for caption, widget in zip(
            self.form_captions,
            (self.title_edit, self.status_box, self.cause_edit, self.prevent_edit),
            strict=True,
        ):
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        left = QVBoxLayout()
        for key, widget in (
            ("problems", self.problem_list),
            ("suggestions", self.suggestion_list),
        ):
            left.addWidget(self.captions[key])
            left.addWidget(widget, 1)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.captions["incidents"])
        right.addWidget(self.incident_list, 1)
        grid = QGridLayout(self)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(1, 2)
        grid.addWidget(self.rights_note, 1, 0, 1, 2)
        grid.addWidget(self.error_label, 2, 0, 1, 2)
        row = QGridLayout()
        for n, button in enumerate(self.buttons.values()):
            row.addWidget(button, 0, n)
        grid.addLayout(row, 3, 0, 1, 2)
        for key, button in self.buttons.items():
            button.setObjectName(f"problem_{key}")
            button.clicked.connect(getattr(self, f"on_{key}"))
        self.problem_list.currentItemChanged.connect(lambda *_: self.on_selected())
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Problems"))
        self.captions["problems"].setText(self.tr("<b>Problem records</b>"))
        self.captions["suggestions"].setText(self.tr("<b>Recurring incidents (suggestions)</b>"))
        self.captions["incidents"].setText(self.tr("<b>Incidents of this problem</b>"))
        for caption, text in zip(
            self.form_captions,
            (
                self.tr("&Title"),
                self.tr("&Status"),
                self.tr("Root &cause"),
                self.tr("&Preventive action"),
            ),
            strict=True,
        ):
            caption.setText(text)
        texts = {
            "from_suggestion": self.tr("New from suggestion"),
            "from_incident": self.tr("New from selected incident"),
            "link": self.tr("&Link selected incident"),
            "unlink": self.tr("&Unlink incident"),
            "save": self.tr("&Save"),
            "close": self.tr("Close"),
        }
        for key, text in texts.items():
            self.buttons[key].setText(text)

    # -- showing ---------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        current = select or self.current_id()
        self.problem_list.clear()
        for problem in self.service.problems().values():
            n = len(problem.incident_ids)
            status = self.tr(STATUS_TEXT[problem.status.value])
            text = f"{problem.id}  [{status}]  {problem.title}  ({n})"
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, problem.id)
            self.problem_list.addItem(item)
            if problem.id == current:
                self.problem_list.setCurrentItem(item)
        self.suggestion_list.clear()
        for group in self.service.problem_suggestions():
            what = self.tr("same CI") if group.kind == "ci" else self.tr("same fault")
            linked = f" - in {', '.join(group.linked_problems)}" if group.linked_problems else ""
            item = QListWidgetItem(f"{what} {group.key}: {len(group.incident_ids)}x{linked}")
            item.setData(ID_ROLE, group)
            self.suggestion_list.addItem(item)
        self.on_selected()

    def current_id(self) -> str | None:
        item = self.problem_list.currentItem()
        return None if item is None else str(item.data(ID_ROLE))

    def current(self) -> Problem | None:
        problem_id = self.current_id()
        return None if problem_id is None else self.service.problems().get(problem_id)

    def on_selected(self) -> None:
        problem = self.current()
        self.incident_list.clear()
        self._enable()
        if problem is None:
            return
        self.title_edit.setText(problem.title)
        self.status_box.setCurrentIndex(self.status_box.findData(problem.status.value))
        self.cause_edit.setPlainText(problem.root_cause)
        self.prevent_edit.setPlainText(problem.preventive_action)
        for incident_id in problem.incident_ids:
            state = self.service.incident(incident_id)
            item = QListWidgetItem(f"{state.number}  {state.status.value}  {state.title}")
            item.setData(ID_ROLE, incident_id)
            self.incident_list.addItem(item)

    # -- rights ----------------------------------------------------------------------

    def set_rights(self, rights: Rights) -> None:
        self.rights = rights
        self.refresh_rights()

    def refresh_rights(self) -> None:
        self._enable()

    def _enable(self) -> None:
        """Write buttons: possible now (a problem selected) and allowed for the role."""
        selected = self.current_id() is not None
        for key, needs in NEEDS.items():
            possible = selected or key.startswith("from_")
            gate(self.buttons[key], possible, refusal(self.rights, *needs))
        show_refusal(self.rights_note, refusal(self.rights, PROBLEM_EDIT, PROBLEM_LINK))

    def refused(self, key: str) -> bool:
        """True (and the reason shown) when the role may not use the button `key`."""
        refused = refusal(self.rights, *NEEDS[key])
        if refused is not None:
            self.show_error(refused)
        return refused is not None

    # -- actions ---------------------------------------------------------------------

    def _do(self, action: Callable[[], Problem], what: str) -> bool:
        made: list[Problem] = []
        done = run_action(lambda: made.append(action()), self.show_error, what)
        if done:
            self.error_label.hide()
            self.refresh(made[0].id)
        return done

    def on_from_suggestion(self) -> bool:
        if self.refused("from_suggestion"):
            return False
        item = self.suggestion_list.currentItem()
        if item is None:
            self.show_error(self.tr("Select a suggestion first."))
            return False
        group = item.data(ID_ROLE)
        title = self.title_edit.text().strip() or f"recurring: {group.key}"
        return self._do(
            lambda: self.service.create_problem(title, group.incident_ids),
            self.tr("Creating a problem"),
        )

    def on_from_incident(self) -> bool:
        if self.refused("from_incident"):
            return False
        incident_id = self.selected_incident()
        if incident_id is None:
            self.show_error(self.tr("Select an incident in the incident list first."))
            return False
        title = self.title_edit.text().strip() or self.service.incident(incident_id).title
        return self._do(
            lambda: self.service.create_problem(title, [incident_id]), self.tr("Creating a problem")
        )

    def on_link(self) -> bool:
        if self.refused("link"):
            return False
        problem_id, incident_id = self.current_id(), self.selected_incident()
        if problem_id is None or incident_id is None:
            self.show_error(self.tr("Select a problem here and an incident in the list."))
            return False
        return self._do(
            lambda: self.service.link_to_problem(problem_id, [incident_id]), self.tr("Linking")
        )

    def on_unlink(self) -> bool:
        if self.refused("unlink"):
            return False
        item = self.incident_list.currentItem()
        if item is None:
            self.show_error(self.tr("Select one of the problem's incidents to unlink."))
            return False
        done = run_action(
            lambda: self.service.link_problem(str(item.data(ID_ROLE)), None),
            self.show_error,
            self.tr("Unlinking"),
        )
        if done:
            self.refresh()
        return done

    def on_save(self) -> bool:
        if self.refused("save"):
            return False
        problem_id = self.current_id()
        if problem_id is None:
            self.show_error(self.tr("Select a problem first."))
            return False
        return self._do(
            lambda: self.service.update_problem(
                problem_id,
                title=self.title_edit.text(),
                status=ProblemStatus(self.status_box.currentData()).value,
                root_cause=self.cause_edit.toPlainText(),
                preventive_action=self.prevent_edit.toPlainText(),
            ),
            self.tr("Saving the problem"),
        )

    def on_close(self) -> None:
        self.close()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
