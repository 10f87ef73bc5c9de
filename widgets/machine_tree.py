"""MachineTree: the left panel - filter box, "only abnormal", and the tree of CIs.

Follows and drives the shared `CiSelection`; `reveal(ci_id)` expands the
ancestors of a CI, scrolls to it and selects it (from search, topology,
incidents). The context menu comes from `CiActions`.

The view shows the Python model itself while no filter is set, and the filter
proxy only while one is: every index the view asks for through the proxy costs
more calls back into Python (the proxy maps each cell with the model's index()),
so a full repaint of the viewport took about twice the CPU through the proxy
(bench/bench_gui.py). Indexes of the view's model go through `to_view`,
`from_view`, `view_index` and `ci_at`, right in both modes. While unused the proxy
has no source model, so it does no work on the model's changes either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from widgets.ci_actions import CiActions
from widgets.selection import CiSelection
from widgets.tree_filter import MachineTreeFilter
from widgets.tree_model import Column, MachineTreeModel


class CiTreeView(QTreeView):
    """A QTreeView that ignores changes to rows hidden under a collapsed parent.

    At 10,000 CIs most changed rows are devices of closed machines. For each changed
    range Qt's tree view works out the rectangle to repaint cell by cell, every step a
    call back into the Python model, only to find the rows are not laid out. Rows under
    a collapsed parent cannot be on screen and are painted fresh when their parent opens,
    so their changes are dropped here, before that work.
    """

    def dataChanged(
        self,
        topLeft: QModelIndex | QPersistentModelIndex,
        bottomRight: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        parent = topLeft.parent()
        if parent.isValid() and not self.isExpanded(parent):
            return
        super().dataChanged(topLeft, bottomRight, list(roles))


class MachineTree(QWidget):
    def __init__(
        self,
        model: MachineTreeModel,
        selection: CiSelection,
        actions: CiActions,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("machineTree")
        self.model = model
        self.proxy = MachineTreeFilter(model, parent=self)
        self.proxy.attach(False)  # attached only while a filter is set (docstring)
        self._filtered = False
        # The CIs open before a filter was set: opened again when it is cleared.
        self._expanded: set[str] = set()
        self._selection = selection
        self._actions = actions
        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.abnormal_box = QCheckBox()
        self.retranslate()
        self.view = CiTreeView()
        self.view.setModel(model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.REASON, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        header.resizeSection(Column.NAME, 180)
        header.resizeSection(Column.ID, 90)
        header.resizeSection(Column.STATE, 120)
        header.resizeSection(Column.SINCE, 72)
        self.view.expandToDepth(2)

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.abnormal_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        self.filter_edit.textChanged.connect(self.on_filter_text)
        self.filter_edit.returnPressed.connect(self.on_filter_return)
        self.abnormal_box.toggled.connect(self.on_only_abnormal)
        self.view.selectionModel().currentChanged.connect(self.on_current_changed)
        self.view.customContextMenuRequested.connect(self.on_context_menu)
        selection.changed.connect(self.on_selection_changed)

    def retranslate(self) -> None:
        self.filter_edit.setPlaceholderText(self.tr("Filter: id, name, kind, state (Ctrl+F)"))
        self.abnormal_box.setText(self.tr("Only abnormal"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "abnormal_box"):
            self.retranslate()
        super().changeEvent(event)

    # -- indexes of the view's model (the model itself, or the proxy while filtering) --

    @property
    def filtered(self) -> bool:
        """The view shows the filter proxy (a filter is set), not the model itself."""
        return self._filtered

    def to_view(self, index: QModelIndex) -> QModelIndex:
        """A model index as an index of the view's model (invalid if the filter hides it)."""
        return self.proxy.mapFromSource(index) if self._filtered else index

    def from_view(self, index: QModelIndex) -> QModelIndex:
        """An index of the view's model as a model index."""
        return self.proxy.mapToSource(index) if self._filtered else index

    def view_index(self, ci_id: str, column: int = 0) -> QModelIndex:
        """The view's index of a CI's row (invalid for an unknown or filtered-out CI)."""
        return self.to_view(self.model.index_of(ci_id, column))

    def ci_at(self, index: QModelIndex) -> str:
        """The CI of an index of the view's model ("" for none)."""
        return self.model.ci_of(self.from_view(index))

    def _expanded_cis(self) -> set[str]:
        plant, view = self.model.plant, self.view
        return {
            ci_id
            for ci_id in plant.walk()
            if plant.nodes[ci_id].children and view.isExpanded(self.view_index(ci_id))
        }

    def _apply_filter(self, change: Callable[[], None]) -> None:
        """Change the filter; the view shows the proxy while one is set, else the model.

        The proxy gets its source and its filter before the view gets the proxy, so it
        filters once, not row by row under a view. The view's expansion from before the
        filter comes back when the filter is cleared; `_after_filter` keeps the current CI.
        """
        if not self._filtered:
            self._expanded = self._expanded_cis()
            self.proxy.attach(True)
        change()
        on = bool(self.proxy.text or self.proxy.only_abnormal)
        if on == self._filtered:
            if not on:  # e.g. only blanks typed: still no filter
                self.proxy.attach(False)
            return
        old = self.view.selectionModel()
        self._filtered = on
        self.view.setModel(self.proxy if on else self.model)
        self.view.selectionModel().currentChanged.connect(self.on_current_changed)
        old.deleteLater()
        if not on:
            self.proxy.attach(False)
            for ci_id in self._expanded:
                self.view.expand(self.view_index(ci_id))
            self._expanded = set()

    def reveal(self, ci_id: str) -> bool:
        """Expand to a CI, scroll to it and make it current; False if the filter hides it."""
        index = self.view_index(ci_id)
        if not index.isValid():
            return False
        parent = index.parent()
        while parent.isValid():
            self.view.expand(parent)
            parent = parent.parent()
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        if self.view.currentIndex() != index:
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        return True

    def on_filter_text(self, text: str) -> None:
        self._apply_filter(lambda: self.proxy.set_text(text))
        self._after_filter()

    def on_filter_return(self) -> None:
        """Enter in the filter box selects the first CI that matches by itself."""
        for ci_id in self.model.plant.walk():
            if self.proxy.matches(ci_id) and self.reveal(ci_id):
                self.view.setFocus()
                return

    def on_only_abnormal(self, on: bool) -> None:
        self._apply_filter(lambda: self.proxy.set_only_abnormal(on))
        self._after_filter()

    def _after_filter(self) -> None:
        if self._filtered:
            self.view.expandAll()
        if self._selection.current:
            self.reveal(self._selection.current)

    def on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        ci_id = self.ci_at(current)
        if ci_id:
            self._selection.select(ci_id)

    def on_selection_changed(self, ci_id: str) -> None:
        if ci_id:
            self.reveal(ci_id)

    def on_context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        ci_id = self.ci_at(index)
        if not ci_id:
            return
        self._selection.select(ci_id)
        menu = self._actions.menu_for(ci_id, self)
        menu.popup(self.view.viewport().mapToGlobal(pos))
