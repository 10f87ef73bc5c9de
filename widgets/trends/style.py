"""Trend colours, pens and fonts: neutral greys, colour only for the limits (ISA-101).

Warning and alarm lines differ in dash pattern and width as well as colour, and carry
a text label, so they read without colour (deuteranopia). Two schemes, light and dark
(UI.md; the dark one keeps the limits' hues, lightened like the state colours), chosen
by the current theme: `colours()`; plots restyle themselves on a live theme switch.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPen

from models.states import State
from widgets import theme
from widgets.palette import DARK_PANEL_BG, DARK_STYLES, DARK_TEXT, NEUTRAL, PANEL_BG, TEXT


@dataclass(frozen=True)
class TrendColours:
    background: str
    curve: str
    axis: str
    text: str
    label_fill: tuple[int, int, int, int]
    legend_pen: str
    warning: str
    alarm: str


LIGHT = TrendColours(
    background=PANEL_BG,
    curve="#4D4D4D",
    axis="#6E6E6E",
    text=TEXT,
    label_fill=(247, 247, 247, 210),
    legend_pen="#CFCFCF",
    warning="#E8A400",
    alarm="#C62828",
)
DARK = TrendColours(
    background=DARK_PANEL_BG,
    curve="#D4D4D4",
    axis="#A3A3A3",
    text=DARK_TEXT,
    label_fill=(48, 48, 48, 210),
    legend_pen="#5A5A5A",
    warning=DARK_STYLES[State.WARNING].colour,
    alarm=DARK_STYLES[State.DOWN].colour,
)

# The light scheme's names (kept for callers that draw in the light theme's colours).
WARNING = LIGHT.warning
ALARM = LIGHT.alarm
CURVE = LIGHT.curve
AXIS = LIGHT.axis
GRID_ALPHA = 0.12
LABEL_FILL = LIGHT.label_fill
FONT_PT = 10

__all__ = ["ALARM", "AXIS", "CURVE", "NEUTRAL", "PANEL_BG", "TEXT", "WARNING", "colours"]


def colours() -> TrendColours:
    """The current theme's trend colours."""
    return DARK if theme.current_theme() == "dark" else LIGHT


def font(bold: bool = False) -> QFont:
    """The trend font: at least 10 pt (UI.md: readable on a 1366x768 plant PC)."""
    f = QFont()
    f.setPointSize(FONT_PT)
    f.setBold(bold)
    return f


def curve_pen() -> QPen:
    import pyqtgraph as pg  # with the first plot, not with the window (start-up time)

    pen: QPen = pg.mkPen(colours().curve, width=1.5)
    return pen


def limit_pen(kind: str) -> QPen:
    """Warning: amber dashes; alarm: red dash-dot. Pattern and label tell them apart too."""
    import pyqtgraph as pg  # with the first plot, not with the window (start-up time)

    scheme = colours()
    if kind == "alarm":
        pen: QPen = pg.mkPen(scheme.alarm, width=2, style=Qt.PenStyle.DashDotLine)
    else:
        pen = pg.mkPen(scheme.warning, width=2, style=Qt.PenStyle.DashLine)
    return pen
