"""ShelveEditor: silence a CI's alarms for a bounded time with a reason (ISA-18.2); unshelve.

A non-modal dialog: CI (preset from the selection), duration (bounded by the plant
file's `max_shelve_h`), reason (required); below, the shelvings in force now with who
shelved them, why and until when. Every change goes through the incident service (one
audited transaction); a refusal or a failed write is shown in the dialog, and what was
typed stays for another try. A shelved CI shows MAINTENANCE with "alarms shelved until
HH:MM: reason" in the tree and diagram. Shelving and unshelving follow the logged-in
role (`set_rights`): for a viewer they are disabled, with the reason as tooltip and in a
line of the dialog; the list of shelvings stays visible to everyone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.incidents.qt_service import IncidentServiceQt
from app.incidents.service import ActionError
from models.incidents.maintenance import clock_hhmm
from models.store import StoreError
from widgets.incidents.rights import SHELVE, Rights, allow_all, gate, refusal_label, show_refusal

log = logging.getLogger(__name__)
ERROR_STYLE = "color: #C62828; font-weight: bold;"


def ci_combo(ids: list[str], current: str = "") -> QComboBox:
    """An editable CI picker that completes plant ids as they are typed."""
    box = QComboBox()
    box.setEditable(True)
    box.addItems(ids)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(ids, box)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    box.setCompleter(completer)
    box.setCurrentText(current)
    return box


def run_action(action: Callable[[], object], show_error: Callable[[str], None], what: str) -> bool:
    """Run one service call; say why when it is refused or not saved (never dropped)."""
    try:
        action()
    except ActionError as exc:
        show_error(str(exc))
        return False
    except StoreError as exc:
        log.warning("%s not saved: %s", what, exc)
        text = QCoreApplication.translate("ShelveEditor", "Not saved: %1")
        show_error(text.replace("%1", str(exc)))
        return False
    except Exception as exc:
        log.exception("%s failed", what)
        text = QCoreApplication.translate("ShelveEditor", "%1 failed: %2")
        show_error(text.replace("%1", what).replace("%2", str(exc)))
        return False
    return True


class ShelveEditor(QDialog):
    def __init__(
        self, incidents: IncidentServiceQt, ci: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shelveEditor")
        self.setModal(False)
        self.resize(640, 420)
        self.incidents = incidents
        self.service = incidents.service
        self.rights: Rights = allow_all  # the window sets ConsoleSession.may
        self.rights_note = refusal_label()
        max_h = self.service.plant.source.incidents.max_shelve_h
        self.ci_box = ci_combo(sorted(self.service.plant.nodes), ci)
        self.ci_box.setObjectName("shelveCi")
        self.minutes = QSpinBox()
        self.minutes.setObjectName("shelveMinutes")
        self.minutes.setRange(1, max(1, round(max_h * 60)))
        self.minutes.setValue(min(60, self.minutes.maximum()))
        self.minutes.setSuffix(" min")
        self.reason = QLineEdit()
        self.reason.setObjectName("shelveReason")
        self.shelve_button = QPushButton()
        self.shelve_button.setObjectName("shelveButton")
        self.shelve_button.setDefault(True)
        self.unshelve_button = QPushButton()
        self.unshelve_button.setObjectName("unshelveButton")
        self.close_button = QPushButton()
        self.error_label = QLabel()
        self.error_label.setObjectName("editorError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.table = QTreeWidget()
        self.table.setObjectName("shelvedList")
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(4)

        form = QFormLayout()
        self.ci_caption, self.minutes_caption, self.reason_caption = QLabel(), QLabel(), QLabel()
        form.addRow(self.ci_caption, self.ci_box)
        form.addRow(self.minutes_caption, self.minutes)
        form.addRow(self.reason_caption, self.reason)
        self.ci_caption.setBuddy(self.ci_box)
        self.minutes_caption.setBuddy(self.minutes)
        self.reason_caption.setBuddy(self.reason)
        self.bound_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.shelve_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unshelve_button)
        buttons.addWidget(self.close_button)
        self.list_caption = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bound_label)
        layout.addWidget(self.rights_note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.list_caption)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.shelve_button.clicked.connect(self.on_shelve)
        self.unshelve_button.clicked.connect(self.on_unshelve)
        self.close_button.clicked.connect(self.close)
        self.reason.returnPressed.connect(self.on_shelve)
        self.table.currentItemChanged.connect(lambda *_: self._enable())
        self.timer = QTimer(self)  # shelvings run out while the dialog is open
        self.timer.setInterval(30_000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        max_h = self.service.plant.source.incidents.max_shelve_h
        self.setWindowTitle(self.tr("Shelve alarms"))
        self.ci_caption.setText(self.tr("&CI"))
        self.minutes_caption.setText(self.tr("&Duration"))
        self.reason_caption.setText(self.tr("&Reason (required)"))
        self.reason.setPlaceholderText(self.tr("why its alarms are a nuisance now"))
        self.bound_label.setText(
            self.tr(
                "Shelving ends by itself after at most {h} h (ISA-18.2); it is audited."
            ).replace("{h}", f"{max_h:g}")
        )
        self.shelve_button.setText(self.tr("&Shelve"))
        self.unshelve_button.setText(self.tr("&Unshelve selected"))
        self.close_button.setText(self.tr("Close"))
        self.list_caption.setText(self.tr("<b>Shelved now</b>"))
        self.table.setHeaderLabels(
            [self.tr("CI"), self.tr("Until"), self.tr("By"), self.tr("Reason")]
        )

    def refresh(self) -> None:
        current = self.selected_ci()
        self.table.clear()
        for shelf in self.service.shelves_now():
            item = QTreeWidgetItem([shelf.ci, clock_hhmm(shelf.until_ms), shelf.user, shelf.reason])
            item.setData(0, Qt.ItemDataRole.UserRole, shelf.ci)
            self.table.addTopLevelItem(item)
            if shelf.ci == current:
                self.table.setCurrentItem(item)
        self._enable()

    def selected_ci(self) -> str | None:
        item = self.table.currentItem()
        return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole))

    def set_rights(self, rights: Rights) -> None:
        self.rights = rights
        self.refresh_rights()

    def refresh_rights(self) -> None:
        self._enable()

    def _enable(self) -> None:
        refused = self.rights(SHELVE)
        gate(self.shelve_button, True, refused)
        gate(self.unshelve_button, self.selected_ci() is not None, refused)
        show_refusal(self.rights_note, refused)

    # -- actions ---------------------------------------------------------------------

    def on_shelve(self) -> bool:
        refused = self.rights(SHELVE)
        if refused is not None:  # Enter in the reason field: past the disabled button
            self.show_error(refused)
            return False
        ci = self.ci_box.currentText().strip()
        reason, minutes = self.reason.text(), self.minutes.value()
        if not ci:
            self.show_error(self.tr("Choose the CI whose alarms to shelve."))
            return False
        if not reason.strip():
            self.show_error(self.tr("Shelving needs a reason: say why its alarms are a nuisance."))
            self.reason.setFocus()
            return False
        done = run_action(
            lambda: self.service.shelve(ci, reason, minutes), self.show_error, self.tr("Shelving")
        )
        if done:
            self.error_label.hide()
            self.reason.clear()
            self.refresh()
        return done

    def on_unshelve(self) -> bool:
        refused = self.rights(SHELVE)
        if refused is not None:
            self.show_error(refused)
            return False
        ci = self.selected_ci()
        if ci is None:
            self.show_error(self.tr("Select a shelved CI first."))
            return False
        done = run_action(lambda: self.service.unshelve(ci), self.show_error, self.tr("Unshelving"))
        if done:
            self.error_label.hide()
        self.refresh()
        return done

    def preset(self, ci: str) -> None:
        """Shelve this CI next (from its context menu); a reason typed stays."""
        self.ci_box.setCurrentText(ci)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
