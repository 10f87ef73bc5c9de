"""Painting helpers shared by the diagram items: state outlines, fonts, elided text.

ISA-101: OK is a thin neutral grey outline; abnormal states get colour AND a
distinct line style (DOWN solid and thick with a filled band, IMPACTED a
hatched border, UNKNOWN dashed, MAINTENANCE a double line), so that they differ
without colour too; the state mark itself comes from `widgets.palette`.

The neutral colours below follow the theme: `use_theme("dark")` swaps them for the
dark ISA-101 greys (UI.md); the view calls it and repaints on a live switch. State
colours come from `widgets.palette` (same hue and shape in both themes).
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

from models.states import State
from widgets import palette
from widgets.palette import NEUTRAL, colour

# Neutral greys per theme; the module-level names are the current theme's (paint reads them).
LIGHT = {
    "SCENE_BG": palette.WINDOW_BG,
    "TEXT": palette.TEXT,
    "SECONDARY": "#5A5A5A",
    "EDGE_GREY": "#B4B4B4",
    "AREA_FILL": "#E3E3E3",
    "BLOCK_FILL": palette.PANEL_BG,
    "NODE_FILL": "#FFFFFF",
    "SELECTION": "#1E1E1E",
    "ON_DOWN": "#FFFFFF",  # text on a solid DOWN band
}
DARK = {
    "SCENE_BG": palette.DARK_WINDOW_BG,
    "TEXT": palette.DARK_TEXT,
    "SECONDARY": "#B4B4B4",
    "EDGE_GREY": "#5C5C5C",
    "AREA_FILL": "#2C2C2C",
    "BLOCK_FILL": "#363636",
    "NODE_FILL": "#3D3D3D",
    "SELECTION": palette.DARK_TEXT,
    "ON_DOWN": "#1A1A1A",  # the dark theme's DOWN red is light: dark text on it
}
SCENE_BG = LIGHT["SCENE_BG"]
TEXT = LIGHT["TEXT"]
SECONDARY = LIGHT["SECONDARY"]
EDGE_GREY = LIGHT["EDGE_GREY"]
AREA_FILL = LIGHT["AREA_FILL"]
BLOCK_FILL = LIGHT["BLOCK_FILL"]
NODE_FILL = LIGHT["NODE_FILL"]
SELECTION = LIGHT["SELECTION"]
ON_DOWN = LIGHT["ON_DOWN"]


def use_theme(name: str) -> bool:
    """Switch the diagram's neutral colours to 'light' or 'dark'; True if they changed."""
    global SCENE_BG, TEXT, SECONDARY, EDGE_GREY, AREA_FILL, BLOCK_FILL, NODE_FILL
    global SELECTION, ON_DOWN
    scheme = DARK if name == "dark" else LIGHT
    if scheme["SCENE_BG"] == SCENE_BG:
        return False
    SCENE_BG, TEXT = scheme["SCENE_BG"], scheme["TEXT"]
    SECONDARY, EDGE_GREY = scheme["SECONDARY"], scheme["EDGE_GREY"]
    AREA_FILL, BLOCK_FILL = scheme["AREA_FILL"], scheme["BLOCK_FILL"]
    NODE_FILL, SELECTION, ON_DOWN = scheme["NODE_FILL"], scheme["SELECTION"], scheme["ON_DOWN"]
    return True


@lru_cache(maxsize=64)
def font(pixel_size: int, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(1, pixel_size))
    f.setBold(bold)
    return f


@lru_cache(maxsize=64)
def metrics(pixel_size: int, bold: bool = False) -> QFontMetricsF:
    return QFontMetricsF(font(pixel_size, bold))


@lru_cache(maxsize=8192)
def elided(text: str, pixel_size: int, bold: bool, width: int) -> str:
    """`text` cut to `width` with an ellipsis; cached, as paint runs often."""
    return metrics(pixel_size, bold).elidedText(text, Qt.TextElideMode.ElideRight, width)


def draw_text(
    painter: QPainter,
    rect: QRectF,
    text: str,
    pixel_size: int,
    bold: bool = False,
    colour_hex: str = "",
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
) -> None:
    """`colour_hex` empty: the theme's text colour."""
    painter.setFont(font(pixel_size, bold))
    painter.setPen(pen(colour_hex or TEXT, 1.0))  # what setPen(QColor) makes
    painter.drawText(rect, align, elided(text, pixel_size, bold, int(rect.width())))


