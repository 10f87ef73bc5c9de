"""IncidentFilterProxy: the list's filters (priority, state, line, open only).

Filters read the source row's head directly. Sorting is handed to the source model
(`IncidentListModel.sort`, one key per row); the proxy keeps the source's order. It
is not dynamic: Qt would filter every row again on each ticker `dataChanged` (70 ms a
second at 10,000 rows); rows are filtered again when the model re-sorts after an
incident changed (its `layoutChanged`), and inserted rows as they come.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from widgets.incidents.list_model import IncidentListModel


class IncidentFilterProxy(QSortFilterProxyModel):
    def __init__(self, source: IncidentListModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self.priorities: frozenset[str] = frozenset()
        self.statuses: frozenset[str] = frozenset()
        self.line: str | None = None
        self.open_only = False
        self.setSourceModel(source)
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source sorts (the view's header clicks land here)."""
        self._source.sort(column, order)

    def set_filters(
        self,
        *,
        priorities: Collection[str] = (),
        statuses: Collection[str] = (),
        line: str | None = None,
        open_only: bool = False,
    ) -> None:
        """Empty collections and None mean "any"."""
        self.beginFilterChange()
        self.priorities = frozenset(priorities)
        self.statuses = frozenset(statuses)
        self.line = line or None
        self.open_only = open_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if source_parent.isValid():
            return False
        head = self._source.head_at(source_row)
        return (
            (not self.open_only or head.is_open)
            and (not self.priorities or head.priority in self.priorities)
            and (not self.statuses or head.status in self.statuses)
            and (self.line is None or self.line in head.lines)
        )
