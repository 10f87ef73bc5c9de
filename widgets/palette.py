"""ISA-101 state visuals: colour only for abnormal, and always a shape and a word.

See ../shared/UI.md: every state is readable without colour (deuteranopia:
red, amber and orange carry different shapes for that reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QApplication

from models.states import State

WINDOW_BG = "#ECECEC"
PANEL_BG = "#F7F7F7"
TEXT = "#1E1E1E"
NEUTRAL = "#9E9E9E"


@dataclass(frozen=True)
class StateStyle:
    colour: str
    shape: str
    abnormal: bool


STYLES: dict[State, StateStyle] = {
    State.OK: StateStyle(NEUTRAL, "hollow circle", False),
    State.WARNING: StateStyle("#E8A400", "triangle with !", True),
    State.DEGRADED: StateStyle("#E06B00", "half-filled diamond", True),
    State.DOWN: StateStyle("#C62828", "filled square with x", True),
    State.IMPACTED: StateStyle("#C62828", "hatched square with down-arrow", True),
    State.UNKNOWN: StateStyle("#8E24AA", "? in dashed circle", True),
    State.MAINTENANCE: StateStyle("#1565C0", "wrench", True),
}
LIGHT_STYLES: dict[State, StateStyle] = dict(STYLES)

# Dark theme: same hue and shape, lightness raised until each mark reaches 4.5:1 on the
# dark panel (#303030); amber and the neutral grey already do.
DARK_WINDOW_BG = "#262626"
DARK_PANEL_BG = "#303030"
DARK_TEXT = "#EDEDED"
DARK_STYLES: dict[State, StateStyle] = {
    **LIGHT_STYLES,
    State.DEGRADED: StateStyle("#F47500", "half-filled diamond", True),
    State.DOWN: StateStyle("#E47A7A", "filled square with x", True),
    State.IMPACTED: StateStyle("#E47A7A", "hatched square with down-arrow", True),
    State.UNKNOWN: StateStyle("#CB76E2", "? in dashed circle", True),
    State.MAINTENANCE: StateStyle("#549BEC", "wrench", True),
}


def use_state_styles(dark: bool) -> None:
    """Switch the state colours in place (STYLES is read everywhere) and drop cached icons."""
    STYLES.clear()
    STYLES.update(DARK_STYLES if dark else LIGHT_STYLES)
    state_icon.cache_clear()


def colour(state: State) -> QColor:
    return QColor(STYLES[state].colour)


def paint_state(painter: QPainter, rect: QRectF, state: State) -> None:
    """Draw the state's mark (shape + colour) into `rect`."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    side = min(rect.width(), rect.height())
    r = QRectF(0, 0, side, side)
    r.moveCenter(rect.center())
    m = side * 0.1
    inner = r.adjusted(m, m, -m, -m)
    hex_colour = STYLES[state].colour
    painter.setPen(_mark_pen(hex_colour, max(1.0, side / 10)))
    if state is State.OK:  # most marks: no QColor or QPen made in Python (the diagram)
        painter.setBrush(_NO_BRUSH)
        painter.drawEllipse(inner)
        painter.restore()
        return
    c = QColor(hex_colour)
    if state is State.WARNING:
        poly = QPolygonF(
            [
                QPointF(inner.center().x(), inner.top()),
                QPointF(inner.right(), inner.bottom()),
                QPointF(inner.left(), inner.bottom()),
            ]
        )
        painter.setBrush(QBrush(c))
        painter.drawPolygon(poly)
        _mark_text(painter, inner.adjusted(0, inner.height() * 0.25, 0, 0), "!", "#1E1E1E")
    elif state is State.DEGRADED:
        cx, cy = inner.center().x(), inner.center().y()
        poly = QPolygonF(
            [
                QPointF(cx, inner.top()),
                QPointF(inner.right(), cy),
                QPointF(cx, inner.bottom()),
                QPointF(inner.left(), cy),
            ]
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolygon(poly)
        lower = QPolygonF(
            [QPointF(inner.right(), cy), QPointF(cx, inner.bottom()), QPointF(inner.left(), cy)]
        )
        painter.setBrush(QBrush(c))
        painter.drawPolygon(lower)
    elif state is State.DOWN:
        painter.setBrush(QBrush(c))
        painter.drawRect(inner)
        white = QPen(QColor("white"), max(1.0, side / 8))
        painter.setPen(white)
        k = inner.width() * 0.25
        painter.drawLine(inner.topLeft() + QPointF(k, k), inner.bottomRight() - QPointF(k, k))
        painter.drawLine(inner.topRight() + QPointF(-k, k), inner.bottomLeft() + QPointF(k, -k))
    elif state is State.IMPACTED:
        painter.setBrush(QBrush(c, Qt.BrushStyle.BDiagPattern))
        painter.drawRect(inner)
        cx = inner.center().x()
        k = inner.width() * 0.22
        painter.drawLine(QPointF(cx, inner.top() + k), QPointF(cx, inner.bottom() - k))
        painter.drawLine(QPointF(cx - k, inner.bottom() - 2 * k), QPointF(cx, inner.bottom() - k))
        painter.drawLine(QPointF(cx + k, inner.bottom() - 2 * k), QPointF(cx, inner.bottom() - k))
    elif state is State.UNKNOWN:
        dashed = QPen(c, max(1.0, side / 12), Qt.PenStyle.DashLine)
        painter.setPen(dashed)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(inner)
        _mark_text(painter, inner, "?", STYLES[state].colour)
    elif state is State.MAINTENANCE:
        path = QPainterPath()
        w = inner.width()
        path.addEllipse(QRectF(inner.left(), inner.top(), w * 0.45, w * 0.45))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(QPen(c, max(1.5, side / 7)))
        painter.drawLine(
            QPointF(inner.left() + w * 0.35, inner.top() + w * 0.35), inner.bottomRight()
        )
    painter.restore()


_NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)


