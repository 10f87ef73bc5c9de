"""The diagram scene: items built once per level from a `Layout`, refreshed in place.

`apply(changed)` refreshes only the items that show or aggregate a changed CI
(a line block watches every CI of its line, an edge its two ends); the scene
is rebuilt only when the level changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsScene

from widgets.topology import paint
from widgets.topology.block_item import BlockItem
from widgets.topology.edge_item import EdgeItem
from widgets.topology.faces import HealthLookup
from widgets.topology.geometry import Layout
from widgets.topology.items import CiItem, NodeItem

Refreshable = CiItem | EdgeItem
SCENE_MARGIN = 30.0


class TopologyScene(QGraphicsScene):
    def __init__(self, layout: Layout, lookup: HealthLookup, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.layout = layout
        self.lookup = lookup
        self.items_by_ci: dict[str, CiItem] = {}
        self.edges: list[EdgeItem] = []
        self._watchers: dict[str, list[Refreshable]] = {}
        self._selected: CiItem | None = None
        self.setBackgroundBrush(QColor(paint.SCENE_BG))
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self._build()

    def _build(self) -> None:
        plant = self.lookup.plant
        for block in self.layout.blocks:
            item = BlockItem(block)
            self.addItem(item)
            if block.ci_id:
                self.items_by_ci[block.ci_id] = item
                for ci_id in plant.walk(block.ci_id):
                    self._watch(ci_id, item)
        for node in self.layout.nodes:
            node_item = NodeItem(node)
            self.addItem(node_item)
            self.items_by_ci[node.ci_id] = node_item
            self._watch(node.ci_id, node_item)
        for edge in self.layout.edges:
            edge_item = EdgeItem(edge)
            self.addItem(edge_item)
            self.edges.append(edge_item)
            self._watch(edge.source, edge_item)
            self._watch(edge.target, edge_item)
        b = self.layout.bounds()
        m = SCENE_MARGIN
        self.setSceneRect(QRectF(b.x - m, b.y - m, b.w + 2 * m, b.h + 2 * m))
        everything: list[Refreshable] = [*self.items_by_ci.values(), *self.edges]
        for each in everything:
            each.refresh(self.lookup)

    def _watch(self, ci_id: str, item: Refreshable) -> None:
        self._watchers.setdefault(ci_id, []).append(item)

    def apply(self, changed: Iterable[str]) -> int:
        """Refresh the items that show any of `changed`; returns how many repainted."""
        due: dict[int, Refreshable] = {}
        for ci_id in changed:
            for item in self._watchers.get(ci_id, ()):
                due[id(item)] = item
        return sum(1 for item in due.values() if item.refresh(self.lookup))

    def refresh_all(self) -> None:
        """Recompute every item's face (a language switch: the words changed)."""
        everything: list[Refreshable] = [*self.items_by_ci.values(), *self.edges]
        for item in everything:
            item.refresh(self.lookup)

    def repaint_all(self) -> None:
        """A theme switch: the background and every item (their pixmap caches too)."""
        self.setBackgroundBrush(QColor(paint.SCENE_BG))
        for item in self.items():
            item.update()

    def item_for(self, ci_id: str) -> CiItem | None:
        return self.items_by_ci.get(ci_id)

    def edge(self, source: str, target: str) -> EdgeItem | None:
        return next((e for e in self.edges if (e.source, e.target) == (source, target)), None)

    def highlight(self, ci_id: str) -> CiItem | None:
        """Mark `ci_id`'s item as selected (none: clear); returns the item."""
        item = self.items_by_ci.get(ci_id)
        if self._selected is not None and self._selected is not item:
            self._selected.set_selected(False)
        self._selected = item
        if item is not None:
            item.set_selected(True)
        return item
