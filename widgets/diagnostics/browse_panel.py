"""BrowsePanel: the lazy address-space tree of one OPC UA CI, and the selected node's
attributes with its current value and status code (read on selection, in the background).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.diagnostics.results import NodeReading
from widgets.diagnostics.browse_model import NODE_ID_ROLE, BrowseTreeModel, Column


class BrowsePanel(QWidget):
    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.target = ""
        self.model = BrowseTreeModel(self._fetch_children, self)
        self.view = QTreeView()
        self.view.setObjectName("browseTree")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.header().setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(Column.NAME, 240)
        self.view.selectionModel().currentChanged.connect(self.on_current_changed)
        self.title = QLabel(self.tr("Browse: select an OPC UA CI and press Ctrl+B"))
        self.status = QLabel()
        self.status.setObjectName("browseStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()
        self.model.rootStateChanged.connect(self.on_root_state)
        self.attributes = QTableWidget(0, 3)
        self.attributes.setObjectName("browseAttributes")
        self.attributes.setHorizontalHeaderLabels(
            [self.tr("Attribute"), self.tr("Value"), self.tr("Status")]
        )
        self.attributes.horizontalHeader().setStretchLastSection(True)
        self.attributes.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.attributes)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)

    def browse(self, target: str, label: str = "") -> None:
        """Show the address space of `target` (a CI id or an opc.tcp:// URL) from Objects."""
        self.target = target
        self.title.setText(self.tr("Browse: %1 (read-only)").replace("%1", label or target))
        self.attributes.setRowCount(0)
        self.model.set_root("i=85")
        if self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())

    def on_root_state(self, state: str, error: str) -> None:
        """The first level: loading, failed (the error, else an empty tree says nothing),
        or loaded (empty is said too)."""
        if state == "loading":
            text = self.tr("Loading the address space…")
        elif state == "error":
            text = self.tr("Browse failed: %1").replace("%1", error)
        elif state == "loaded" and self.model.rowCount() == 0 and self.target:
            text = self.tr("No nodes below Objects")
        else:
            text = ""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _fetch_children(self, node_id: str, deliver: Any) -> None:
        if not self.target:
            deliver("no target")
            return
        self.service.fetch_children(self.target, node_id, deliver)

    def on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node_id = current.data(NODE_ID_ROLE) if current.isValid() else None
        if not node_id or not self.target:
            return
        self.attributes.setRowCount(1)
        self.attributes.setItem(
            0, 0, QTableWidgetItem(self.tr("reading %1…").replace("%1", node_id))
        )
        self.service.fetch_node(self.target, node_id, self.on_node_read)

    def on_node_read(self, result: Any) -> None:
        if not isinstance(result, NodeReading):
            self.attributes.setRowCount(1)
            self.attributes.setItem(
                0, 0, QTableWidgetItem(self.tr("read failed: %1").replace("%1", str(result)))
            )
            return
        rows = [("NodeId", result.node_id, "")] + [
            (a.attribute, "" if a.value is None else str(a.value), a.status)
            for a in result.attributes
        ]
        self.attributes.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.attributes.setItem(row, column, QTableWidgetItem(text))
