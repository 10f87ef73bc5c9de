"""Diagram items for CIs: the common base (face, rect, selection) and device/network nodes.

Each item keeps a `Face` (what it says) and repaints only when a refresh gives
a new one: health changes never rebuild the scene. Paint reads the level of
detail from the painter's transform (see `lod`), so zoomed out, labels and
small OK nodes drop away while abnormal marks stay. Blocks (containers) are in
`block_item`, dependency edges in `edge_item`.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from models.states import State
from widgets.palette import colour, paint_state
from widgets.topology import paint as p
from widgets.topology.faces import Face, HealthLookup
from widgets.topology.geometry import NodeSpec, Rect
from widgets.topology.lod import Detail, node_detail

MARGIN = 10.0  # room outside the rect for thick outlines and the selection frame


def _qrect(r: Rect) -> QRectF:
    return QRectF(r.x, r.y, r.w, r.h)


def lod_of(painter: QPainter) -> float:
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())


class CiItem(QGraphicsItem):
    """Base of items that stand for one CI: a face, a rect, a selected flag."""

    def __init__(self, ci_id: str, rect: Rect) -> None:
        super().__init__()
        self.ci_id = ci_id
        self.rect = _qrect(rect)
        self.face = Face(State.OK, ci_id)
        self.selected = False
        self.drawn: Detail | None = None  # the detail of the last paint (None: not painted)
        self._bounds = self.rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptHoverEvents(False)

    def boundingRect(self) -> QRectF:
        return self._bounds  # Qt asks several times per paint: no new rect each time

    def compute(self, lookup: HealthLookup) -> Face:
        raise NotImplementedError

    def refresh(self, lookup: HealthLookup) -> bool:
        """Recompute the face; repaint only if what the last paint drew of it changed
        (zoomed out, a node shows only its state: a new reason text repaints nothing;
        a zoom re-renders the item's cache, so the new face is drawn then)."""
        face = self.compute(lookup)
        if face == self.face:
            return False
        old, self.face = self.face, face
        drawn = self.drawn
        if drawn is not None and self.shown(old, drawn) == self.shown(face, drawn):
            return False
        self.update()
        return True

    def shown(self, face: Face, detail: Detail) -> object:
        """What a paint at `detail` draws of `face` (equal: the same pixels)."""
        return face

    def set_selected(self, selected: bool) -> None:
        if selected != self.selected:
            self.selected = selected
            self.update()

    def detail(self, lod: float) -> Detail:
        raise NotImplementedError


class NodeItem(CiItem):
    """A device or network CI: mark, id, name and state label."""

    def __init__(self, spec: NodeSpec) -> None:
        super().__init__(spec.ci_id, spec.rect)
        self.setZValue(3)

    def compute(self, lookup: HealthLookup) -> Face:
        return lookup.node_face(self.ci_id)

    def detail(self, lod: float) -> Detail:
        return node_detail(lod, self.face.state.is_abnormal)

    def shown(self, face: Face, detail: Detail) -> object:
        # The state decides the detail too (an abnormal node is never hidden).
        if detail <= Detail.MARK:
            return face.state
        if detail is Detail.TITLE:
            return face.state, face.short or face.title
        return face.state, face.title, face.lines

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = lod_of(painter)
        detail = self.detail(lod)
        self.drawn = detail
        if detail is Detail.HIDDEN:
            return
        r, face = self.rect, self.face
        p.fill(painter, r, p.NODE_FILL, 6)
        if face.state.is_out:
            tint = QColor(colour(face.state))
            tint.setAlpha(28)
            p.fill(painter, r, tint.name(QColor.NameFormat.HexArgb), 6)
        p.outline(painter, r, face.state, 6, 0.7)
        if detail is Detail.MARK:
            side = min(r.height() - 12, 44.0)
            paint_state(
                painter,
                QRectF(r.center().x() - side / 2, r.center().y() - side / 2, side, side),
                face.state,
            )
        elif detail is Detail.TITLE:
            paint_state(painter, QRectF(r.left() + 8, r.top() + 13, 40, 40), face.state)
            px = min(int(13 / lod), int(r.height() * 0.42))
            p.draw_text(painter, r.adjusted(54, 4, -6, -4), face.short or face.title, px, True)
        else:
            paint_state(painter, QRectF(r.left() + 8, r.top() + 9, 26, 26), face.state)
            p.draw_text(
                painter,
                QRectF(r.left() + 42, r.top() + 4, r.width() - 48, 20),
                face.title,
                15,
                True,
            )
            name, label = face.lines
            p.draw_text(
                painter,
                QRectF(r.left() + 42, r.top() + 24, r.width() - 48, 18),
                name,
                12,
                False,
                p.SECONDARY,
            )
            p.draw_text(
                painter,
                QRectF(r.left() + 8, r.top() + 43, r.width() - 14, 20),
                label,
                13,
                face.state.is_abnormal,
            )
        if self.selected:
            p.selection_frame(painter, r)