# Pens and brushes are made once per colour and width: a cold paint of a level draws a
# few hundred items, and making each QPen/QColor (and converting its Qt enums) in Python
# cost more than drawing with it. Keyed by the colour's text, so theme switches just
# use other entries. Callers never change what these return.
NO_PEN = QPen(Qt.PenStyle.NoPen)
NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)


@lru_cache(maxsize=256)
def pen(
    colour_hex: str,
    width: float,
    dashed: bool = False,
    hatched: bool = False,
    cosmetic: bool = False,
) -> QPen:
    """A solid (dashed: DashLine; hatched: a BDiagPattern brush) pen of `colour_hex`;
    cosmetic: `width` in screen pixels at any zoom."""
    if hatched:
        made = QPen(QBrush(QColor(colour_hex), Qt.BrushStyle.BDiagPattern), width)
    elif dashed:
        made = QPen(QColor(colour_hex), width, Qt.PenStyle.DashLine)
    else:
        made = QPen(QColor(colour_hex), width)
    made.setCosmetic(cosmetic)
    return made


@lru_cache(maxsize=64)
def brush(colour_hex: str) -> QBrush:
    """A solid brush; `colour_hex` may carry alpha (#AARRGGBB)."""
    return QBrush(QColor(colour_hex))


def outline(painter: QPainter, rect: QRectF, state: State, radius: float, weight: float) -> None:
    """The item's border in the state's style; `weight` scales it (areas thinner)."""
    painter.setBrush(NO_BRUSH)
    if state is State.OK:
        painter.setPen(pen(NEUTRAL, 1.5))
        painter.drawRoundedRect(rect, radius, radius)
        return
    c = palette.STYLES[state].colour
    if state is State.IMPACTED:
        band = 7.0 * weight
        inner = rect.adjusted(band / 2, band / 2, -band / 2, -band / 2)
        painter.setPen(pen(c, band, hatched=True))
        painter.drawRoundedRect(inner, radius, radius)
        painter.setPen(pen(c, 2.0 * weight))
    elif state is State.DOWN:
        painter.setPen(pen(c, 5.0 * weight))
    elif state is State.UNKNOWN:
        painter.setPen(pen(c, 3.0 * weight, dashed=True))
    elif state is State.MAINTENANCE:  # a double line: unlike UNKNOWN's dashes in any colour
        painter.setPen(pen(c, 1.5 * weight))
        inset = 4.0 * weight
        painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), radius, radius)
        painter.setPen(pen(c, 2.0 * weight))
    else:  # WARNING, DEGRADED: solid, thinner than DOWN; their marks differ in shape
        painter.setPen(pen(c, 3.0 * weight))
    painter.drawRoundedRect(rect, radius, radius)


def fill(painter: QPainter, rect: QRectF, colour_hex: str, radius: float) -> None:
    painter.setPen(NO_PEN)
    painter.setBrush(brush(colour_hex))
    painter.drawRoundedRect(rect, radius, radius)


def alarm_band(painter: QPainter, rect: QRectF, state: State) -> tuple[QRectF, str]:
    """A band behind the alarm text: DOWN solid red (white text); otherwise a light tint
    with a hatched strip at the left (dark text). Returns the text rect and text colour."""
    painter.setPen(Qt.PenStyle.NoPen)
    c = colour(state)
    if state is State.DOWN:
        painter.setBrush(c)
        painter.drawRect(rect)
        return rect.adjusted(10, 0, -6, 0), ON_DOWN
    light = QColor(c)
    light.setAlpha(36)
    painter.setBrush(light)
    painter.drawRect(rect)
    strip = QRectF(rect.left(), rect.top(), 14, rect.height())
    painter.setBrush(QBrush(c, Qt.BrushStyle.BDiagPattern))
    painter.drawRect(strip)
    return rect.adjusted(22, 0, -6, 0), TEXT


def selection_frame(painter: QPainter, rect: QRectF) -> None:
    """Neutral dark frame around the selected item: 3 px on screen at any zoom."""
    pen = QPen(QColor(SELECTION), 3.0)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect.adjusted(-6, -6, 6, 6), 8, 8)
