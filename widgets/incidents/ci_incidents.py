"""CiIncidents: the machine tree's "Raise incident" and "Open incidents" on a CI.

"Raise incident" opens `RaiseIncidentDialog` preset with the CI (one at a time); the
new incident is selected in the incident list and its detail opens (`openRequested`).
"Open incidents" narrows the incident list to the open incidents whose root cause or
related CIs include the CI or a CI under it: a `CiScopeProxy` over the list's own
filter proxy (so the list's filters still apply), with a line above the table naming
the CI and a [Show all] that puts the list back as it was. A CI with no incidents gets
a status message and leaves the list alone.

Signals:
    openRequested(str): an incident id to show in detail
    statusMessage(str): a short message for the status bar
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from app.incidents.by_ci import ci_and_below, incidents_of_cis
from app.incidents.qt_service import IncidentServiceQt
from widgets import i18n
from widgets.incidents.list_model import ID_ROLE
from widgets.incidents.list_view import IncidentListView
from widgets.incidents.raise_dialog import RaiseIncidentDialog
from widgets.incidents.rights import Rights, allow_all


class CiScopeProxy(QSortFilterProxyModel):
    """The rows of the list's proxy whose incident is in `ids`; sorting stays the list's."""

    def __init__(self, source: QAbstractItemModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ids: frozenset[str] = frozenset()
        self.setSourceModel(source)
        self.setDynamicSortFilter(False)

    def set_ids(self, ids: set[str] | frozenset[str]) -> None:
        self.beginFilterChange()
        self.ids = frozenset(ids)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The header's clicks reach the list's own sorting (the source model sorts)."""
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        source = self.sourceModel()
        if source is None or source_parent.isValid():
            return False
        return source.index(source_row, 0).data(ID_ROLE) in self.ids


