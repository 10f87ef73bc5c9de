"""DetailsPanel: everything about the selected CI (right side of the window).

Identity, state with reason and since, the shift's state history, live values
with quality, what it depends on and what uses it (click to select), and for a
line its cost, output and what is down under it. Only the selected CI is
refreshed on `healthChanged` / `valuesChanged`. A live language switch (LanguageChange)
re-renders every text: labels, state names, reasons, numbers and EUR.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt
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
from widgets import i18n
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
        self.title = QLabel()
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
        self.identity, self.identity_form = _form_box()
        self.line_box, self.line_form = _form_box()
        self.down_label = QLabel()
        self.down_list = _list(self.line_box.layout(), self.down_label)
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
        self.values_box = _box(self.values_view)
        layout.addWidget(self.values_box)
        self.depends_list = QListWidget()
        self.used_by_list = QListWidget()
        self.history_list = QListWidget()
        self.relations = [
            _box(self.depends_list),
            _box(self.used_by_list),
            _box(self.history_list),
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
        self._retranslate_titles()
        self.on_selection_changed(selection.current)

    # -- language ------------------------------------------------------------------

    def _retranslate_titles(self) -> None:
        self.identity.setTitle(self.tr("Identity"))
        self.line_box.setTitle(self.tr("Line"))
        self.values_box.setTitle(self.tr("Live values"))
        depends, used_by, history = self.relations
        depends.setTitle(self.tr("Depends on"))
        used_by.setTitle(self.tr("Used by"))
        history.setTitle(self.tr("State history (this shift)"))
        self.down_label.setText(self.tr("Down under this line:"))

    def retranslate(self) -> None:
        """Everything in the current language: titles, labels, state, reasons, numbers."""
        self._lang = i18n.current_language()
        self._retranslate_titles()
        self._identity_rows = []
        self._show_identity()
        self._show_health()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "relations"):
            self.retranslate()
        super().changeEvent(event)

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
            self.title.setText(self.tr("Select a CI in the tree or the diagram"))
            self.icon.clear()
            self.state_label.clear()
            return
        node = monitor.plant.nodes[ci_id]
        health = monitor.engine.rolled[ci_id]
        self.title.setText(f"{ci_id}  {node.name}" if node.name != ci_id else ci_id)
        self.icon.setPixmap(state_icon(health.state, 24).pixmap(24, 24))
        since = monitor.since[ci_id].astimezone().strftime("%H:%M:%S")
        reason = render(health.reason, lang, health.source)
        head = self.tr("%1 since %2").replace("%1", f"<b>{state_name(health.state, lang)}</b>")
        self.state_label.setText(head.replace("%2", since) + (f"<br>{reason}" if reason else ""))
        self._fill_links(self.depends_list, monitor.plant.upstream(ci_id))
        self._fill_links(self.used_by_list, monitor.plant.dependents[ci_id])
        now = datetime.now().astimezone()
        self.history_list.addItems(history_lines(monitor, ci_id, lang, now))
        if ci_id in monitor.plant.lines:
            _fill(self.line_form, line_rows(monitor, ci_id))
            nothing = [("", self.tr("nothing is down"))]
            for down_id, text in down_under(monitor, ci_id, lang) or nothing:
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
            target.addItem(self.tr("none"))
        target.setFixedHeight(_list_height(target))


def _box(content: QWidget) -> QGroupBox:
    box = QGroupBox()
    QVBoxLayout(box).addWidget(content)
    return box


def _form_box() -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox()
    outer = QVBoxLayout(box)
    form = QFormLayout()
    outer.addLayout(form)
    return box, form


def _list(layout: object, label: QLabel) -> QListWidget:
    links = QListWidget()
    if isinstance(layout, QVBoxLayout):
        layout.addWidget(label)
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
