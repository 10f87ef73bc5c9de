"""IncidentListView: the bottom dock - the incident table, a compact filter bar and the
ISA-18.2 flood banner.

Signals:
    openRequested(str): an incident id to show in detail (double-click or Enter)
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.incidents.handover import find_shift, shift_specs
from app.incidents.qt_service import IncidentServiceQt
from widgets.i18n import QT_TRANSLATE_NOOP
from widgets.incidents.list_model import ID_ROLE, Column, IncidentListModel
from widgets.incidents.list_proxy import (
    AGE_FILTERS,
    SLA_FILTERS,
    IncidentFilterProxy,
    ShiftStart,
    eight_hour_shifts,
)
from widgets.incidents.texts import STATUS_TEXT, status_text

FLOOD_STYLE = "background: #E8A400; color: #1E1E1E; font-weight: bold; padding: 4px;"
ANY = "any"


class IncidentListView(QWidget):
    openRequested = Signal(str)

    def __init__(self, incidents: IncidentServiceQt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentList")
        self._incidents = incidents
        self.model = IncidentListModel(incidents, self)
        self.proxy = IncidentFilterProxy(self.model, self, shift_start=_shift_start(incidents))

        self.flood_banner = QLabel()
        self.flood_banner.setObjectName("floodBanner")
        self.flood_banner.setStyleSheet(FLOOD_STYLE)
        self.flood_banner.hide()

        self.priority_box = _combo("Priority", [ANY, "P1", "P2", "P3", "P4", "P5"])
        self.state_box = _combo("State", [ANY, *STATUS_TEXT])
        lines = sorted(incidents.service.plant.lines)
        self.line_box = _combo("Line", [ANY, *lines])
        self.sla_box = _combo("Sla", [ANY, *SLA_FILTERS])
        self.age_box = _combo("Age", [ANY, *AGE_FILTERS])
        self.open_only = QCheckBox(self.tr("Open only"))
        self.open_only.setChecked(True)
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        self.filter_boxes = (
            self.priority_box,
            self.state_box,
            self.line_box,
            self.sla_box,
            self.age_box,
        )
        self.filter_labels = [QLabel() for _box in self.filter_boxes]
        for label, box in zip(self.filter_labels, self.filter_boxes, strict=True):
            bar.addWidget(label)
            bar.addWidget(box)
        self._label_filters()
        bar.addWidget(self.open_only)
        bar.addStretch(1)
        bar.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setObjectName("incidentTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(Column.PRIORITY, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, chars in ((Column.PRIORITY, 9), (Column.NUMBER, 13), (Column.STATE, 28)):
            header.resizeSection(column, self.fontMetrics().averageCharWidth() * chars)
        for column, chars in ((Column.LINES, 12), (Column.COST, 11), (Column.SLA, 18)):
            header.resizeSection(column, self.fontMetrics().averageCharWidth() * chars)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.flood_banner)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self.context_actions: list[QAction] = []
        self.last_menu: QMenu | None = None
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self.on_context_menu)
        self.table.doubleClicked.connect(self.on_double_clicked)
        self.table.activated.connect(self.on_double_clicked)
        for box in self.filter_boxes:
            box.currentIndexChanged.connect(self.on_filters_changed)
        self.open_only.toggled.connect(self.on_filters_changed)
        incidents.floodChanged.connect(self.on_flood_changed)
        self.model.set_visible_rows(self.visible_rows)
        self.proxy.rowsInserted.connect(self.on_counts_changed)
        self.proxy.rowsRemoved.connect(self.on_counts_changed)
        self.proxy.layoutChanged.connect(self.on_counts_changed)
        self.proxy.modelReset.connect(self.on_counts_changed)
        self.on_filters_changed()
        self.on_flood_changed(incidents.service.flood)

    # -- slots -----------------------------------------------------------------------

    def on_filters_changed(self) -> None:
        priority, status, line, sla, age = (_chosen(box) for box in self.filter_boxes)
        self.proxy.set_filters(
            priorities=() if priority is None else (priority,),
            statuses=() if status is None else (status,),
            line=line,
            open_only=self.open_only.isChecked(),
            sla=sla,
            age=age,
        )
        self.on_counts_changed()

    def visible_rows(self) -> tuple[int, int]:
        """The first and last row on screen (what the model's ticker updates)."""
        viewport = self.table.viewport()
        first = self.table.rowAt(0)
        last = self.table.rowAt(viewport.height() - 1)
        if first < 0:
            return (0, -1)
        return (first, self.proxy.rowCount() - 1 if last < 0 else last)

    def on_counts_changed(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.total()
        text = self.tr("%1 of %2 incidents").replace("%1", f"{shown:,}")
        self.count_label.setText(text.replace("%2", f"{total:,}"))

    def _label_filters(self) -> None:
        texts = (
            self.tr("Priority"),
            self.tr("State"),
            self.tr("Line"),
            self.tr("SLA"),
            self.tr("Age"),
        )
        for label, text in zip(self.filter_labels, texts, strict=True):
            label.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        """A live language switch: the filter bar in the new language."""
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "table"):
            self._label_filters()
            self.open_only.setText(self.tr("Open only"))
            for box in self.filter_boxes:
                for i in range(box.count()):
                    box.setItemText(i, _item_text(box.objectName(), box.itemData(i)))
            self.on_counts_changed()
            if not self.flood_banner.isHidden():
                self.on_flood_changed(True)
        super().changeEvent(event)

    def on_double_clicked(self, index: QModelIndex) -> None:
        incident_id = index.data(ID_ROLE)
        if incident_id:
            self.openRequested.emit(incident_id)

    def on_flood_changed(self, flood: bool) -> None:
        """ISA-18.2: during a flood single announcements stop; this one line stands in."""
        if flood:
            count = self._incidents.service.notifier.recent_count
            window = self._incidents.service.notifier.window_ms // 60_000
            text = self.tr(
                "Alarm flood: %1 new incidents in %2 min "
                "- single notifications paused; work the list by priority"
            )
            text = text.replace("%1", str(count)).replace("%2", str(window))
            self.flood_banner.setText(f"\u26a0 {text}")
        self.flood_banner.setVisible(flood)

    def current_id(self) -> str | None:
        """The incident of the selected row (None: no row selected)."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        incident_id = index.siblingAtColumn(0).data(ID_ROLE)
        return str(incident_id) if incident_id else None

    def on_context_menu(self, pos: QPoint) -> None:
        """The row's actions (open, and what `context_actions` adds: review, problem...)."""
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        open_action = menu.addAction(self.tr("Open"))
        open_action.triggered.connect(lambda _c=False, i=index: self.on_double_clicked(i))
        if self.context_actions:
            menu.addSeparator()
            for action in self.context_actions:
                menu.addAction(action)
        self.last_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def select(self, incident_id: str) -> None:
        row = self.model.row_of(incident_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)


def _combo(name: str, values: list[str]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(f"filter{name}")
    for value in values:
        box.addItem(_item_text(box.objectName(), value), value)
    return box


SLA_TEXTS = {
    "breached": QT_TRANSLATE_NOOP("IncidentListView", "breached"),
    "warning": QT_TRANSLATE_NOOP("IncidentListView", "warning (75 %)"),
    "ok": QT_TRANSLATE_NOOP("IncidentListView", "within target"),
}
AGE_TEXTS = {
    "hour": QT_TRANSLATE_NOOP("IncidentListView", "last hour"),
    "shift": QT_TRANSLATE_NOOP("IncidentListView", "this shift"),
    "day": QT_TRANSLATE_NOOP("IncidentListView", "last 24 h"),
    "older": QT_TRANSLATE_NOOP("IncidentListView", "older than 24 h"),
}


def _item_text(box_name: str, value: str) -> str:
    """A filter's entry: 'any', the states, SLA levels and ages in the console's language."""
    if value == ANY:
        return QCoreApplication.translate("IncidentListView", "any")
    if box_name == "filterState":
        return status_text(value)
    words = {"filterSla": SLA_TEXTS, "filterAge": AGE_TEXTS}.get(box_name, {})
    if value in words:
        return QCoreApplication.translate("IncidentListView", words[value])
    return value


def _chosen(box: QComboBox) -> str | None:
    value = box.currentData()
    return None if value == ANY else str(value)


def _shift_start(incidents: IncidentServiceQt) -> ShiftStart:
    """The plant calendar's current shift, in the site's time zone (8 h shifts without)."""
    plant = incidents.service.plant.source
    specs, tz = shift_specs(plant), plant.site.timezone

    def start(now_ms: int) -> int:
        try:
            return find_shift(specs, "current", now_ms, tz).start_ms
        except (KeyError, ValueError):
            return eight_hour_shifts(now_ms)

    return start
