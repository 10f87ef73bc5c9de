"""Light and dark ISA-101 themes, switchable while the console runs.

Both are neutral greys with colour only for abnormal states; the dark theme keeps
every state's hue and shape (see `palette.DARK_STYLES`). Fusion is used on every
platform so the palette is honoured the same way on Windows and Linux.

Signals (ThemeNotifier): changed(str) after a theme was applied.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QStyleFactory

from widgets import palette as state_palette

THEMES = ("light", "dark")


class ThemeNotifier(QObject):
    """One per application: views that paint their own colours listen to `changed`."""

    changed = Signal(str)


_notifier: ThemeNotifier | None = None
_current = "light"


def notifier() -> ThemeNotifier:
    global _notifier
    if _notifier is None:
        _notifier = ThemeNotifier()
    return _notifier


def current_theme() -> str:
    return _current


def apply_theme(app: QApplication, name: str) -> str:
    """Apply 'light' or 'dark' (anything else: light) to the whole application, live."""
    global _current
    name = name if name in THEMES else "light"
    styles = QStyleFactory.keys()  # a list of style names, not a dict
    if "Fusion" in styles and app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(app.style().standardPalette())  # start from a clean slate each switch
    dark = name == "dark"
    if dark:
        state_palette.apply_dark_palette(app)
    else:
        state_palette.apply_light_palette(app)
    state_palette.use_state_styles(dark)
    hints = app.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8+: native title bars follow
        hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
    _current = name
    for widget in app.allWidgets():
        widget.update()
    notifier().changed.emit(name)
    return name


def splash_style() -> str:
    """The launcher's 'starting' label in the current theme's colours."""
    if _current == "dark":
        bg, text = state_palette.DARK_PANEL_BG, state_palette.DARK_TEXT
    else:
        bg, text = state_palette.PANEL_BG, state_palette.TEXT
    return f"background: {bg}; color: {text}; border: 1px solid #9E9E9E; font-size: 12pt;"
