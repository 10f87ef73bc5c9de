"""DetailsPanel: everything about the selected CI (right side of the window).

Identity, state with reason and since, the shift's state history, live values
with quality, what it depends on and what uses it (click to select), and for a
line its cost, output and what is down under it. Only the selected CI is
refreshed on `healthChanged` / `valuesChanged`.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.monitor.service import HealthMonitorService
from models.reasons import render, state_name
from widgets.details_text import down_under, history_lines, identity_rows, line_rows
from widgets.palette import state_icon
from widgets.selection import CiSelection
from widgets.values_model import ValuesModel


class DetailsPanel(QScrollArea):
    def __init__(
        self,
        service: HealthMonitorService,
        selection: CiSelection,
        lang: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("detailsPanel")
        self.setWidgetResizable(True)
        self._service = service
        self.selection = selection
        self._lang = lang
        self.ci = ""
        self._identity_rows: list[tuple[str, str]] = []
        body = QWidget()
        layout = QVBoxLayout(body)
        self.title = QLabel("Select a CI in the tree or the diagram")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.icon = QLabel()
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QHBoxLayout()
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.state_label, 1)
        layout.addWidget(self.title)
        layout.addLayout(head)
        self.identity, self.identity_form = _form_box("Identity")
        self.line_box, self.line_form = _form_box("Line")
        self.down_list = _list(self.line_box.layout())
        layout.addWidget(self.identity)
        layout.addWidget(self.line_box)
        self.values = ValuesModel(service.monitor, self)
        self.values_view = QTableView()
        self.values_view.setModel(self.values)
        self.values_view.verticalHeader().hide()
        self.values_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.values_view.horizontalHeader().setStretchLastSection(True)
        self.values_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.values_box = _box("Live values", self.values_view)
        layout.addWidget(self.values_box)
        self.depends_list = QListWidget()
        self.used_by_list = QListWidget()
        self.history_list = QListWidget()
        self.relations = [
            _box("Depends on", self.depends_list),
            _box("Used by", self.used_by_list),
            _box("State history (this shift)", self.history_list),
        ]
        for box in self.relations:
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(body)
        for links in (self.depends_list, self.used_by_list, self.down_list):
            links.itemActivated.connect(self.on_link_activated)
            links.itemClicked.connect(self.on_link_activated)
        selection.changed.connect(self.on_selection_changed)
        service.healthChanged.connect(self.on_health_changed)
        service.valuesChanged.connect(self.on_values_changed)
        self.on_selection_changed(selection.current)

    # -- slots ---------------------------------------------------------------------

    def on_selection_changed(self, ci_id: str) -> None:
        self.ci = ci_id if ci_id in self._service.plant else ""
        for part in (self.identity, self.values_box, *self.relations):
            part.setVisible(bool(self.ci))
        self.values.show_ci(self.ci)
        self._show_identity()
        self._show_health()

    def on_health_changed(self, changed: set[str]) -> None:
        if not self.ci:
            return
        plant = self._service.plant
        related = {self.ci, *plant.upstream(self.ci), *plant.dependents[self.ci]}
        if self.ci in plant.lines:
            related.update(plant.walk(self.ci))
        if related & changed:
            self._show_health()

    def on_values_changed(self, changed: set[str]) -> None:
        if self.ci and self.ci in changed:
            self.values.refresh()
            self._show_identity()

    def on_link_activated(self, item: QListWidgetItem) -> None:
        ci_id = item.data(Qt.ItemDataRole.UserRole)
        if ci_id:
            self.selection.select(str(ci_id))

    # -- sections ------------------------------------------------------------------

    def _show_identity(self) -> None:
        rows = identity_rows(self._service.monitor, self.ci) if self.ci else []
        if rows != self._identity_rows:
            self._identity_rows = rows
            _fill(self.identity_form, rows)

    def _show_health(self) -> None:
        monitor, lang, ci_id = self._service.monitor, self._lang, self.ci
        self.line_box.setVisible(ci_id in monitor.plant.lines)
        for links in (self.depends_list, self.used_by_list, self.history_list, self.down_list):
            links.clear()
        if not ci_id:
            self.title.setText("Select a CI in the tree or the diagram")
            self.icon.clear()
            self.state_label.clear()
            return
        node = monitor.plant.nodes[ci_id]
        health = monitor.engine.rolled[ci_id]
        self.title.setText(f"{ci_id}  {node.name}" if node.name != ci_id else ci_id)
        self.icon.setPixmap(state_icon(health.state, 24).pixmap(24, 24))
        since = monitor.since[ci_id].astimezone().strftime("%H:%M:%S")
        reason = render(health.reason, lang, health.source)
        self.state_label.setText(
            f"<b>{state_name(health.state, lang)}</b> since {since}"
            + (f"<br>{reason}" if reason else "")
        )
        self._fill_links(self.depends_list, monitor.plant.upstream(ci_id))
        self._fill_links(self.used_by_list, monitor.plant.dependents[ci_id])
        now = datetime.now().astimezone()
        self.history_list.addItems(history_lines(monitor, ci_id, lang, now))
        if ci_id in monitor.plant.lines:
            _fill(self.line_form, line_rows(monitor, ci_id))
            for down_id, text in down_under(monitor, ci_id, lang) or [("", "nothing is down")]:
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, down_id)
                self.down_list.addItem(item)
            self.down_list.setFixedHeight(_list_height(self.down_list))

    def _fill_links(self, target: QListWidget, ci_ids: list[str] | tuple[str, ...]) -> None:
        engine, nodes = self._service.engine, self._service.plant.nodes
        for other in ci_ids:
            state = engine.rolled[other].state
            item = QListWidgetItem(
                state_icon(state),
                f"{other}  {nodes[other].name}  ({state_name(state, self._lang)})",
            )
            item.setData(Qt.ItemDataRole.UserRole, other)
            target.addItem(item)
        if not ci_ids:
            target.addItem("none")
        target.setFixedHeight(_list_height(target))


def _box(title: str, content: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    QVBoxLayout(box).addWidget(content)
    return box


def _form_box(title: str) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title)
    outer = QVBoxLayout(box)
    form = QFormLayout()
    outer.addLayout(form)
    return box, form


def _list(layout: object) -> QListWidget:
    links = QListWidget()
    if isinstance(layout, QVBoxLayout):
        layout.addWidget(QLabel("Down under this line:"))
        layout.addWidget(links)
    return links


def _fill(form: QFormLayout, rows: list[tuple[str, str]]) -> None:
    while form.rowCount():
        form.removeRow(0)
    for label, value in rows:
        text = QLabel(value)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(f"{label}:", text)


def _list_height(target: QListWidget) -> int:
    rows = max(1, min(target.count(), 6))
    return rows * max(18, target.sizeHintForRow(0)) + 2 * target.frameWidth() + 4
