"""IncidentListModel: the incident list as a table, a thin adapter over `service.heads()`.

Rows are the service's in-memory heads (never the store). On `incidentsChanged` only
the rows of those incidents change; a 1 s timer moves the live tickers (cost so far,
SLA countdown) with one `dataChanged` over those two columns. Cost and SLA come from the
folded state and are computed only for rows a view asks about (the visible ones), once
per tick, so 10,000 rows cost nothing until they are shown.

The model sorts itself (`sort`, one Python key per row: about 20 ms for 10,000 rows,
where a proxy comparing pairs through `data()` takes seconds); the proxy only filters.
Default order: P1 first, unacknowledged first, newest first. A sort by cost or SLA is
renewed when incidents change, not on every tick (rows do not jump every second).

Signals:
    ticked(): the tickers moved (after their `dataChanged`)
"""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from app.formatting import eur
from app.incidents.qt_service import IncidentServiceQt
from models.incidents.priority import Priority
from models.incidents.sla import SlaClock, SlaLevel
from models.store.incident_heads import IncidentHead
from widgets import i18n
from widgets.i18n import QT_TRANSLATE_NOOP
from widgets.incidents.texts import UNACK_MARK, age_text, clock_line, next_clock, sla_text
from widgets.incidents.texts import status_text as status_words

Index = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole
HEAD_ROLE = Role.UserRole + 1  # the IncidentHead
ID_ROLE = Role.UserRole + 2  # the incident id
SORT_ROLE = Role.UserRole + 3  # the plain value rows are sorted by (see `sort`)
SLA_LEVEL_ROLE = Role.UserRole + 4  # SlaLevel of the next running clock, or None
AMBER, RED, WHITE, DARK = "#E8A400", "#C62828", "#FFFFFF", "#1E1E1E"
STATUS_ORDER = ("new", "acknowledged", "in_progress", "on_hold", "resolved", "closed")
AGE_EVERY = 30  # ticks between refreshes of the (minute-resolution) age column
NO_CLOCK = 1e18


class Column(enum.IntEnum):
    PRIORITY = 0
    NUMBER = 1
    TITLE = 2
    STATE = 3
    LINES = 4
    COST = 5
    SLA = 6
    AGE = 7


HEADERS = (
    QT_TRANSLATE_NOOP("IncidentListModel", "Priority"),
    QT_TRANSLATE_NOOP("IncidentListModel", "Number"),
    QT_TRANSLATE_NOOP("IncidentListModel", "Title"),
    QT_TRANSLATE_NOOP("IncidentListModel", "State"),
    QT_TRANSLATE_NOOP("IncidentListModel", "Lines"),
    QT_TRANSLATE_NOOP("IncidentListModel", "Cost so far"),
    QT_TRANSLATE_NOOP("IncidentListModel", "SLA"),
    QT_TRANSLATE_NOOP("IncidentListModel", "Age"),
)


