"""ValuesModel: the live values of one CI - point, value, unit, quality (status code name).

Reads `PlantMonitor.readings` and keeps nothing but the ordered point names of
the CI shown. A value with Bad or Uncertain quality says so in the Quality
column and is drawn grey in italics: it is not to be trusted.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from app.monitor.plant_monitor import PlantMonitor
from app.monitor.readings import PointValue
from models.states import State
from widgets import i18n
from widgets.i18n import QT_TRANSLATE_NOOP
from widgets.palette import colour

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
HEADERS = (
    QT_TRANSLATE_NOOP("ValuesModel", "Point"),
    QT_TRANSLATE_NOOP("ValuesModel", "Value"),
    QT_TRANSLATE_NOOP("ValuesModel", "Unit"),
    QT_TRANSLATE_NOOP("ValuesModel", "Quality"),
)
_QUALITY_STATE = {"bad": State.DOWN, "uncertain": State.WARNING}


def format_value(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


class ValuesModel(QAbstractTableModel):
    def __init__(self, monitor: PlantMonitor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._monitor = monitor
        self._ci = ""
        self._points: list[str] = []
        self._italic = QFont()
        self._italic.setItalic(True)
        i18n.notifier().changed.connect(self._on_language_changed)

    def _on_language_changed(self, _lang: str) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)

    @property
    def ci(self) -> str:
        return self._ci

    def show_ci(self, ci_id: str) -> None:
        self.beginResetModel()
        self._ci = ci_id
        self._points = self._current_points()
        self.endResetModel()

    def refresh(self) -> None:
        """New values arrived for the CI shown: reset if the point set changed, else repaint."""
        points = self._current_points()
        if points != self._points:
            self.show_ci(self._ci)
        elif points:
            self.dataChanged.emit(self.index(0, 0), self.index(len(points) - 1, len(HEADERS) - 1))

    def _current_points(self) -> list[str]:
        entry = self._monitor.readings.cis.get(self._ci)
        return sorted(entry.points) if entry else []

    def _value(self, row: int) -> PointValue | None:
        entry = self._monitor.readings.cis.get(self._ci)
        return entry.points.get(self._points[row]) if entry else None

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._points)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if not 0 <= section < len(HEADERS):
                return None
            return QCoreApplication.translate("ValuesModel", HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._points):
            return None
        value = self._value(index.row())
        if value is None:
            return None
        severity = value.sample.quality.severity
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self._points[index.row()]
            if column == 1:
                return format_value(value.sample.value)
            if column == 2:
                return value.spec.unit if value.spec else ""
            return value.sample.quality.name
        if role == Qt.ItemDataRole.ForegroundRole and severity != "good":
            if column == 3:
                return colour(_QUALITY_STATE[severity])
            if column == 1:
                return QColor("#757575")
        if role == Qt.ItemDataRole.FontRole and severity != "good" and column in (1, 3):
            return self._italic
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
