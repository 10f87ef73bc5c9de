"""BrowseTreeModel: a lazy OPC UA address-space tree. Expanding a node asks `fetch` for its
children (the service loads them in the background) and inserts them when they arrive.

Thin adapter: it holds `NodeRef`s as they came and never talks to a server itself.

Signals:
    rootStateChanged(str, str): the first level is loading / loaded / error, with the error
        text (a failing first level has no row to show it on: the panel says it)
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.diagnostics.results import BrowseResult, NodeRef
from widgets.i18n import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
Fetch = Callable[[str, Callable[[Any], None]], None]  # (node id, deliver(result | error))
NODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NODE_CLASS_ROLE = Qt.ItemDataRole.UserRole + 2


class Column(enum.IntEnum):
    NAME = 0
    CLASS = 1
    VALUE = 2
    STATUS = 3
    NODE_ID = 4


HEADERS = (
    QT_TRANSLATE_NOOP("BrowseTreeModel", "Name"),
    QT_TRANSLATE_NOOP("BrowseTreeModel", "Class"),
    QT_TRANSLATE_NOOP("BrowseTreeModel", "Value"),
    QT_TRANSLATE_NOOP("BrowseTreeModel", "Status"),
    QT_TRANSLATE_NOOP("BrowseTreeModel", "Node id"),
)


class _Node:
    __slots__ = ("children", "error", "parent", "ref", "row", "state")

    def __init__(self, ref: NodeRef | None, parent: _Node | None, row: int) -> None:
        self.ref = ref
        self.parent = parent
        self.row = row
        self.children: list[_Node] = []
        self.state = "unloaded"  # loading, loaded, error
        self.error = ""

    @property
    def node_id(self) -> str:
        return self.ref.node_id if self.ref is not None else ""


class BrowseTreeModel(QAbstractItemModel):
    rootStateChanged = Signal(str, str)

    def __init__(self, fetch: Fetch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._root = _Node(None, None, 0)
        self._root_id = "i=85"
        self._generation = 0

    def set_root(self, node_id: str = "i=85") -> None:
        """Start over below `node_id` (a new target, or a refresh)."""
        self.beginResetModel()
        self._generation += 1
        self._root = _Node(None, None, 0)
        self._root_id = node_id
        self.endResetModel()
        self.rootStateChanged.emit(self._root.state, "")

    def clear(self) -> None:
        self.set_root(self._root_id)
        self._root.state = "loaded"

    @property
    def root_state(self) -> str:
        return self._root.state

    @property
    def root_error(self) -> str:
        return self._root.error

    # -- structure -------------------------------------------------------------------------

    def _node(self, index: Index) -> _Node:
        if not index.isValid():
            return self._root
        node = index.internalPointer()
        assert isinstance(node, _Node)
        return node

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        node = self._node(parent)
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node = self._node(index).parent
        if node is None or node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(HEADERS)

    def hasChildren(self, parent: Index = _ROOT) -> bool:
        node = self._node(parent)
        if node.children:
            return True
        if node.state in ("loaded", "error"):
            return False
        return node is self._root or bool(node.ref and node.ref.has_children)

    def canFetchMore(self, parent: Index) -> bool:
        node = self._node(parent)
        return node.state == "unloaded" and self.hasChildren(parent)

    def fetchMore(self, parent: Index) -> None:
        node = self._node(parent)
        if node.state != "unloaded":
            return
        node.state = "loading"
        self._changed(node)
        generation = self._generation
        node_id = node.node_id or self._root_id
        self._fetch(node_id, lambda result: self._loaded(node, generation, result))

    def _loaded(self, node: _Node, generation: int, result: Any) -> None:
        if generation != self._generation:
            return  # a reply for a tree that has been reset meanwhile
        if not isinstance(result, BrowseResult):
            node.state, node.error = "error", str(result)
            self._changed(node)
            return
        refs = [r for r in result.children if r.level == 1]
        parent_index = self._index_of(node)
        if refs:
            self.beginInsertRows(parent_index, 0, len(refs) - 1)
            node.children = [_Node(ref, node, row) for row, ref in enumerate(refs)]
            node.state = "loaded"
            self.endInsertRows()
        else:
            node.state = "loaded"
        self._changed(node)

    def _index_of(self, node: _Node) -> QModelIndex:
        if node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    def _changed(self, node: _Node) -> None:
        if node is self._root:
            self.rootStateChanged.emit(node.state, node.error)
            return
        left = self.createIndex(node.row, 0, node)
        right = self.createIndex(node.row, len(HEADERS) - 1, node)
        self.dataChanged.emit(left, right)

    # -- data ------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        ref = node.ref
        assert ref is not None
        column = index.column()
        if role == NODE_ID_ROLE:
            return ref.node_id
        if role == NODE_CLASS_ROLE:
            return ref.node_class
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.error or ref.node_id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == Column.NAME:
            suffix = {
                "loading": self.tr(" (loading…)"),
                "error": self.tr(" (browse failed)"),
            }
            return ref.display_name + suffix.get(node.state, "")
        if column == Column.CLASS:
            return ref.node_class
        if column == Column.VALUE:
            return "" if ref.status is None else str(ref.value)
        if column == Column.STATUS:
            return ref.status or ""
        return ref.node_id

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[section])
        return None

    def error_of(self, index: Index) -> str:
        return self._node(index).error
