"""The user's settings while the console runs: saved in one place, followed at once.

The Settings dialog (`open_settings`) and the incident menu's "Sound for new P1/P2"
both save through `save_settings`, which writes the file and announces the saved
settings: every window (the demo may show several) follows without a restart.

Signals (LiveSettings):
    changed(object): the Settings just saved
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.settings import Settings


class LiveSettings(QObject):
    changed = Signal(object)


_live: LiveSettings | None = None


def live_settings() -> LiveSettings:
    """The one notifier (made on first use, on the GUI thread)."""
    global _live
    if _live is None:
        _live = LiveSettings()
    return _live


def save_settings(settings: Settings) -> Settings:
    """Write `settings` (OSError when the file cannot be written) and announce them."""
    settings.save()
    live_settings().changed.emit(settings)
    return settings


def change_settings(**changes: Any) -> Settings:
    """The stored settings with `changes`, saved and announced."""
    current, _ = Settings.load()
    return save_settings(replace(current, **changes))
