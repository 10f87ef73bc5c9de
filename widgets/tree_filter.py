"""MachineTreeFilter: text search and "only abnormal" over the machine tree.

A row is shown when it passes both filters; with recursive filtering Qt keeps
the ancestors of every shown row, so a match is never orphaned. A text match on
a line or machine also shows everything under it (search "L3", see Line 3).
Needs Qt >= 6.10 (begin/endFilterChange; invalidateRowsFilter is deprecated there).

Recursive filtering is switched on only while a filter is set: with it on, Qt
also re-signals every ancestor of a changed row (five `dataChanged` instead of
one for a device), and each costs the tree view dozens of calls back into the
Python model - 5 ms per changed row, most of the GUI thread at 5,000 changes/s
on 10,000 CIs (bench/bench_gui.py). With no filter every row is shown anyway.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from models.reasons import state_name
from widgets.tree_model import MachineTreeModel


class MachineTreeFilter(QSortFilterProxyModel):
    def __init__(
        self, source: MachineTreeModel, lang: str = "en", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._lang = lang
        self._text = ""
        self._only_abnormal = False
        self.setSourceModel(source)

    def attach(self, on: bool) -> None:
        """The model as the source (on), or no source: while no view shows the proxy, it
        need not follow the model's changes (see widgets.machine_tree)."""
        # Qt takes no model (nullptr) here; the stub does not say so.
        self.setSourceModel(self._source if on else None)  # type: ignore[arg-type]

    @property
    def text(self) -> str:
        return self._text

    @property
    def only_abnormal(self) -> bool:
        return self._only_abnormal

    def set_text(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._text:
            self._refilter(text, self._only_abnormal)

    def set_only_abnormal(self, on: bool) -> None:
        if on != self._only_abnormal:
            self._refilter(self._text, on)

    def _refilter(self, text: str, only_abnormal: bool) -> None:
        filtering = bool(text or only_abnormal)
        if filtering:  # keep the ancestors of matches from the first filtering pass on
            self.setRecursiveFilteringEnabled(True)
        self.beginFilterChange()
        self._text, self._only_abnormal = text, only_abnormal
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        if not filtering:  # everything is shown: no ancestors to keep (see the docstring)
            self.setRecursiveFilteringEnabled(False)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._text and not self._only_abnormal:
            return True
        ci_id = self._source.ci_of(self._source.index(source_row, 0, source_parent))
        if self._only_abnormal and not self._abnormal(ci_id):
            return False
        if not self._text:
            return True
        return any(self._matches(c) for c in (ci_id, *self._source.plant.ancestors(ci_id)))

    def _abnormal(self, ci_id: str) -> bool:
        return self._source.state_of(ci_id).is_abnormal

    def matches(self, ci_id: str) -> bool:
        """The CI itself passes the filter (not merely as an ancestor of a match)."""
        if self._only_abnormal and not self._abnormal(ci_id):
            return False
        return not self._text or self._matches(ci_id)

    def _matches(self, ci_id: str) -> bool:
        node = self._source.plant.nodes[ci_id]
        state = self._source.state_of(ci_id)
        haystack = (ci_id, node.name, node.kind, state_name(state, self._lang), state.value)
        return any(self._text in part.casefold() for part in haystack)