@lru_cache(maxsize=256)  # widths follow zoom and window size: bounded
def _mark_pen(colour_hex: str, width: float) -> QPen:
    """The mark's outline pen (never changed by callers); keyed by colour text, so a
    theme's colours are other entries."""
    return QPen(QColor(colour_hex), width)


def _mark_text(painter: QPainter, rect: QRectF, text: str, colour_hex: str) -> None:
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(max(6, int(rect.height() * 0.6)))
    painter.setFont(font)
    painter.setPen(QColor(colour_hex))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


@cache
def state_icon(state: State, size: int = 16) -> QIcon:
    """The state's mark as an icon (cached: views ask for it on every paint)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_state(painter, QRectF(0, 0, size, size), state)
    painter.end()
    return QIcon(pixmap)


def apply_light_palette(app: QApplication) -> None:
    """Neutral greys: window #ECECEC, panels #F7F7F7, text #1E1E1E; no saturated chrome."""
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(WINDOW_BG))
    palette.setColor(QPalette.ColorRole.Base, QColor(PANEL_BG))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#EFEFEF"))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Button, QColor("#E2E2E2"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#5A5A5A"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#FFFFFF"))
    app.setPalette(palette)


def apply_dark_palette(app: QApplication) -> None:
    """Neutral dark greys: window #262626, panels #303030, text #EDEDED (about 13:1)."""
    palette = app.palette()
    roles = QPalette.ColorRole
    for role, value in (
        (roles.Window, DARK_WINDOW_BG),
        (roles.Base, DARK_PANEL_BG),
        (roles.AlternateBase, "#363636"),
        (roles.Text, DARK_TEXT),
        (roles.WindowText, DARK_TEXT),
        (roles.Button, "#3A3A3A"),
        (roles.ButtonText, DARK_TEXT),
        (roles.Highlight, "#BDBDBD"),
        (roles.HighlightedText, "#111111"),
        (roles.ToolTipBase, DARK_PANEL_BG),
        (roles.ToolTipText, DARK_TEXT),
        (roles.PlaceholderText, "#A8A8A8"),
        (roles.BrightText, "#FFFFFF"),
        (roles.Light, "#4A4A4A"),
        (roles.Midlight, "#424242"),
        (roles.Mid, "#5A5A5A"),
        (roles.Dark, "#1A1A1A"),
        (roles.Shadow, "#000000"),
        (roles.Link, "#9EC3F0"),
    ):
        palette.setColor(role, QColor(value))
    for group in (QPalette.ColorGroup.Disabled,):
        palette.setColor(group, roles.Text, QColor("#8A8A8A"))
        palette.setColor(group, roles.WindowText, QColor("#8A8A8A"))
        palette.setColor(group, roles.ButtonText, QColor("#8A8A8A"))
    app.setPalette(palette)
