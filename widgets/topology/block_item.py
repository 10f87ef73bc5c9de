"""Container blocks: area, line (aggregated counts and cost at risk), network band,
machine, and the focus lane of a drill-down."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from models.states import State
from widgets.palette import colour, paint_state
from widgets.topology import drill_layout, overview_layout
from widgets.topology import paint as p
from widgets.topology.faces import Face, HealthLookup
from widgets.topology.geometry import BlockRole, BlockSpec
from widgets.topology.items import CiItem, lod_of
from widgets.topology.lod import Detail, block_detail

FAR_TEXT_PX = 12.0  # on-screen pixel size of titles when zoomed out
# Scene pixels a zoomed-out container title may grow to: its header, not its content.
FAR_ROOM = {
    BlockRole.AREA: overview_layout.HEADER * 0.75,
    BlockRole.NETWORK: overview_layout.HEADER * 0.75,
    BlockRole.MACHINE: drill_layout.HEADER * 0.75,
    BlockRole.LANE: 56.0,
}


class BlockItem(CiItem):
    """A container: area, line (aggregated), network band, machine or the focus lane."""

    def __init__(self, spec: BlockSpec) -> None:
        super().__init__(spec.ci_id, spec.rect)
        self.role = spec.role
        self.members = spec.members
        self.face = Face(State.OK, spec.title)
        z = {BlockRole.LINE: 3.0, BlockRole.MACHINE: 1.0}
        self.setZValue(z.get(self.role, 0.0))
        if self.role in (BlockRole.AREA, BlockRole.NETWORK, BlockRole.LANE):
            # Big and cheap to paint: a device-sized pixmap of them would cost more than it saves.
            self.setCacheMode(QGraphicsItem.CacheMode.NoCache)

    def compute(self, lookup: HealthLookup) -> Face:
        if not self.ci_id:
            return self.face
        if self.role is BlockRole.LINE or (
            self.role is BlockRole.LANE and self.ci_id in lookup.plant.lines
        ):
            return lookup.line_face(self.ci_id, self.members)
        return lookup.group_face(self.ci_id, self.members)

    def detail(self, lod: float) -> Detail:
        return block_detail(lod)

    def shown(self, face: Face, detail: Detail) -> object:
        if detail is Detail.FULL:
            return face
        return face.state, face.title, face.short, face.badge  # _paint_far's

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = lod_of(painter)
        detail = self.detail(lod)
        self.drawn = detail
        r, face, role = self.rect, self.face, self.role
        container = role in (BlockRole.AREA, BlockRole.NETWORK, BlockRole.LANE)
        p.fill(painter, r, p.AREA_FILL if container else p.BLOCK_FILL, 10)
        if role is BlockRole.LINE and face.state.is_abnormal:
            tint = QColor(colour(face.state))
            tint.setAlpha(24)
            p.fill(painter, r, tint.name(QColor.NameFormat.HexArgb), 10)
        p.outline(painter, r, face.state, 10, 0.6 if container else 1.0)
        if detail is not Detail.FULL:
            self._paint_far(painter, lod, detail)
        elif role is BlockRole.LINE:
            self._paint_line(painter)
        elif role is BlockRole.LANE:
            self._paint_lane(painter)
        else:
            self._paint_header(painter)
        if self.selected:
            p.selection_frame(painter, r)

    def _paint_far(self, painter: QPainter, lod: float, detail: Detail) -> None:
        """Zoomed out: a big mark and a title (and a line's badge) kept readable on screen."""
        r, face = self.rect, self.face
        line = self.role in (BlockRole.LINE, BlockRole.LANE)
        room = r.height() * 0.3 if self.role is BlockRole.LINE else FAR_ROOM[self.role]
        px = min(int(FAR_TEXT_PX / lod), int(room))
        side = min(px * 1.2, r.width() * 0.25)
        paint_state(painter, QRectF(r.left() + 6, r.top() + 6, side, side), face.state)
        if detail is Detail.MARK:
            return
        left = r.left() + side + 12
        text = QRectF(left, r.top() + 2, r.right() - left - 4, px * 1.25)
        title = face.title
        if line and p.metrics(px, True).horizontalAdvance(title) > text.width():
            title = face.short or title
        p.draw_text(painter, text, title, px, True)
        if line and face.badge:
            p.draw_text(
                painter,
                text.translated(0, px * 1.35),
                face.badge,
                px,
                True,
                p.SECONDARY if face.state is State.OK else p.TEXT,
            )

    def _paint_header(self, painter: QPainter) -> None:
        """Areas, network bands, machines: mark and title, then state or alarm."""
        r, face = self.rect, self.face
        small = self.role is BlockRole.MACHINE
        side = 20.0 if small else 24.0
        paint_state(painter, QRectF(r.left() + 10, r.top() + 8, side, side), face.state)
        left = r.left() + side + 18
        p.draw_text(
            painter,
            QRectF(left, r.top() + 4, r.right() - left - 8, 20),
            face.title,
            14 if small else 16,
            True,
        )
        if not face.lines:
            return
        second = face.alarm or (face.lines[0] if face.state.is_abnormal else face.lines[-1])
        p.draw_text(
            painter,
            QRectF(left, r.top() + 23, r.right() - left - 8, 18),
            second,
            12 if small else 13,
            bool(face.alarm) or face.state.is_abnormal,
        )

    def _paint_line(self, painter: QPainter) -> None:
        r, face = self.rect, self.face
        paint_state(painter, QRectF(r.left() + 10, r.top() + 10, 28, 28), face.state)
        p.draw_text(
            painter, QRectF(r.left() + 46, r.top() + 7, r.width() - 54, 24), face.title, 18, True
        )
        state, counts, *rest = face.lines
        p.draw_text(
            painter,
            QRectF(r.left() + 46, r.top() + 31, r.width() - 54, 19),
            state,
            13,
            face.state.is_abnormal,
        )
        p.draw_text(
            painter,
            QRectF(r.left() + 12, r.top() + 56, r.width() - 24, 20),
            counts,
            14,
            False,
            p.SECONDARY,
        )
        band = QRectF(r.left() + 6, r.bottom() - 40, r.width() - 12, 32)
        if face.alarm:
            text_rect, text_colour = p.alarm_band(painter, band, face.state)
            p.draw_text(painter, text_rect, face.alarm, 15, True, text_colour)
        elif rest:
            p.draw_text(painter, band.adjusted(6, 0, 0, 0), rest[0], 14, False, p.SECONDARY)

    def _paint_lane(self, painter: QPainter) -> None:
        """The focus lane's title column: mark, name, alarm, state, counts (wrapped)."""
        r, face = self.rect, self.face
        col = QRectF(r.left() + 12, r.top() + 12, 200, r.height() - 24)
        paint_state(painter, QRectF(col.left(), col.top(), 30, 30), face.state)
        y = self._paragraph(painter, col, col.top() + 38, face.title, 17, True)
        if face.alarm:
            band = QRectF(col.left() - 4, y + 4, col.width() + 8, 52)
            text_rect, text_colour = p.alarm_band(painter, band, face.state)
            wrap = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignVCenter
            painter.setFont(p.font(14, True))
            painter.setPen(QColor(text_colour))
            painter.drawText(text_rect, wrap, face.alarm.replace(" — ", "\n"))
            y = band.bottom() + 4
        for i, text in enumerate(face.lines):
            y = self._paragraph(painter, col, y + 6, text, 13, i == 0 and face.state.is_abnormal)

    @staticmethod
    def _paragraph(
        painter: QPainter, col: QRectF, y: float, text: str, px: int, bold: bool
    ) -> float:
        """Wrapped text from `y` down; returns where the next paragraph starts."""
        painter.setFont(p.font(px, bold))
        painter.setPen(QColor(p.TEXT))
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignTop
        used = painter.boundingRect(QRectF(col.left(), y, col.width(), 1000), flags, text)
        rect = QRectF(col.left(), y, col.width(), min(used.height(), col.bottom() - y))
        if rect.height() > 0:
            painter.drawText(rect, flags, text)
        return y + used.height()
