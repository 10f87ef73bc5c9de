"""ReportView: the runs of one CI (newest first) and the selected run's readable report,
with its raw details (JSON) expandable below."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.diagnostics.report import raw_json, render, summary
from app.diagnostics.results import DiagnosticRun
from app.diagnostics.texts import LABELS, pick

RUN_ROLE = Qt.ItemDataRole.UserRole + 1


class ReportView(QWidget):
    """Signals:
    runShown(object): the `DiagnosticRun` now shown (None when cleared)
    """

    runShown = Signal(object)

    def __init__(self, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.current: DiagnosticRun | None = None
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.history = QListWidget()
        self.history.setObjectName("diagnosticHistory")
        self.history.currentItemChanged.connect(self.on_history_item)
        self.text = QPlainTextEdit()
        self.text.setObjectName("diagnosticReport")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(fixed)
        self.raw_toggle = QToolButton()
        self.raw_toggle.setText(self.tr("Raw details"))
        self.raw_toggle.setCheckable(True)
        self.raw_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.raw_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.raw_toggle.toggled.connect(self.on_raw_toggled)
        self.raw = QPlainTextEdit()
        self.raw.setObjectName("diagnosticRaw")
        self.raw.setReadOnly(True)
        self.raw.setFont(fixed)
        self.raw.setVisible(False)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.text, 3)
        column.addWidget(self.raw_toggle)
        column.addWidget(self.raw, 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.history)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def set_runs(self, runs: list[DiagnosticRun]) -> None:
        """The history of one CI (newest first); shows the newest."""
        self.history.blockSignals(True)
        self.history.clear()
        for run in runs:
            stamp = run.started.astimezone().strftime("%H:%M:%S")
            kind = pick(LABELS, run.kind.value, self.lang)
            item = QListWidgetItem(f"{stamp} {kind}: {summary(run, self.lang)}")
            item.setData(RUN_ROLE, run)
            item.setToolTip(summary(run, self.lang))
            self.history.addItem(item)
        self.history.blockSignals(False)
        if runs:
            self.history.setCurrentRow(0)
            self.show_run(runs[0])
        else:
            self.show_run(None)

    def show_run(self, run: DiagnosticRun | None) -> None:
        self.current = run
        self.text.setPlainText(render(run, self.lang) if run is not None else "")
        self.raw.setPlainText(raw_json(run) if run is not None else "")
        self.runShown.emit(run)

    def on_history_item(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.show_run(item.data(RUN_ROLE))

    def on_raw_toggled(self, shown: bool) -> None:
        self.raw.setVisible(shown)
        self.raw_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
