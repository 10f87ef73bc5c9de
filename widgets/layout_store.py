"""Window layout (geometry, docks and their sizes) saved per user and restored.

An INI file in the per-user config folder (`app.paths.config_dir()`, platformdirs),
so an IT department can inspect or delete it; a missing or broken entry just
means the first-run layout.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

from app.paths import config_dir

LAYOUT_VERSION = 1


def layout_path() -> Path:
    return config_dir() / "layout.ini"


def _settings() -> QSettings:
    path = layout_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def save_layout(window: QMainWindow) -> None:
    settings = _settings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState(LAYOUT_VERSION))
    settings.sync()


def restore_layout(window: QMainWindow) -> bool:
    """Restore geometry and docks; False when nothing usable was saved (first run)."""
    if not layout_path().exists():
        return False
    settings = _settings()
    geometry = settings.value("window/geometry")
    state = settings.value("window/state")
    if not isinstance(geometry, QByteArray) or not isinstance(state, QByteArray):
        return False
    return window.restoreGeometry(geometry) and window.restoreState(state, LAYOUT_VERSION)


def forget_layout() -> None:
    layout_path().unlink(missing_ok=True)
