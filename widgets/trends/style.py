"""Trend colours, pens and fonts: neutral greys, colour only for the limits (ISA-101).

Warning and alarm lines differ in dash pattern and width as well as colour, and carry
a text label, so they read without colour (deuteranopia).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPen

from widgets.palette import NEUTRAL, PANEL_BG, TEXT

WARNING = "#E8A400"
ALARM = "#C62828"
CURVE = "#4D4D4D"
AXIS = "#6E6E6E"
GRID_ALPHA = 0.12
LABEL_FILL = (247, 247, 247, 210)
FONT_PT = 10

__all__ = ["ALARM", "AXIS", "CURVE", "NEUTRAL", "PANEL_BG", "TEXT", "WARNING"]


def font(bold: bool = False) -> QFont:
    """The trend font: at least 10 pt (UI.md: readable on a 1366x768 plant PC)."""
    f = QFont()
    f.setPointSize(FONT_PT)
    f.setBold(bold)
    return f


def curve_pen() -> QPen:
    pen: QPen = pg.mkPen(CURVE, width=1.5)
    return pen


def limit_pen(kind: str) -> QPen:
    """Warning: amber dashes; alarm: red dash-dot. Pattern and label tell them apart too."""
    if kind == "alarm":
        pen: QPen = pg.mkPen(ALARM, width=2, style=Qt.PenStyle.DashDotLine)
    else:
        pen = pg.mkPen(WARNING, width=2, style=Qt.PenStyle.DashLine)
    return pen
