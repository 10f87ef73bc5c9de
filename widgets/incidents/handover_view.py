"""HandoverView: the shift handover report in the window, exported as HTML or PDF.

The same report as `plantconsole handover` (app.incidents.handover): what happened this
shift, what is still open, what it cost. A shift can be chosen; "Refresh" re-reads.
Export writes the HTML text or a PDF (QPdfWriter); a file that cannot be written is
said in the dialog, never half-reported as done.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.incidents.handover import Handover, as_html, find_shift, handover, shift_specs
from app.incidents.qt_service import IncidentServiceQt
from app.incidents.report import Reader
from widgets.incidents.shelve_editor import ERROR_STYLE

log = logging.getLogger(__name__)


class HandoverView(QDialog):
    def __init__(self, incidents: IncidentServiceQt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverView")
        self.setModal(False)
        self.resize(900, 700)
        self.service = incidents.service
        source = self.service.plant.source
        self.reader = Reader.of(source)
        self.specs = shift_specs(source)
        self.shift_box = QComboBox()
        self.shift_box.setObjectName("handoverShift")
        self.shift_box.addItem(self.tr("current"), "current")
        for name in self.specs:
            self.shift_box.addItem(name, name)
        self.browser = QTextBrowser()
        self.browser.setObjectName("handoverText")
        self.refresh_button = QPushButton()
        self.html_button = QPushButton()
        self.pdf_button = QPushButton()
        self.close_button = QPushButton()
        self.status_label = QLabel()
        self.status_label.setObjectName("handoverStatus")
        self.status_label.setWordWrap(True)
        self.shift_caption = QLabel()
        self.shift_caption.setBuddy(self.shift_box)
        top = QHBoxLayout()
        top.addWidget(self.shift_caption)
        top.addWidget(self.shift_box)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.html_button)
        bottom.addWidget(self.pdf_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(bottom)
        self.report: Handover | None = None
        self.html = ""
        self.shift_box.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.html_button.clicked.connect(self.on_export_html)
        self.pdf_button.clicked.connect(self.on_export_pdf)
        self.close_button.clicked.connect(self.close)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Shift handover"))
        self.shift_caption.setText(self.tr("&Shift"))
        self.refresh_button.setText(self.tr("&Refresh"))
        self.html_button.setText(self.tr("Export &HTML…"))
        self.pdf_button.setText(self.tr("Export &PDF…"))
        self.close_button.setText(self.tr("Close"))

    def refresh(self) -> None:
        now = self.service.now_ms()
        tz = self.service.plant.source.site.timezone
        try:
            shift = find_shift(self.specs, str(self.shift_box.currentData()), now, tz)
        except KeyError as exc:
            self.report, self.html = None, ""
            self.browser.setPlainText(str(exc.args[0]))
            return
        self.report = handover(self.service.store, self.reader, shift, now)
        self.html = as_html(self.report)
        self.browser.setHtml(self.html)

    # -- export ----------------------------------------------------------------------

    def export_html(self, path: Path) -> bool:
        try:
            path.write_text(self.html, encoding="utf-8")
        except OSError as exc:
            return self._failed(path, exc)
        return self._done(path)

    def export_pdf(self, path: Path) -> bool:
        try:
            with path.open("wb"):
                pass  # a folder that does not exist or no right to write: say so now
        except OSError as exc:
            return self._failed(path, exc)
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setTitle(self.windowTitle())
        document = QTextDocument()
        document.setHtml(self.html)
        document.print_(writer)
        del writer  # finishes the file
        if not path.exists() or path.stat().st_size == 0:
            return self._failed(path, OSError("the PDF could not be written"))
        return self._done(path)

    def on_export_html(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export handover as HTML"), "handover.html", "HTML (*.html)"
        )
        if name:
            self.export_html(Path(name))

    def on_export_pdf(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export handover as PDF"), "handover.pdf", "PDF (*.pdf)"
        )
        if name:
            self.export_pdf(Path(name))

    def _done(self, path: Path) -> bool:
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("Saved {path}").replace("{path}", str(path)))
        return True

    def _failed(self, path: Path, exc: OSError) -> bool:
        log.warning("handover export to %s failed: %s", path, exc)
        self.status_label.setStyleSheet(ERROR_STYLE)
        text = self.tr("Not saved: {path}: {error}")
        self.status_label.setText(text.replace("{path}", str(path)).replace("{error}", str(exc)))
        return False
