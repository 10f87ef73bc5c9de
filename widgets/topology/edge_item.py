"""Dependency edges: thin grey when fine; thick, coloured and arrowed to the cause when not."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from models.states import State
from widgets.palette import colour
from widgets.topology import paint as p
from widgets.topology.faces import EdgeFace, HealthLookup
from widgets.topology.geometry import EdgeSpec
from widgets.topology.items import lod_of
from widgets.topology.lod import edge_visible

ARROW_MAX = 64.0  # scene units: bounds the edges' boundingRect


class EdgeItem(QGraphicsItem):
    """A dependency: thin grey when fine; thick, coloured and arrowed to the cause when not."""

    def __init__(self, spec: EdgeSpec) -> None:
        super().__init__()
        self.source, self.target = spec.source, spec.target
        self.points = [QPointF(x, y) for x, y in spec.points]
        self.polyline = QPolygonF(self.points)
        self.line = QLineF(self.points[-2], self.points[-1])  # the last leg carries the arrow
        m = ARROW_MAX
        self._bounds = self.polyline.boundingRect().adjusted(-m, -m, m, m)
        self.min_lod = spec.min_lod
        self.face = EdgeFace(False, State.OK)
        self.setZValue(0.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self._bounds  # Qt asks several times per paint

    def refresh(self, lookup: HealthLookup) -> bool:
        face = lookup.edge_face(self.source, self.target)
        if face == self.face:
            return False
        self.face = face
        self.setZValue(0.6 if face.abnormal else 0.5)  # under blocks and nodes: no clutter
        self.update()
        return True

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = lod_of(painter)
        if not edge_visible(lod, self.face.abnormal, self.min_lod):
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.face.abnormal:
            painter.setPen(p.pen(p.EDGE_GREY, 1.3, cosmetic=True))
            painter.drawPolyline(self.polyline)
            return
        c = colour(self.face.state)
        width = min(max(5.0, 2.5 / lod), 24.0)
        painter.setPen(
            QPen(c, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap, Qt.PenJoinStyle.MiterJoin)
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(self.polyline)
        self._arrow(painter, c, min(max(18.0, 9.0 / lod), ARROW_MAX))

    def _arrow(self, painter: QPainter, c: QColor, size: float) -> None:
        """Arrowhead at the upstream end: the eye follows it to the cause."""
        line = self.line
        if line.length() < 1:
            return
        unit = line.unitVector()
        d = QPointF(unit.dx(), unit.dy())
        tip = line.p2()
        base = tip - d * size
        normal = QPointF(-d.y(), d.x()) * (size * 0.45)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(c)
        painter.drawPolygon(QPolygonF([tip, base + normal, base - normal]))
