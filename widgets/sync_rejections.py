"""SyncRejectionsDialog: the events the server refused, each with its reason (issue 6).

Opened from the header's "N rejected" button. The server quarantines a rejected event
(an admin sees it there) and the events behind it synced on; the console keeps the
last ones it heard of in its sync status (not in the store), so this list is what the
person shows plant IT: event id, the server's code and its reason, as sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.sync.status import Rejection


class SyncRejectionsDialog(QDialog):
    def __init__(self, rejections: Sequence[Rejection], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncRejectionsDialog")
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, 3)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 360)
        self._rejections: Sequence[Rejection] = ()
        self._retranslate()
        self.set_rejections(rejections)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Rejected by the server"))
        self.intro.setText(
            self.tr(
                "The server refused these events and keeps them in quarantine; everything "
                "else synced. Show this list to plant IT."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Event"), self.tr("Refused as"), self.tr("Reason")]
        )

    def changeEvent(self, event: QEvent) -> None:
        """A live language switch: the texts and the codes' words in the new language."""
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "table"):
            self._retranslate()
            self.set_rejections(self._rejections)
        super().changeEvent(event)

    def set_rejections(self, rejections: Sequence[Rejection]) -> None:
        """Newest first (the one the person just heard of on top)."""
        self._rejections = tuple(rejections)
        self.table.setRowCount(len(rejections))
        for row, rejection in enumerate(reversed(rejections)):
            cells = (
                rejection.event_id or self.tr("(no id)"),
                self.code_text(rejection.code),
                rejection.reason,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def code_text(self, code: int) -> str:
        if code == 403:
            return self.tr("403: no right to write it")
        if code == 422:
            return self.tr("422: invalid")
        return str(code)

    def rows(self) -> list[tuple[str, str, str]]:
        """The table's texts (tests, and what the person sees)."""
        found = []
        for row in range(self.table.rowCount()):
            texts = [self.table.item(row, column) for column in range(3)]
            a, b, c = (item.text() if item is not None else "" for item in texts)
            found.append((a, b, c))
        return found
