"""MachineTreeModel: the plant's containment tree (site > area > line > machine > device).

A thin adapter: rows come from `Plant.nodes[...].children`, state and reason from
the health engine's rolled health, "since" from the monitor. It keeps no copy of
any of them; on `healthChanged` it emits `dataChanged` for the changed rows only,
grouped into contiguous ranges per parent so that 10,000 CIs stay cheap.
"""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.monitor.service import HealthMonitorService
from models.cmdb import Plant
from models.reasons import render, state_name
from models.states import State
from widgets import i18n
from widgets.palette import colour, state_icon

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class Column(enum.IntEnum):
    NAME = 0
    ID = 1
    STATE = 2
    REASON = 3
    SINCE = 4


HEADERS = {
    "en": ("Name", "ID", "State", "Reason", "Since"),
    "de": ("Name", "ID", "Zustand", "Grund", "Seit"),
}
CI_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
KIND_ROLE = Qt.ItemDataRole.UserRole + 3
# States that must stand out in a long list: bold state text (colour + shape already differ).
_LOUD = (State.DOWN, State.IMPACTED)


class MachineTreeModel(QAbstractItemModel):
    """Rows are CIs; the internal id of an index is the CI's position in `ids`."""

    def __init__(
        self, service: HealthMonitorService, lang: str = "en", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._lang = lang
        plant = service.plant
        self.ids: list[str] = list(plant.walk())
        self._number = {ci_id: n for n, ci_id in enumerate(self.ids)}
        self._row = {plant.root: 0}
        for node in plant.nodes.values():
            for row, child in enumerate(node.children):
                self._row[child] = row
        self._bold = QFont()
        self._bold.setBold(True)
        service.healthChanged.connect(self.on_health_changed)
        i18n.notifier().changed.connect(self.set_language)

    def set_language(self, lang: str) -> None:
        """A live language switch: headers, state names and reasons re-rendered in `lang`."""
        self._lang = lang
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        self.on_health_changed(set(self.ids))

    # -- lookups -----------------------------------------------------------------

    def index_of(self, ci_id: str, column: int = 0) -> QModelIndex:
        """The index of a CI in O(1) (invalid for an unknown id)."""
        number = self._number.get(ci_id)
        if number is None:
            return QModelIndex()
        return self.createIndex(self._row[ci_id], column, number)

    @property
    def plant(self) -> Plant:
        return self._service.plant

    def state_of(self, ci_id: str) -> State:
        return self._service.engine.rolled[ci_id].state

    def ci_of(self, index: Index) -> str:
        return self.ids[index.internalId()] if index.isValid() else ""

    # -- QAbstractItemModel --------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        # Bounds checked here rather than with hasIndex(): that calls rowCount() and
        # columnCount() back through Qt, and the views call index() thousands of times.
        if row < 0 or not 0 <= column < len(Column):
            return QModelIndex()
        if not parent.isValid():
            root = self._service.plant.root
            return self.createIndex(row, column, self._number[root]) if row == 0 else QModelIndex()
        if parent.column() > 0:
            return QModelIndex()
        children = self._service.plant.nodes[self.ci_of(parent)].children
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, self._number[children[row]])

    def parent(self, child: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        parent_id = self._service.plant.nodes[self.ci_of(child)].parent
        return QModelIndex() if parent_id is None else self.index_of(parent_id)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return 1
        if parent.column() > 0:
            return 0
        return len(self._service.plant.nodes[self.ci_of(parent)].children)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(Column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            headers = HEADERS.get(self._lang, HEADERS["en"])
            if 0 <= section < len(headers):
                return headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ci_id = self.ci_of(index)
        health = self._service.engine.rolled[ci_id]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(ci_id, column)
        if role == CI_ID_ROLE:
            return ci_id
        if role == STATE_ROLE:
            return health.state
        if role == KIND_ROLE:
            return self._service.plant.nodes[ci_id].kind
        if role == Qt.ItemDataRole.DecorationRole and column == Column.STATE:
            return state_icon(health.state)
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.STATE:
            return colour(health.state) if health.state.is_abnormal else None
        if role == Qt.ItemDataRole.FontRole and column == Column.STATE:
            return self._bold if health.state in _LOUD else None
        if role == Qt.ItemDataRole.ToolTipRole:
            reason = render(health.reason, self._lang, health.source)
            return f"{ci_id}: {state_name(health.state, self._lang)}" + (
                f" - {reason}" if reason else ""
            )
        return None

    def _text(self, ci_id: str, column: int) -> str:
        node = self._service.plant.nodes[ci_id]
        health = self._service.engine.rolled[ci_id]
        if column == Column.NAME:
            return node.name or ci_id
        if column == Column.ID:
            return ci_id
        if column == Column.STATE:
            return state_name(health.state, self._lang)
        if column == Column.REASON:
            return render(health.reason, self._lang, health.source)
        since = self._service.monitor.since.get(ci_id)
        return since.astimezone().strftime("%H:%M:%S") if since else ""

    # -- updates -------------------------------------------------------------------

    def on_health_changed(self, changed: set[str]) -> None:
        """dataChanged for the changed rows only, one range per run of adjacent siblings."""
        by_parent: dict[str | None, list[int]] = {}
        nodes = self._service.plant.nodes
        for ci_id in changed:
            if ci_id in self._number:
                by_parent.setdefault(nodes[ci_id].parent, []).append(self._row[ci_id])
        last = len(Column) - 1
        for parent_id, rows in by_parent.items():
            parent = QModelIndex() if parent_id is None else self.index_of(parent_id)
            rows.sort()
            start = prev = rows[0]
            for row in [*rows[1:], None]:
                if row is not None and row == prev + 1:
                    prev = row
                    continue
                self.dataChanged.emit(
                    self.index(start, 0, parent), self.index(prev, last, parent), []
                )
                if row is not None:
                    start = prev = row
