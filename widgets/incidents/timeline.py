"""Timeline and notes of an incident as item models: no-ops, overridden values and newer
events each marked as such (word and style, never colour alone).

An incident can carry hundreds of events, so rows are texts made when a view asks for
them (the rows on screen), and a grown incident appends rows instead of rebuilding.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.incidents.report import entry_text
from models.incidents.state import EntryKind, Note, TimelineEntry
from models.reasons import render
from widgets import i18n
from widgets.i18n import QT_TRANSLATE_NOOP

KIND_TAG = {
    EntryKind.EVENT: "",
    EntryKind.NOOP: QT_TRANSLATE_NOOP("IncidentTimeline", "[no effect] "),
    EntryKind.OVERRIDDEN: QT_TRANSLATE_NOOP("IncidentTimeline", "[overridden] "),
    EntryKind.NEWER_EVENT: QT_TRANSLATE_NOOP("IncidentTimeline", "[newer event] "),
}
NOTE_KINDS = {
    "work_note": QT_TRANSLATE_NOOP("IncidentTimeline", "work note"),
    "diagnostic_attached": QT_TRANSLATE_NOOP("IncidentTimeline", "diagnostic"),
}
COMMENT = QT_TRANSLATE_NOOP("IncidentTimeline", "comment")
translate = QCoreApplication.translate  # the name lupdate looks for
KIND_ROLE = int(Qt.ItemDataRole.UserRole)  # a timeline row's EntryKind value
MUTED = "#616161"
Role = Qt.ItemDataRole
Index = QModelIndex | QPersistentModelIndex
Row = TimelineEntry | Note


def _tag(kind: EntryKind) -> str:
    return translate("IncidentTimeline", KIND_TAG[kind]) if KIND_TAG[kind] else ""


def clock(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000).strftime("%H:%M:%S")


def one_line(text: str) -> str:
    """Line breaks (of a note) shown as ⏎: every row is one line high."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", " ⏎ ")


def entry_line(entry: TimelineEntry) -> str:
    return one_line(f"{clock(entry.hlc.wall_ms)}  {_tag(entry.kind)}{entry_text(entry)}")


def entry_tip(entry: TimelineEntry) -> str:
    tip = [f"{entry.type} by {entry.user} at console {entry.console_id}", str(entry.hlc)]
    if entry.kind is EntryKind.NOOP and entry.why is not None:
        tip.append(f"no effect: {render(entry.why)}")
    if entry.kind is EntryKind.NEWER_EVENT:
        tip.append("written by a newer PlantConsole; kept and shown, not applied here")
    return "\n".join(tip)


def note_line(note: Note) -> str:
    kind = translate("IncidentTimeline", NOTE_KINDS.get(note.kind, COMMENT))
    return one_line(f"{clock(note.hlc.wall_ms)}  {note.user} ({kind}): {note.text}")


def note_tip(note: Note) -> str:
    """Who wrote it, and a note of several lines as written."""
    kind = translate("IncidentTimeline", NOTE_KINDS.get(note.kind, COMMENT))
    who = f"{kind} by {note.user} at console {note.console_id}"
    return f"{who}\n\n{note.text}" if "\n" in note.text or "\r" in note.text else who


class TimelineModel(QAbstractListModel):
    """Timeline entries or notes of one incident, one row each (`set_rows` to follow it)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._texts: list[str | None] = []
        self._italic = QFont()
        self._italic.setItalic(True)
        self._muted = QColor(MUTED)
        i18n.notifier().changed.connect(self._on_language_changed)

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show `rows`: rows added at the end are inserted, any other change resets."""
        old, count = self._rows, len(self._rows)
        if len(rows) >= count and all(a is b or a == b for a, b in zip(old, rows, strict=False)):
            if len(rows) > count:
                self.beginInsertRows(QModelIndex(), count, len(rows) - 1)
                self._rows.extend(rows[count:])
                self._texts.extend([None] * (len(rows) - count))
                self.endInsertRows()
            return
        self.beginResetModel()
        self._rows, self._texts = list(rows), [None] * len(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt default)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Role.DisplayRole:
            text = self._texts[index.row()]
            if text is None:
                text = self._texts[index.row()] = _line(row)
            return text
        if role == Role.ToolTipRole:
            return entry_tip(row) if isinstance(row, TimelineEntry) else note_tip(row)
        muted = isinstance(row, TimelineEntry) and row.kind is not EntryKind.EVENT
        if role == Role.FontRole and muted:
            return self._italic
        if role == Role.ForegroundRole and muted:
            return self._muted
        if role == KIND_ROLE and isinstance(row, TimelineEntry):
            return row.kind.value
        return None

    def _on_language_changed(self, _lang: str) -> None:
        """Tags and note kinds in the new language."""
        self._texts = [None] * len(self._rows)
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))


def _line(row: Row) -> str:
    return entry_line(row) if isinstance(row, TimelineEntry) else note_line(row)


class TimelineView(QTableView):
    """A list of a `TimelineModel`, one line per row.

    A one-column table rather than a QListView: its rows are fixed-height header
    sections, so laying out hundreds of rows is arithmetic, and only the rows on screen
    are ever asked for (a QListView asks the model about every row at each layout)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = TimelineModel(self)
        self.setModel(self.rows)
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 4)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._bottom_on_show = False

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show `rows`, following the end when it was shown (or nothing was)."""
        bar = self.verticalScrollBar()
        follow = self.rows.rowCount() == 0 or bar.value() >= bar.maximum()
        self.rows.set_rows(rows)
        if follow and self.isVisible():
            self.scrollToBottom()
        else:  # laid out once, at its real size, when shown
            self._bottom_on_show = follow

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._bottom_on_show:
            self._bottom_on_show = False
            self.scrollToBottom()

    def count(self) -> int:
        return self.rows.rowCount()

    def texts(self) -> list[str]:
        """Every row's text (tests and exports; the view itself asks for visible rows)."""
        return [self.rows.index(row).data() for row in range(self.rows.rowCount())]
