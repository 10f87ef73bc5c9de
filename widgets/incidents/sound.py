"""NotificationSound: one short sound for a new P1/P2 incident (UI.md), when enabled.

PySide6-Essentials has no QtMultimedia: the sound is `QApplication.beep()` (the
platform's alert sound). It plays once per notification, never loops, only when the
plant file's notify rule asks for sound (`Notification.sound`) and the user's setting
is on; `player` is the hook tests replace.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from app.incidents.notify import NEW, Notification

SOUNDED = ("P1", "P2")


class NotificationSound(QObject):
    def __init__(
        self,
        enabled: bool = True,
        player: Callable[[], None] = QApplication.beep,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.player = player
        self.played = 0

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled

    def on_notification(self, note: Notification) -> bool:
        """Play once for a new P1/P2 that asks for sound; True when it played."""
        if not self.enabled or not note.sound:
            return False
        if note.kind != NEW or note.priority not in SOUNDED:
            return False
        self.player()
        self.played += 1
        return True