class CiIncidents(QObject):
    openRequested = Signal(str)
    statusMessage = Signal(str)

    def __init__(
        self, incidents: IncidentServiceQt, list_view: IncidentListView, window: QWidget
    ) -> None:
        super().__init__(window)
        self.incidents = incidents
        self.service = incidents.service
        self.list_view = list_view
        self.window = window
        self.rights: Rights = allow_all
        self.dialog: RaiseIncidentDialog | None = None
        self.scope_ci: str | None = None
        self.scope_cis: set[str] = set()
        self.open_only_before = False  # the list's "open only" before it was narrowed
        self.proxy = CiScopeProxy(list_view.proxy, self)
        self.bar = QWidget()
        self.bar.setObjectName("ciScopeBar")
        self.scope_label = QLabel()
        self.scope_label.setObjectName("ciScopeLabel")
        self.show_all = QPushButton()
        self.show_all.setObjectName("ciScopeShowAll")
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.scope_label, 1)
        row.addWidget(self.show_all)
        self.bar.hide()
        layout = list_view.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(layout.indexOf(list_view.table), self.bar)
        self.show_all.clicked.connect(self.on_show_all)
        incidents.incidentsChanged.connect(self.on_incidents_changed)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.layoutChanged,
            self.proxy.modelReset,
        ):
            signal.connect(self.on_scope_counts)
        i18n.notifier().changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self, _lang: str = "") -> None:
        self.show_all.setText(self.tr("Show all"))
        self.on_scope_counts()

    # -- rights ----------------------------------------------------------------------

    def set_rights(self, rights: Rights) -> None:
        self.rights = rights
        self.refresh_rights()

    def refresh_rights(self) -> None:
        if self.dialog is not None:
            self.dialog.set_rights(self.rights)

    # -- raise -----------------------------------------------------------------------

    def on_raise(self, ci: str) -> RaiseIncidentDialog:
        """The raise dialog preset with `ci` (one dialog; a second request re-presets it)."""
        if self.dialog is None:
            self.dialog = RaiseIncidentDialog(self.incidents, ci, self.window)
            self.dialog.raised.connect(self.on_raised)
            self.dialog.finished.connect(self._forget_dialog)
        else:
            self.dialog.preset(ci)
        self.dialog.set_rights(self.rights)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def _forget_dialog(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def on_raised(self, incident_id: str) -> None:
        """Show the new incident: its row selected (the list refreshes first), its detail."""
        self.incidents.on_tick()  # the list hears of it now, not at the next timer tick
        if self.scope_ci is not None and incident_id not in self.proxy.ids:
            self.on_show_all()  # raised on another CI than the one the list is narrowed to
        self.select(incident_id)
        head = self.service.head(incident_id)
        number = head.number if head is not None else incident_id
        self.statusMessage.emit(self.tr("Incident %1 raised").replace("%1", number))
        self.openRequested.emit(incident_id)

    def select(self, incident_id: str) -> None:
        """Select the incident's row in the list (scoped or not)."""
        if self.scope_ci is None:
            self.list_view.select(incident_id)
            return
        row = self.list_view.model.row_of(incident_id)
        if row is None:
            return
        source = self.list_view.proxy.mapFromSource(self.list_view.model.index(row, 0))
        index = self.proxy.mapFromSource(source)
        if index.isValid():
            self.list_view.table.selectRow(index.row())
            self.list_view.table.scrollTo(index)

    # -- open incidents of a CI ------------------------------------------------------

    def on_show_incidents(self, ci: str) -> bool:
        """Narrow the list to the open incidents of `ci` and below (False: there are none)."""
        cis = ci_and_below(self.service.plant, ci)
        ids = incidents_of_cis(self.service.store, cis)
        open_ids = {i for i in ids if (h := self.service.head(i)) is not None and h.is_open}
        if not open_ids:
            text = self.tr("No open incidents on %1 or the CIs under it")
            self.statusMessage.emit(text.replace("%1", ci))
            return False
        if self.scope_ci is None:  # what [Show all] puts back
            self.open_only_before = self.list_view.open_only.isChecked()
        self.list_view.open_only.setChecked(True)  # the action's name: open incidents
        self.scope_ci, self.scope_cis = ci, cis
        self.proxy.set_ids(ids)
        if self.list_view.table.model() is not self.proxy:
            self.list_view.table.setModel(self.proxy)
            self._set_ticker(self.ticker_rows)
        self.bar.show()
        self.on_scope_counts()
        return True

    def on_show_all(self) -> None:
        """The list as it was: every incident its own filters let through."""
        self.scope_ci, self.scope_cis = None, set()
        self.bar.hide()
        if self.list_view.table.model() is self.proxy:
            self.list_view.table.setModel(self.list_view.proxy)
            self._set_ticker(getattr(self.list_view, "visible_rows", None))
        self.proxy.set_ids(frozenset())
        self.list_view.open_only.setChecked(self.open_only_before)

    def ticker_rows(self) -> tuple[int, int]:
        """While narrowed: the model rows (first, last) under the rows on screen."""
        table = self.list_view.table
        first = table.rowAt(0)
        if first < 0:
            return (0, -1)
        last = table.rowAt(table.viewport().height() - 1)
        last = self.proxy.rowCount() - 1 if last < 0 else last
        rows = [self._model_row(row) for row in range(first, last + 1)]
        return (min(rows), max(rows))

    def _model_row(self, row: int) -> int:
        inner = self.proxy.mapToSource(self.proxy.index(row, 0))
        return self.list_view.proxy.mapToSource(inner).row()

    def _set_ticker(self, visible: Callable[[], tuple[int, int]] | None) -> None:
        """A list model that ticks only the rows on screen learns them from the table:
        while narrowed, through this proxy (else it would tick rows hidden here)."""
        hand = getattr(self.list_view.model, "set_visible_rows", None)
        if hand is not None:
            hand(visible)

    def on_incidents_changed(self, ids: object) -> None:
        """While narrowed: an incident raised on (or related to) the CI joins the list."""
        if self.scope_ci is None or not isinstance(ids, set):
            return
        wanted = set(self.proxy.ids)
        for incident_id in ids:
            try:
                state = self.service.incident(incident_id)
            except KeyError:
                continue
            if state.root_cause_ci in self.scope_cis or self.scope_cis.intersection(
                state.affected_cis
            ):
                wanted.add(incident_id)
        if wanted != self.proxy.ids:
            self.proxy.set_ids(wanted)

    def on_scope_counts(self) -> None:
        if self.scope_ci is None:
            return
        text = self.tr("Incidents of %1 and the CIs under it: %2 shown")
        count = self.proxy.rowCount()
        self.scope_label.setText(text.replace("%1", self.scope_ci).replace("%2", str(count)))
