"""Timeline and notes of an incident as list items: no-ops, overridden values and
newer events each marked as such (word and style, never colour alone)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QListWidgetItem

from app.incidents.report import entry_text
from models.incidents.state import EntryKind, Note, TimelineEntry
from models.reasons import render

KIND_TAG = {
    EntryKind.EVENT: "",
    EntryKind.NOOP: "[no effect] ",
    EntryKind.OVERRIDDEN: "[overridden] ",
    EntryKind.NEWER_EVENT: "[newer event] ",
}
MUTED = "#616161"


def clock(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000).strftime("%H:%M:%S")


def entry_item(entry: TimelineEntry) -> QListWidgetItem:
    text = f"{clock(entry.hlc.wall_ms)}  {KIND_TAG[entry.kind]}{entry_text(entry)}"
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
    kind = {"work_note": "work note", "diagnostic_attached": "diagnostic"}.get(note.kind, "comment")
    item = QListWidgetItem(f"{clock(note.hlc.wall_ms)}  {note.user} ({kind}): {note.text}")
    item.setToolTip(f"{kind} by {note.user} at console {note.console_id}")
    return item
