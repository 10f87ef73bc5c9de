"""MaintenanceEditor: change records (PLC firmware update, robot program change, ...) with
their planned window, CIs and rollback note; a change past its planned end is flagged.

The list shows every change: planned, active, OVERRUN (bold, marked, with how long),
done. The form below adds a change or edits the selected one; "End change now" reports
it done so its CIs leave MAINTENANCE. Bad input (no CI, unknown CI, end before start,
no rollback note) is said plainly in the dialog and nothing typed is lost. Saving and
ending follow the logged-in role (`set_rights`): for a viewer they are disabled, with the
reason as tooltip and in a line of the dialog; the list stays visible to everyone.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.formatting import duration
from app.incidents.qt_service import IncidentServiceQt
from models.incidents.maintenance import ChangeKind, MaintenanceWindow
from widgets.i18n import QT_TRANSLATE_NOOP
from widgets.incidents.rights import (
    MAINTENANCE,
    Rights,
    allow_all,
    gate,
    refusal_label,
    show_refusal,
)
from widgets.incidents.shelve_editor import ERROR_STYLE, run_action

RED = "#C62828"
KIND_TEXT = {
    ChangeKind.PLC_FIRMWARE: QT_TRANSLATE_NOOP("MaintenanceEditor", "PLC firmware update"),
    ChangeKind.ROBOT_PROGRAM: QT_TRANSLATE_NOOP("MaintenanceEditor", "Robot program change"),
    ChangeKind.MES_CONFIG: QT_TRANSLATE_NOOP("MaintenanceEditor", "MES configuration"),
    ChangeKind.NETWORK_CONFIG: QT_TRANSLATE_NOOP("MaintenanceEditor", "Network configuration"),
    ChangeKind.ERP_PATCH: QT_TRANSLATE_NOOP("MaintenanceEditor", "ERP patch"),
    ChangeKind.OTHER: QT_TRANSLATE_NOOP("MaintenanceEditor", "Other change"),
}
FORMAT = "yyyy-MM-dd HH:mm"


def when(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M")


class MaintenanceEditor(QDialog):
    def __init__(
        self, incidents: IncidentServiceQt, ci: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("maintenanceEditor")
        self.setModal(False)
        self.resize(860, 600)
        self.service = incidents.service
        self.rights: Rights = allow_all  # the window sets ConsoleSession.may
        self.rights_note = refusal_label()
        self.table = QTreeWidget()
        self.table.setObjectName("windowList")
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(6)
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("windowId")
        self.kind_box = QComboBox()
        for kind, text in KIND_TEXT.items():
            self.kind_box.addItem(self.tr(text), kind.value)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("windowTitle")
        self.cis_edit = QLineEdit(ci)
        self.cis_edit.setObjectName("windowCis")
        now = QDateTime.fromMSecsSinceEpoch(self.service.now_ms())
        self.start_edit = QDateTimeEdit(now.addSecs(300))
        self.end_edit = QDateTimeEdit(now.addSecs(300 + 3600))
        for edit in (self.start_edit, self.end_edit):
            edit.setDisplayFormat(FORMAT)
            edit.setCalendarPopup(True)
        self.rollback_edit = QPlainTextEdit()
        self.rollback_edit.setObjectName("windowRollback")
        self.rollback_edit.setTabChangesFocus(True)
        self.rollback_edit.setMaximumHeight(80)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveWindow")
        self.new_button = QPushButton()
        self.end_button = QPushButton()
        self.end_button.setObjectName("endWindow")
        self.close_button = QPushButton()
        self.error_label = QLabel()
        self.error_label.setObjectName("editorError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.captions = [QLabel() for _ in range(7)]
        form = QFormLayout()
        fields = (
            self.id_edit,
            self.kind_box,
            self.title_edit,
            self.cis_edit,
            self.start_edit,
            self.end_edit,
            self.rollback_edit,
        )
        for caption, widget in zip(self.captions, fields, strict=True):
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.new_button, self.end_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.rights_note)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        self.save_button.clicked.connect(self.on_save)
        self.new_button.clicked.connect(self.on_new)
        self.end_button.clicked.connect(self.on_end)
        self.close_button.clicked.connect(self.close)
        self.table.currentItemChanged.connect(lambda *_: self.on_selected())
        self.timer = QTimer(self)  # planned → active → overrun while the dialog is open
        self.timer.setInterval(30_000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.retranslate()
        self.on_new()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Maintenance windows (change records)"))
        texts = (
            self.tr("Change &id"),
            self.tr("&Kind"),
            self.tr("&Title"),
            self.tr("C&Is (comma separated)"),
            self.tr("Planned &start"),
            self.tr("Planned &end"),
            self.tr("&Rollback note"),
        )
        for caption, text in zip(self.captions, texts, strict=True):
            caption.setText(text)
        self.table.setHeaderLabels(
            [
                self.tr("Change"),
                self.tr("State"),
                self.tr("Title"),
                self.tr("CIs"),
                self.tr("Planned window"),
                self.tr("Rollback"),
            ]
        )
        self.save_button.setText(self.tr("&Save change"))
        self.new_button.setText(self.tr("&New"))
        self.end_button.setText(self.tr("End change &now"))
        self.close_button.setText(self.tr("Close"))

    # -- the list --------------------------------------------------------------------

    def state_text(self, window: MaintenanceWindow) -> tuple[str, bool]:
        """'planned', 'active', '⚠ OVERRUN +12 min', 'done' and whether it is flagged."""
        now = self.service.now_ms()
        over = self.service.window_overrun(window)
        if window.ended_ms is None and over is not None:
            return self.tr("\u26a0 OVERRUN +{d}").replace("{d}", duration(over.overrun_s)), True
        if window.ended_ms is not None:
            if over is not None:
                late = duration(over.overrun_s)
                return self.tr("done ({d} late)").replace("{d}", late), True
            return self.tr("done"), False
        if now < window.planned_start_ms:
            return self.tr("planned"), False
        return self.tr("active"), False

    def refresh(self) -> None:
        current = self.selected_id()
        self.table.clear()
        bold = QFont()
        bold.setBold(True)
        for window in self.service.windows():
            state, flagged = self.state_text(window)
            item = QTreeWidgetItem(
                [
                    window.id,
                    state,
                    window.title,
                    ", ".join(sorted(window.cis)),
                    f"{when(window.planned_start_ms)} - {when(window.planned_end_ms)}",
                    window.rollback_note.splitlines()[0] if window.rollback_note else "",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, window.id)
            if flagged:
                item.setFont(1, bold)
                item.setForeground(1, QBrush(QColor(RED)))
            self.table.addTopLevelItem(item)
            if window.id == current:
                self.table.setCurrentItem(item)
        self._enable()

    def selected_id(self) -> str | None:
        item = self.table.currentItem()
        return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole))

    def selected(self) -> MaintenanceWindow | None:
        wanted = self.selected_id()
        return next((w for w in self.service.windows() if w.id == wanted), None)

    def set_rights(self, rights: Rights) -> None:
        self.rights = rights
        self.refresh_rights()

    def refresh_rights(self) -> None:
        self._enable()

    def _enable(self) -> None:
        window = self.selected()
        refused = self.rights(MAINTENANCE)
        gate(self.save_button, True, refused)
        gate(self.end_button, window is not None and window.ended_ms is None, refused)
        show_refusal(self.rights_note, refused)

    def on_selected(self) -> None:
        window = self.selected()
        self._enable()
        if window is None:
            return
        self.id_edit.setText(window.id)
        self.kind_box.setCurrentIndex(self.kind_box.findData(window.kind.value))
        self.title_edit.setText(window.title)
        self.cis_edit.setText(", ".join(sorted(window.cis)))
        self.start_edit.setDateTime(QDateTime.fromMSecsSinceEpoch(window.planned_start_ms))
        self.end_edit.setDateTime(QDateTime.fromMSecsSinceEpoch(window.planned_end_ms))
        self.rollback_edit.setPlainText(window.rollback_note)

    # -- actions ---------------------------------------------------------------------

    def on_new(self) -> None:
        self.table.clearSelection()
        self.table.setCurrentIndex(QModelIndex())
        self.id_edit.setText(self.service.next_window_id())
        self.title_edit.clear()
        self.rollback_edit.clear()

    def form_window(self) -> MaintenanceWindow | None:
        """The change as typed, or None (and the error shown) when it does not hold."""
        cis = frozenset(c.strip() for c in self.cis_edit.text().replace(";", ",").split(","))
        cis = frozenset(c for c in cis if c)
        change_id = self.id_edit.text().strip()
        title = self.title_edit.text().strip()
        if not change_id:
            self.show_error(self.tr("A change needs an id (e.g. CHG-12)."))
            return None
        if not title:
            self.show_error(self.tr("Give the change a title: what is being changed."))
            return None
        if not cis:
            self.show_error(self.tr("Name at least one CI the change works on."))
            return None
        start = self.start_edit.dateTime().toMSecsSinceEpoch()
        end = self.end_edit.dateTime().toMSecsSinceEpoch()
        if end <= start:
            self.show_error(self.tr("The planned end must be after the planned start."))
            return None
        if not self.rollback_edit.toPlainText().strip():
            self.show_error(self.tr("A change needs a rollback note: how to undo it."))
            return None
        old = next((w for w in self.service.windows() if w.id == change_id), None)
        try:
            return MaintenanceWindow(
                id=change_id,
                kind=ChangeKind(self.kind_box.currentData()),
                title=title,
                cis=cis,
                planned_start_ms=start,
                planned_end_ms=end,
                rollback_note=self.rollback_edit.toPlainText().strip(),
                approved_by=old.approved_by if old else (),
                ended_ms=old.ended_ms if old else None,
            )
        except ValueError as exc:
            self.show_error(str(exc))
            return None

    def refused(self) -> bool:
        """True (and the reason shown) when the role may not write change records."""
        refused = self.rights(MAINTENANCE)
        if refused is not None:
            self.show_error(refused)
        return refused is not None

    def plan_for(self, ci: str) -> None:
        """A change for this CI (from its context menu). A saved change selected: a new
        one; a new one being typed keeps what was typed and gets the CI added."""
        if self.selected_id() is not None:
            self.on_new()
            self.cis_edit.setText(ci)
            return
        typed = [c.strip() for c in self.cis_edit.text().replace(";", ",").split(",")]
        typed = [c for c in typed if c]
        if ci not in typed:
            self.cis_edit.setText(", ".join([*typed, ci]))

    def on_save(self) -> bool:
        if self.refused():
            return False
        window = self.form_window()
        if window is None:
            return False
        done = run_action(
            lambda: self.service.save_window(window), self.show_error, self.tr("Saving the change")
        )
        if done:
            self.error_label.hide()
            self.refresh()
            for n in range(self.table.topLevelItemCount()):
                item = self.table.topLevelItem(n)
                if item is not None and item.text(0) == window.id:
                    self.table.setCurrentItem(item)
        return done

    def on_end(self) -> bool:
        if self.refused():
            return False
        window = self.selected()
        if window is None:
            self.show_error(self.tr("Select the change to end."))
            return False
        done = run_action(
            lambda: self.service.end_window(window.id),
            self.show_error,
            self.tr("Ending the change"),
        )
        if done:
            self.error_label.hide()
        self.refresh()
        return done

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
