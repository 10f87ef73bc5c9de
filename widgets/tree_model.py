"""MachineTreeModel: the plant's containment tree (site > area > line > machine > device).

A thin adapter: rows come from `Plant.nodes[...].children`, state and reason from
the health engine's rolled health, "since" from the monitor. It keeps no copy of
any of them; on `healthChanged` it emits `dataChanged` for the changed rows only,
grouped into contiguous ranges per parent so that 10,000 CIs stay cheap.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from app.monitor.service import HealthMonitorService
from models.cmdb import Plant
from models.reasons import render, state_name
from models.states import Health, State
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
_COLUMNS = len(Column)
# Roles as plain ints: compared per role of every painted cell, faster than Qt's enums.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
# States that must stand out in a long list: bold state text (colour + shape already differ).
_LOUD = (State.DOWN, State.IMPACTED)


class MachineTreeModel(QAbstractItemModel):
    """Rows are CIs; the internal id of an index is the CI's position in `ids`."""

    def __init__(
        self, service: HealthMonitorService, lang: str = "en", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._engine = service.engine  # the monitor's, for its life
        self._lang = lang
        plant = service.plant
        self.ids: list[str] = list(plant.walk())
        self._number = {ci_id: n for n, ci_id in enumerate(self.ids)}
        # The tree as plain lists indexed by number (the internal id): index(), parent()
        # and sibling() run thousands of times per update from the views, so each is a few
        # list look-ups, never a walk (see on_health_changed).
        self._kids: list[list[int]] = [
            [self._number[c] for c in plant.nodes[ci_id].children] for ci_id in self.ids
        ]
        self._up: list[int] = [-1] * len(self.ids)  # parent's number, -1 for the root
        self._rows: list[int] = [0] * len(self.ids)  # row under the parent
        for number, kids in enumerate(self._kids):
            for row, kid in enumerate(kids):
                self._up[kid] = number
                self._rows[kid] = row
        self._root = self._number[plant.root] if self.ids else -1
        self._clock: dict[str, tuple[datetime, str]] = {}  # CI -> (since, as shown)
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
        return self.createIndex(self._rows[number], column, number)

    @property
    def plant(self) -> Plant:
        return self._service.plant

    def state_of(self, ci_id: str) -> State:
        return self._engine.rolled[ci_id].state

    def ci_of(self, index: Index) -> str:
        return self.ids[index.internalId()] if index.isValid() else ""

    # -- QAbstractItemModel --------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        # Bounds checked here rather than with hasIndex(): that calls rowCount() and
        # columnCount() back through Qt, and the views call index() thousands of times.
        if row < 0 or not 0 <= column < _COLUMNS:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(0, column, self._root) if row == 0 else QModelIndex()
        if parent.column():
            return QModelIndex()
        kids = self._kids[parent.internalId()]
        return self.createIndex(row, column, kids[row]) if row < len(kids) else QModelIndex()

    def parent(self, child: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        up = self._up[child.internalId()]
        return QModelIndex() if up < 0 else self.createIndex(self._rows[up], 0, up)

    def sibling(self, row: int, column: int, index: Index) -> QModelIndex:
        # Qt's default is index(row, column, parent(index)): two calls into Python. The
        # tree view asks for sibling(row, 0) of every index it locates.
        if not index.isValid() or row < 0 or not 0 <= column < _COLUMNS:
            return QModelIndex()
        number = index.internalId()
        if row == index.row():
            return self.createIndex(row, column, number)
        up = self._up[number]
        if up < 0:
            return QModelIndex()
        kids = self._kids[up]
        return self.createIndex(row, column, kids[row]) if row < len(kids) else QModelIndex()

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return 1 if self.ids else 0
        if parent.column():
            return 0
        return len(self._kids[parent.internalId()])

    def hasChildren(self, parent: Index = _ROOT) -> bool:
        if not parent.isValid():
            return bool(self.ids)
        return not parent.column() and bool(self._kids[parent.internalId()])

    def columnCount(self, parent: Index = _ROOT) -> int:
        return _COLUMNS

    # No flags(): QAbstractItemModel's own answers enabled and selectable for a valid
    # index, as this model wants, without a call into Python for every painted cell.

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
        ci_id = self.ids[index.internalId()]
        return self._value(ci_id, self._engine.rolled[ci_id], index.column(), role)

    def multiData(self, index: Index, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role a delegate asks for a cell (seven for a painted cell) in one call.

        Qt's default calls data() once per role, each a call from C++ into Python; a
        full repaint of the tree's viewport was mostly those calls (bench/bench_gui.py).
        """
        # PySide's span is a sequence (__len__, __getitem__); its stub does not say so.
        span: Any = roleDataSpan  # (not typing.cast: a Python call per painted cell)
        spans: Sequence[QModelRoleData] = (span,) if isinstance(span, QModelRoleData) else span
        if not index.isValid():
            for role_data in spans:
                role_data.clearData()
            return
        ci_id = self.ids[index.internalId()]
        health, column = self._engine.rolled[ci_id], index.column()
        for role_data in spans:
            value = self._value(ci_id, health, column, role_data.role())
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def _value(self, ci_id: str, health: Health, column: int, role: int) -> Any:
        if role == _DISPLAY:
            return self._text(ci_id, column, health)
        if role == CI_ID_ROLE:
            return ci_id
        if role == STATE_ROLE:
            return health.state
        if role == KIND_ROLE:
            return self._service.plant.nodes[ci_id].kind
        if column == Column.STATE:
            if role == _DECORATION:
                return state_icon(health.state)
            if role == _FOREGROUND:
                return colour(health.state) if health.state.is_abnormal else None
            if role == _FONT:
                return self._bold if health.state in _LOUD else None
        if role == _TOOLTIP:
            reason = render(health.reason, self._lang, health.source)
            return f"{ci_id}: {state_name(health.state, self._lang)}" + (
                f" - {reason}" if reason else ""
            )
        return None

    def _text(self, ci_id: str, column: int, health: Health) -> str:
        if column == Column.NAME:
            return self._service.plant.nodes[ci_id].name or ci_id
        if column == Column.ID:
            return ci_id
        if column == Column.STATE:
            return state_name(health.state, self._lang)
        if column == Column.REASON:
            return render(health.reason, self._lang, health.source)
        since = self._service.monitor.since.get(ci_id)
        if since is None:
            return ""
        shown = self._clock.get(ci_id)
        if shown is None or shown[0] is not since:
            # astimezone() and strftime() import `time` on every call, each through
            # PySide's import hook: worked out once per state change, not per paint.
            shown = self._clock[ci_id] = (since, since.astimezone().strftime("%H:%M:%S"))
        return shown[1]

    # -- updates -------------------------------------------------------------------

    def on_health_changed(self, changed: set[str]) -> None:
        """dataChanged for the changed rows only, one range per run of adjacent siblings.

        Only the columns that follow health (state, reason, since): name and id never
        change, and a range that starts at column 0 makes the tree view re-check each
        row's children. Each emission costs the proxy and the view a few dozen calls
        back into this model, so the ranges are as few and as narrow as they can be.
        """
        by_parent: dict[int, list[int]] = {}
        number_of, up, rows = self._number, self._up, self._rows
        for ci_id in changed:
            number = number_of.get(ci_id)
            if number is not None:
                by_parent.setdefault(up[number], []).append(rows[number])
        first, last = int(Column.STATE), _COLUMNS - 1
        kids_of = self._kids
        for parent, changed_rows in by_parent.items():
            kids = [self._root] if parent < 0 else kids_of[parent]
            changed_rows.sort()
            start = prev = changed_rows[0]
            for row in [*changed_rows[1:], -2]:
                if row == prev + 1:
                    prev = row
                    continue
                self.dataChanged.emit(
                    self.createIndex(start, first, kids[start]),
                    self.createIndex(prev, last, kids[prev]),
                    [],
                )
                start = prev = row