class IncidentListModel(QAbstractTableModel):
    ticked = Signal()

    def __init__(
        self, incidents: IncidentServiceQt, parent: QObject | None = None, *, tick_ms: int = 1000
    ) -> None:
        super().__init__(parent)
        self._service = incidents.service
        i18n.notifier().changed.connect(self._on_language_changed)
        self._now = self._service.now_ms()
        self._heads: list[IncidentHead] = self._service.heads()
        self._row_of: dict[str, int] = {}
        self._sort_column = Column.PRIORITY
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._order_heads()
        self._live: dict[str, tuple[SlaClock | None, list[SlaClock], float]] = {}
        self._ticks = 0
        self._bold = QFont()
        self._bold.setBold(True)
        incidents.incidentsChanged.connect(self.on_incidents_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.on_tick)
        self.timer.start()

    # -- Qt model ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt default)
        return 0 if parent.isValid() else len(self._heads)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt default)
        return 0 if parent.isValid() else len(Column)

    def _on_language_changed(self, _lang: str) -> None:
        """Headers, states and clocks in the new language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        if self.rowCount():
            last = self.index(self.rowCount() - 1, len(HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Role.DisplayRole and 0 <= section < len(HEADERS):
            return QCoreApplication.translate("IncidentListModel", HEADERS[section])
        return None

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._heads):
            return None
        head = self._heads[index.row()]
        column = Column(index.column())
        if role == Role.DisplayRole:
            return self._display(head, column)
        if role == Role.FontRole:
            return self._bold if head.status == "new" else None
        if role == Role.ForegroundRole:
            return self._foreground(head, column)
        if role == Role.BackgroundRole and column is Column.SLA:
            level = self._level(head)
            return QColor(AMBER if level is SlaLevel.WARNING else RED) if level else None
        if role == Role.ToolTipRole:
            return self._tooltip(head, column)
        if role == Role.TextAlignmentRole and column is Column.COST:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == HEAD_ROLE:
            return head
        if role == ID_ROLE:
            return head.id
        if role == SORT_ROLE:
            return self._sort_key(head, column)
        if role == SLA_LEVEL_ROLE:
            return self._level(head)
        return None

    # -- for the proxy and views -----------------------------------------------------

    def head_at(self, row: int) -> IncidentHead:
        return self._heads[row]

    def row_of(self, incident_id: str) -> int | None:
        return self._row_of.get(incident_id)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by a column's `SORT_ROLE` value (ties: the default order)."""
        if not 0 <= column < len(Column):
            column, order = Column.PRIORITY, Qt.SortOrder.AscendingOrder
        self._sort_column, self._sort_order = Column(column), order
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        kept = [(self._heads[i.row()].id, i.column()) for i in before]
        self._order_heads()
        after = [self.index(self._row_of[incident_id], c) for incident_id, c in kept]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _order_heads(self) -> None:
        column = self._sort_column
        self._heads.sort(key=lambda h: self._sort_key(h, Column.PRIORITY))
        if column is not Column.PRIORITY:
            self._heads.sort(key=lambda h: self._sort_key(h, column))
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            self._heads.reverse()
        self._row_of = {h.id: row for row, h in enumerate(self._heads)}

    # -- slots -----------------------------------------------------------------------

    def on_incidents_changed(self, ids: set[str]) -> None:
        """Refetch the heads of these incidents only; new ones are appended."""
        self._now = self._service.now_ms()
        fresh: list[IncidentHead] = []
        gone: list[int] = []
        for incident_id in sorted(ids):
            head = self._service.head(incident_id)
            self._live.pop(incident_id, None)
            row = self._row_of.get(incident_id)
            if row is None:
                if head is not None:
                    fresh.append(head)
            elif head is None:
                gone.append(row)
            else:
                self._heads[row] = head
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
        for row in sorted(gone, reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._heads[row]
            self.endRemoveRows()
        if gone:
            self._row_of = {h.id: r for r, h in enumerate(self._heads)}
        if fresh:
            first = len(self._heads)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for offset, head in enumerate(fresh):
                self._heads.append(head)
                self._row_of[head.id] = first + offset
            self.endInsertRows()
        if fresh or len(ids) > len(gone):
            self.sort(self._sort_column, self._sort_order)

    def on_tick(self) -> None:
        """The tickers move: cost so far and SLA (and, now and then, age)."""
        self._now = self._service.now_ms()
        self._live = {k: v for k, v in self._live.items() if not self._ticking(k)}
        self._ticks += 1
        if self._heads:
            last_row = len(self._heads) - 1
            roles: list[int] = [Role.DisplayRole, Role.BackgroundRole, Role.ForegroundRole]
            roles += [Role.ToolTipRole, SLA_LEVEL_ROLE]
            top, bottom = self.index(0, Column.COST), self.index(last_row, Column.SLA)
            self.dataChanged.emit(top, bottom, roles)
            if self._ticks % AGE_EVERY == 0:
                top, bottom = self.index(0, Column.AGE), self.index(last_row, Column.AGE)
                self.dataChanged.emit(top, bottom, [Role.DisplayRole])
        self.ticked.emit()

    # -- cells -----------------------------------------------------------------------

    def _display(self, head: IncidentHead, column: Column) -> str:
        if column is Column.PRIORITY:
            return f"{UNACK_MARK} {head.priority}" if head.status == "new" else head.priority
        if column is Column.NUMBER:
            return head.number
        if column is Column.TITLE:
            repeats = f"  (x{head.repeat_count + 1})" if head.repeat_count else ""
            return head.title + repeats
        if column is Column.STATE:
            text = status_words(head.status)
            if head.status == "new":
                return text + QCoreApplication.translate("IncidentListModel", " - not acknowledged")
            return text
        if column is Column.LINES:
            return ", ".join(head.lines) or "-"
        if column is Column.COST:
            return eur(self._live_of(head)[2]) if head.lines else "-"
        if column is Column.SLA:
            return sla_text(self._live_of(head)[0])
        if head.opened_ms is None:
            return "-"
        return age_text((self._now - head.opened_ms) / 1000)

    def _foreground(self, head: IncidentHead, column: Column) -> QColor | None:
        if column is Column.SLA:
            level = self._level(head)
            return QColor(WHITE if level is SlaLevel.BREACHED else DARK) if level else None
        if column is Column.PRIORITY and head.priority == "P1" and head.is_open:
            return QColor(RED)
        return None

    def _tooltip(self, head: IncidentHead, column: Column) -> str | None:
        if column is Column.SLA:
            clocks = self._live_of(head)[1]
            return "\n".join(clock_line(c) for c in clocks) or None
        if column is Column.PRIORITY and head.status == "new":
            text = QCoreApplication.translate("IncidentListModel", "%1, not acknowledged yet")
            return text.replace("%1", head.priority)
        if column is Column.TITLE:
            cause = QCoreApplication.translate("IncidentListModel", "root cause: %1")
            return f"{head.title}\n{cause.replace('%1', head.root_ci)} {head.fault_text}".rstrip()
        if column is Column.COST and head.lines:
            text = QCoreApplication.translate("IncidentListModel", "%1 while the lines stand")
            return text.replace("%1", eur(head.cost_per_hour, per_hour=True))
        return None

    def _level(self, head: IncidentHead) -> SlaLevel | None:
        clock = self._live_of(head)[0] if head.is_open else None
        return clock.level if clock is not None and clock.level is not SlaLevel.OK else None

    def _live_of(self, head: IncidentHead) -> tuple[SlaClock | None, list[SlaClock], float]:
        """(next running clock, every clock, cost so far) of a row, once per tick."""
        live = self._live.get(head.id)
        if live is None:
            try:
                state = self._service.incident(head.id)
            except KeyError:
                return (None, [], 0.0)
            clocks = self._service.sla(state, self._now)
            cost = self._service.cost(state, self._now).cost_eur
            live = self._live[head.id] = (next_clock(clocks), clocks, cost)
        return live

    def _ticking(self, incident_id: str) -> bool:
        row = self._row_of.get(incident_id)
        return row is None or self._heads[row].is_open

    def _sort_key(self, head: IncidentHead, column: Column) -> Any:
        """Plain values of one type per column; cost and SLA are estimated from the head
        alone (pauses on hold ignored) so that sorting 10,000 rows folds none of them."""
        opened = head.opened_ms or 0
        if column is Column.PRIORITY:  # P1 first, unacknowledged first, newest first
            unack = 0 if head.status == "new" else 1
            return f"{Priority(head.priority).rank}{unack}{10**16 - opened:017d}"
        if column is Column.NUMBER:
            return head.number
        if column is Column.TITLE:
            return head.title
        if column is Column.STATE:
            return STATUS_ORDER.index(head.status) if head.status in STATUS_ORDER else 99
        if column is Column.LINES:
            return ", ".join(head.lines)
        end = head.resolved_ms or (self._now if head.is_open else opened)
        if column is Column.COST:
            return head.cost_per_hour * max(0, end - opened) / 3_600_000
        if column is Column.SLA:
            return self._sla_estimate(head)
        return -opened

    def _sla_estimate(self, head: IncidentHead) -> float:
        if not head.is_open or head.opened_ms is None:
            return NO_CLOCK
        targets = self._service.sla_policy.targets[Priority(head.priority)]
        elapsed = (self._now - head.opened_ms) / 1000
        left = [
            target - elapsed
            for target, stopped in (
                (targets.acknowledge_s, head.acknowledged_ms),
                (targets.on_site_s, head.on_site_ms),
                (targets.resolve_s, head.resolved_ms),
            )
            if target is not None and stopped is None
        ]
        return min(left) if left else NO_CLOCK
