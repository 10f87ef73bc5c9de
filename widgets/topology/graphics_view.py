"""The QGraphicsView of the diagram: drag to pan, Ctrl+wheel and +/- to zoom, click and
double-click reported as CI ids.

Signals:
    clicked(str): a CI item was clicked (not dragged)
    activated(str): a CI item was double-clicked
    zoomed(): the user changed the zoom (the owner stops fitting on resize)
    resized(): the viewport changed size
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from widgets.topology import paint
from widgets.topology.items import CiItem

MIN_SCALE, MAX_SCALE = 0.02, 4.0
STEP = 1.25
CLICK_SLOP = 5  # pixels a press may move and still count as a click


class DiagramView(QGraphicsView):
    clicked = Signal(str)
    activated = Signal(str)
    zoomed = Signal()
    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setBackgroundBrush(QColor(paint.SCENE_BG))  # the theme's (TopologyView)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._press: QPoint | None = None

    def scale_factor(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        current = self.scale_factor()
        target = min(max(current * factor, MIN_SCALE), MAX_SCALE)
        if current > 0 and target != current:
            self.scale(target / current, target / current)
        self.zoomed.emit()

    def fit(self) -> None:
        scene = self.scene()
        if scene is not None:
            self.fitInView(scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def ci_at(self, pos: QPoint) -> str:
        """The id of the top-most CI item under a viewport position ("" for none)."""
        scene_pos = self.mapToScene(pos)
        for item in self.items(pos):
            inside = isinstance(item, CiItem) and item.rect.contains(item.mapFromScene(scene_pos))
            if inside and isinstance(item, CiItem) and item.ci_id:
                return item.ci_id
        return ""

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / STEP)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        press, self._press = self._press, None
        if press is not None and (pos - press).manhattanLength() <= CLICK_SLOP:
            ci_id = self.ci_at(pos)
            if ci_id:
                self.clicked.emit(ci_id)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        ci_id = self.ci_at(event.position().toPoint())
        if ci_id:
            self.activated.emit(ci_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()
