"""A splash note: a frameless, centred line of text for what the person waits on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from widgets import theme


def splash(text: str, name: str = "splash") -> QLabel:
    """Shown at once; the caller closes it when the wait is over."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWindowFlags(Qt.WindowType.SplashScreen)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMinimumSize(420, 120)
    label.setStyleSheet(theme.splash_style())
    label.show()
    return label
