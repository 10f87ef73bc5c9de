"""Timeline and notes of an incident as list items: no-ops, overridden values and
newer events each marked as such (word and style, never colour alone)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QListWidgetItem

from app.incidents.report import entry_text
from models.incidents.state import EntryKind, Note, TimelineEntry
from models.reasons import render
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


def _tag(kind: EntryKind) -> str:
    return translate("IncidentTimeline", KIND_TAG[kind]) if KIND_TAG[kind] else ""


MUTED = "#616161"


def clock(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000).strftime("%H:%M:%S")


def entry_item(entry: TimelineEntry) -> QListWidgetItem:
    text = f"{clock(entry.hlc.wall_ms)}  {_tag(entry.kind)}{entry_text(entry)}"
    item = QListWidgetItem(text)
    tip = [f"{entry.type} by {entry.user} at console {entry.console_id}", str(entry.hlc)]
    if entry.kind is EntryKind.NOOP and entry.why is not None:
        tip.append(f"no effect: {render(entry.why)}")
    if entry.kind is EntryKind.NEWER_EVENT:
        tip.append("written by a newer PlantConsole; kept and shown, not applied here")
    item.setToolTip("\n".join(tip))
    item.setData(256, entry.kind.value)
    if entry.kind is not EntryKind.EVENT:
        font = QFont()
        font.setItalic(True)
        item.setFont(font)
        item.setForeground(QColor(MUTED))
    return item


def note_item(note: Note) -> QListWidgetItem:
    kind = translate("IncidentTimeline", NOTE_KINDS.get(note.kind, COMMENT))
    item = QListWidgetItem(f"{clock(note.hlc.wall_ms)}  {note.user} ({kind}): {note.text}")
    item.setToolTip(f"{kind} by {note.user} at console {note.console_id}")
    return item
