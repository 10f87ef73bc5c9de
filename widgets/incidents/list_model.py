"""IncidentListModel: the incident list as a table, a thin adapter over `service.heads()`.

Rows are the service's in-memory heads (never the store), duplicates included (shown
as "Duplicate of ..." with no cost or SLA of their own: their stop counts on the
incident they converged on). The model filters (`set_filter`, criteria from
`IncidentFilterProxy`) and sorts itself, one Python key per row, kept in `SortedRows`:
a change to one incident removes, inserts or moves its one row (O(log n)), where a
QSortFilterProxyModel re-filters and re-maps all 10,000 rows on every move. A sort by
cost uses the cost at the time of the last full sort (rows do not jump every second).
Default order: P1 first, unacknowledged first, newest first; duplicates last.

The 1 s timer moves the live tickers (cost so far, SLA countdown) with one
`dataChanged` over those two columns of the rows a view shows (`set_visible_rows`);
cost and SLA come from the folded state, computed only for rows a view asks about,
once per tick. Filters that depend on time (SLA, age) are applied again every 30 s.

Signals:
    ticked(): the tickers moved (after their `dataChanged`)
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, Protocol

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

from app.incidents.qt_service import IncidentServiceQt
from models.incidents.priority import Priority
from models.incidents.sla import SlaClock, SlaLevel, SlaPolicy
from models.store.incident_heads import IncidentHead
from widgets import i18n
from widgets.i18n import QT_TRANSLATE_NOOP
from widgets.incidents.list_rows import Key, SortedRows
from widgets.incidents.texts import UNACK_MARK, age_text, clock_line, next_clock, sla_text
from widgets.incidents.texts import status_text as status_words

Index = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole
HEAD_ROLE = Role.UserRole + 1  # the IncidentHead
ID_ROLE = Role.UserRole + 2  # the incident id
SORT_ROLE = Role.UserRole + 3  # the plain value rows are sorted by (see `sort`)
SLA_LEVEL_ROLE = Role.UserRole + 4  # SlaLevel of the next running clock, or None
AMBER, RED, WHITE, DARK, GREY = "#E8A400", "#C62828", "#FFFFFF", "#1E1E1E", "#6E6E6E"
STATUS_ORDER = ("new", "acknowledged", "in_progress", "on_hold", "resolved", "closed")
AGE_EVERY = 30  # ticks between refreshes of the (minute-resolution) age column
LIVE_KEPT = 4096  # cached tickers of closed incidents kept at most
NO_CLOCK = 1e18
RANK = {p.value: p.rank for p in Priority}
Accept = Callable[[IncidentHead], bool]
VisibleRows = Callable[[], tuple[int, int]]  # first and last row a view shows


class Filter(Protocol):
    """What `set_filter` takes (`list_proxy.Filters`)."""

    @property
    def timed(self) -> bool: ...

    def bind(self, now_ms: int) -> Accept: ...


def _accept_all(_head: IncidentHead) -> bool:
    return True


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
ROLES = frozenset(
    (
        Role.DisplayRole,
        Role.FontRole,
        Role.ForegroundRole,
        Role.BackgroundRole,
        Role.ToolTipRole,
        Role.TextAlignmentRole,
        HEAD_ROLE,
        ID_ROLE,
        SORT_ROLE,
        SLA_LEVEL_ROLE,
    )
)
PRIORITY = Column.PRIORITY
TICKER_ROLES = [Role.DisplayRole, Role.BackgroundRole, Role.ForegroundRole, Role.ToolTipRole]


class IncidentListModel(QAbstractTableModel):
    ticked = Signal()

    def __init__(
        self, incidents: IncidentServiceQt, parent: QObject | None = None, *, tick_ms: int = 1000
    ) -> None:
        super().__init__(parent)
        self._service = incidents.service
        i18n.notifier().changed.connect(self._on_language_changed)
        self._now = self._sort_now = self._service.now_ms()
        self._all: dict[str, IncidentHead] = {h.id: h for h in self._service.heads(duplicates=True)}
        self._everything = SortedRows()  # every head, in the current order
        self._rows = SortedRows()  # the heads the filter accepts, in the same order
        self._filter: Filter | None = None
        self._accept: Accept = _accept_all
        self._sort_column = Column.PRIORITY
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._everything.reset((self._key(h), h) for h in self._all.values())
        self._rows.assign(self._everything.pairs())
        self._live: dict[str, tuple[SlaClock | None, list[SlaClock], float]] = {}
        self._visible: VisibleRows | None = None
        self._ticks = 0
        self._bold = QFont()
        self._bold.setBold(True)
        incidents.incidentsChanged.connect(self.on_incidents_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.on_tick)
        self.timer.start()

    @property
    def sla_policy(self) -> SlaPolicy:
        return self._service.sla_policy

    # -- Qt model ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt default)
        return 0 if parent.isValid() else len(self._rows)

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
        if role not in ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None  # a delegate asks ~10 roles per cell: the others cost nothing
        head = self.head_at(index.row())
        column = Column(index.column())
        if role == Role.DisplayRole:
            return self._display(head, column)
        if role == Role.FontRole:
            return self._bold if head.status == "new" and not head.duplicate_of else None
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
        return self._rows.heads[self._position(row)]

    def row_of(self, incident_id: str) -> int | None:
        """The row showing this incident (None: not shown, e.g. filtered out)."""
        position = self._rows.position(incident_id)
        return None if position is None else self._position(position)

    def total(self) -> int:
        """Incidents known, shown or not."""
        return len(self._all)

    def set_visible_rows(self, visible: VisibleRows | None) -> None:
        """Tell the ticker which rows a view shows (None: all rows)."""
        self._visible = visible

    def set_filter(self, criteria: Filter | None) -> None:
        """Show only the heads the criteria accept (None: every head)."""
        self._filter = criteria
        self._refilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by a column's `SORT_ROLE` value (ties: the default order)."""
        if not 0 <= column < len(Column):
            column, order = Column.PRIORITY, Qt.SortOrder.AscendingOrder
        self._sort_column, self._sort_order = Column(column), order
        self._sort_now = self._service.now_ms()
        self._everything.reset((self._key(h), h) for h in self._all.values())
        self._refilter()

    def _position(self, row: int) -> int:
        """Rows are kept ascending; a descending sort shows them from the end (its own
        inverse: also maps a position to its row)."""
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            return len(self._rows) - 1 - row
        return row

    def _refilter(self) -> None:
        """Filter every head again (they are kept in order), keeping persistent indexes
        (selection)."""
        self._now = self._service.now_ms()
        self._accept = self._filter.bind(self._now) if self._filter else _accept_all
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        kept = [(self.head_at(i.row()).id, i.column()) for i in before]
        accept = self._accept
        self._rows.assign(pair for pair in self._everything.pairs() if accept(pair[1]))
        after = []
        for incident_id, column in kept:
            row = self.row_of(incident_id)
            after.append(QModelIndex() if row is None else self.index(row, column))
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # -- slots -----------------------------------------------------------------------

    def on_incidents_changed(self, ids: set[str]) -> None:
        """Refetch the heads of these incidents only; each row moves to its place."""
        self._now = self._service.now_ms()
        for incident_id in sorted(ids):
            head = self._service.head(incident_id)
            self._live.pop(incident_id, None)
            if head is None:
                self._all.pop(incident_id, None)
            else:
                self._all[incident_id] = head
            key = None if head is None else self._key(head)
            self._everything.put(incident_id, key, head)
            shown = head is not None and self._accept(head)
            self._place(incident_id, head if shown else None, key)

    def _place(self, incident_id: str, head: IncidentHead | None, key: Key | None) -> None:
        """Put one incident's row where its key belongs now (None: it is not shown)."""
        rows = self._rows
        old = rows.position(incident_id)
        if old is None and head is None:
            return
        if head is None:
            assert old is not None
            row = self._position(old)
            self.beginRemoveRows(QModelIndex(), row, row)
            rows.pop(old)
            self.endRemoveRows()
            return
        assert key is not None
        new = rows.insert_position(key)
        if old is None:
            self.beginInsertRows(
                QModelIndex(), self._row_after_insert(new), self._row_after_insert(new)
            )
            rows.insert(new, key, head)
            self.endInsertRows()
            return
        if new > old:
            new -= 1  # its place once its old row is gone
        if new == old and rows.keys[old] == key:
            rows.replace(old, head)
        else:
            source, target = self._position(old), self._position(new)
            moves = source != target
            if moves:  # Qt counts the destination before the row leaves
                self.beginMoveRows(
                    QModelIndex(), source, source, QModelIndex(), target + (target > source)
                )
            rows.pop(old)
            rows.insert(new, key, head)
            if moves:
                self.endMoveRows()
        shown = self._position(new)
        self.dataChanged.emit(self.index(shown, 0), self.index(shown, len(Column) - 1))

    def _row_after_insert(self, position: int) -> int:
        """The row an insert at `position` will have (the list one longer)."""
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            return len(self._rows) - position
        return position

    def on_tick(self) -> None:
        """The tickers move: cost so far and SLA (and, now and then, age and the time-based
        filters), for the rows a view shows."""
        self._now = self._service.now_ms()
        if len(self._live) > LIVE_KEPT:
            self._live.clear()
        else:
            self._live = {k: v for k, v in self._live.items() if not self._ticking(k)}
        self._ticks += 1
        every = self._ticks % AGE_EVERY == 0
        if every and self._filter is not None and self._filter.timed:
            self._refilter()
        if self._rows:
            first, last = self._visible() if self._visible else (0, len(self._rows) - 1)
            first, last = max(0, first), min(len(self._rows) - 1, last)
            if first <= last:
                top, bottom = self.index(first, Column.COST), self.index(last, Column.SLA)
                self.dataChanged.emit(top, bottom, [*TICKER_ROLES, SLA_LEVEL_ROLE])
                if every:
                    top, bottom = self.index(first, Column.AGE), self.index(last, Column.AGE)
                    self.dataChanged.emit(top, bottom, [Role.DisplayRole])
        self.ticked.emit()

    # -- cells -----------------------------------------------------------------------

    def _display(self, head: IncidentHead, column: Column) -> str:
        duplicate = head.duplicate_of is not None
        if column is Column.PRIORITY:
            unack = head.status == "new" and not duplicate
            return f"{UNACK_MARK} {head.priority}" if unack else head.priority
        if column is Column.NUMBER:
            return head.number
        if column is Column.TITLE:
            repeats = f"  (x{head.repeat_count + 1})" if head.repeat_count else ""
            dups = self._service.duplicates_of(head.id) if not duplicate else ()
            if dups:
                text = QCoreApplication.translate("IncidentListModel", "duplicates: %1")
                repeats += f"  ({text.replace('%1', i18n.number(len(dups)))})"
            return head.title + repeats
        if column is Column.STATE:
            if head.duplicate_of is not None:
                text = QCoreApplication.translate("IncidentListModel", "Duplicate of %1")
                return text.replace("%1", self._number(head.duplicate_of))
            text = status_words(head.status)
            if head.status == "new":
                return text + QCoreApplication.translate("IncidentListModel", " - not acknowledged")
            return text
        if column is Column.LINES:
            return ", ".join(head.lines) or "-"
        if column is Column.COST:
            return i18n.eur(self._live_of(head)[2]) if head.lines and not duplicate else "-"
        if column is Column.SLA:
            return "" if duplicate else sla_text(self._live_of(head)[0])
        if head.opened_ms is None:
            return "-"
        return age_text((self._now - head.opened_ms) / 1000)

    def _number(self, incident_id: str) -> str:
        head = self._all.get(incident_id)
        return head.number if head is not None else incident_id[:13]

    def _foreground(self, head: IncidentHead, column: Column) -> QColor | None:
        if head.duplicate_of is not None:
            return QColor(GREY) if column is Column.STATE else None
        if column is Column.SLA:
            level = self._level(head)
            return QColor(WHITE if level is SlaLevel.BREACHED else DARK) if level else None
        if column is Column.PRIORITY and head.priority == "P1" and head.is_open:
            return QColor(RED)
        return None

    def _tooltip(self, head: IncidentHead, column: Column) -> str | None:
        if head.duplicate_of is not None and column in (Column.STATE, Column.COST, Column.SLA):
            text = QCoreApplication.translate(
                "IncidentListModel",
                "Same stop as %1, raised later: its cost, SLA and notes count on %1 "
                "(its own state: %2)",
            )
            return text.replace("%1", self._number(head.duplicate_of)).replace(
                "%2", status_words(head.status)
            )
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
            return text.replace("%1", i18n.eur(head.cost_per_hour, per_hour=True))
        return None

    def _level(self, head: IncidentHead) -> SlaLevel | None:
        ticking = head.is_open and head.duplicate_of is None
        clock = self._live_of(head)[0] if ticking else None
        return clock.level if clock is not None and clock.level is not SlaLevel.OK else None

    def _live_of(self, head: IncidentHead) -> tuple[SlaClock | None, list[SlaClock], float]:
        """(next running clock, every clock, cost so far) of a row, once per tick."""
        live = self._live.get(head.id)
        if live is None:
            try:
                state = self._service.incident(head.id)
            except KeyError:  # no event of it stored (yet): nothing ticks
                live = self._live[head.id] = (None, [], 0.0)
                return live
            clocks = self._service.sla(state, self._now)
            cost = self._service.cost(state, self._now).cost_eur
            live = self._live[head.id] = (next_clock(clocks), clocks, cost)
        return live

    def _ticking(self, incident_id: str) -> bool:
        head = self._all.get(incident_id)
        return head is None or head.is_open

    def _key(self, head: IncidentHead) -> Key:
        """A row's unique place: the sort column's value, the default order, the id."""
        default = self._sort_key(head, PRIORITY)
        if self._sort_column is PRIORITY:
            return (default, head.id)
        return (self._sort_key(head, self._sort_column), default, head.id)

    def _sort_key(self, head: IncidentHead, column: Column) -> Any:
        """Plain values of one type per column, none of which moves by itself as time
        passes (cost: as at the last full sort); cost and SLA are estimated from the
        head alone (pauses on hold ignored) so that sorting 10,000 rows folds none."""
        opened = head.opened_ms or 0
        duplicate = head.duplicate_of is not None
        if column is Column.PRIORITY:  # P1 first, unacknowledged first, newest first
            unack = 0 if head.status == "new" else 1
            return f"{int(duplicate)}{RANK[head.priority]}{unack}{10**16 - opened:017d}"
        if column is Column.NUMBER:
            return head.number
        if column is Column.TITLE:
            return head.title
        if column is Column.STATE:
            state = STATUS_ORDER.index(head.status) if head.status in STATUS_ORDER else 99
            return state + 100 * duplicate
        if column is Column.LINES:
            return ", ".join(head.lines)
        if column is Column.COST:
            end = head.resolved_ms or (self._sort_now if head.is_open else opened)
            rate = 0.0 if duplicate else head.cost_per_hour
            return rate * max(0, end - opened) / 3_600_000
        if column is Column.SLA:
            return NO_CLOCK if duplicate else self._sla_deadline(head)
        return -opened

    def _sla_deadline(self, head: IncidentHead) -> float:
        """When the first running clock runs out (ms; earliest first = least time left)."""
        if not head.is_open or head.opened_ms is None:
            return NO_CLOCK
        targets = self._service.sla_policy.targets[Priority(head.priority)]
        deadlines = [
            head.opened_ms + target * 1000
            for target, stopped in (
                (targets.acknowledge_s, head.acknowledged_ms),
                (targets.on_site_s, head.on_site_ms),
                (targets.resolve_s, head.resolved_ms),
            )
            if target is not None and stopped is None
        ]
        return float(min(deadlines)) if deadlines else NO_CLOCK
