"""One trended tag: a header (name, latest value, Remove) over a pyqtgraph plot.

Signals:
    removeRequested(str, str): the user asked to stop trending (ci_id, point)
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from app.trends import TagInfo
from widgets.trends import style

FloatArray = npt.NDArray[np.float64]
LIMIT_TEXT = {"warn": "warning", "alarm": "alarm"}


class TagPlot(QWidget):
    removeRequested = Signal(str, str)

    def __init__(self, info: TagInfo, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self._times: FloatArray = np.empty(0)
        self._values: FloatArray = np.empty(0)
        self._y_range: tuple[float, float] | None = None
        self.title = QLabel(title or info.label)
        self.title.setFont(style.font(bold=True))
        self.value_label = QLabel(self.tr("no data yet"))
        self.value_label.setFont(style.font())
        remove = QToolButton()
        remove.setText(self.tr("Remove"))
        remove.setFont(style.font())
        remove.setToolTip(self.tr("Stop trending %1").replace("%1", f"{info.ci_id}:{info.point}"))
        remove.clicked.connect(self.on_remove)
        header = QHBoxLayout()
        header.setContentsMargins(6, 2, 6, 0)
        header.addWidget(self.title)
        header.addSpacing(12)
        header.addWidget(self.value_label)
        header.addStretch(1)
        header.addWidget(remove)

        self.plot = pg.PlotWidget(
            background=style.colours().background, axisItems={"bottom": pg.DateAxisItem("bottom")}
        )
        self.plot.setAcceptDrops(False)  # drops go to the panel
        self.plot.setMinimumHeight(160)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.showGrid(x=True, y=True, alpha=style.GRID_ALPHA)
        item.setMenuEnabled(enableMenu=False, enableViewBoxMenu=True)
        self._style_axes(item)
        self.view_box: pg.ViewBox = item.getViewBox()
        self.view_box.setMouseEnabled(x=True, y=False)
        self.view_box.disableAutoRange()
        self.view_box.menu.addAction(self.tr("Remove this trend"), self.on_remove)
        self.curve: pg.PlotDataItem = item.plot(pen=style.curve_pen(), antialias=True)
        self.curve.setDownsampling(auto=True, method="peak")
        self.curve.setClipToView(True)
        self.curve.setSkipFiniteCheck(True)
        self.limit_lines = self._add_limits(item)
        self._add_legend(item)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.plot, 1)

    def _style_axes(self, item: pg.PlotItem) -> None:
        scheme = style.colours()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(scheme.axis))
            axis.setTextPen(pg.mkPen(scheme.text))
            axis.setStyle(tickFont=style.font())
        item.getAxis("left").setWidth(56)
        if self.info.unit:
            item.setLabel("left", self.info.unit, color=scheme.text, **{"font-size": "10pt"})
            item.getAxis("left").enableAutoSIPrefix(False)

    def apply_theme(self) -> None:
        """Restyle for the current theme (a live switch): background, axes, curve, limits."""
        scheme = style.colours()
        item = self.plot.getPlotItem()
        self.plot.setBackground(scheme.background)
        self._style_axes(item)
        right = item.getAxis("right")
        right.setPen(pg.mkPen(scheme.axis))
        right.setTextPen(pg.mkPen(scheme.text))
        self.curve.setPen(style.curve_pen())
        for name, line in self.limit_lines.items():
            line.setPen(style.limit_pen(name.split("_")[0]))
        self.legend.setBrush(pg.mkBrush(scheme.label_fill))
        self.legend.setPen(pg.mkPen(scheme.legend_pen))
        self.legend.setLabelTextColor(scheme.text)
        for _sample, label in self.legend.items:
            label.setText(label.text)  # re-renders the text in the new colour

    def _add_limits(self, item: pg.PlotItem) -> dict[str, pg.InfiniteLine]:
        """Dashed lines, named on a right-hand axis so no label covers the newest data."""
        lines: dict[str, pg.InfiniteLine] = {}
        ticks: list[tuple[float, str]] = []
        for name, value in self.info.limits():
            kind = name.split("_")[0]
            line = pg.InfiniteLine(pos=value, angle=0, pen=style.limit_pen(kind))
            item.addItem(line, ignoreBounds=True)
            lines[name] = line
            ticks.append((value, f"{LIMIT_TEXT[kind]} {value:g}"))
        right = item.getAxis("right")
        right.setTicks([ticks, []])
        right.setPen(pg.mkPen(style.colours().axis))
        right.setTextPen(pg.mkPen(style.colours().text))
        right.setStyle(tickFont=style.font(), tickLength=6)
        item.showAxis("right")
        right.setWidth(96)
        self.limit_labels = [text for _, text in ticks]
        return lines

    def _add_legend(self, item: pg.PlotItem) -> None:
        """Tag and unit; the limit lines carry their own labels."""
        scheme = style.colours()
        self.legend = item.addLegend(
            offset=(8, 6),
            labelTextSize=f"{style.FONT_PT}pt",
            labelTextColor=scheme.text,
            brush=pg.mkBrush(scheme.label_fill),
            pen=pg.mkPen(scheme.legend_pen),
        )
        self.legend.addItem(self.curve, self.info.label)

    # -- updates ---------------------------------------------------------------

    def set_data(self, times: FloatArray, values: FloatArray) -> None:
        """Show these points (the panel fetches them for the visible window); the same
        points again (a refresh with nothing new in the window) are not re-set."""
        if _same(self._times, times) and _same(self._values, values):
            return
        self._times, self._values = times, values
        self.curve.setData(times, values)

    def set_latest(self, latest: tuple[float, float] | None) -> None:
        """The newest recorded value, and where it stands against the limits, as text."""
        if latest is None:
            self.value_label.setText(self.tr("no data yet"))
            return
        value = latest[1]
        unit = f" {self.info.unit}" if self.info.unit else ""
        band = self.info.band(value)
        self.value_label.setText(f"now {value:.4g}{unit}" + (f"  -  {band}" if band else ""))

    def fit_y(self, x0: float, x1: float) -> None:
        """Y range over the data shown between x0 and x1 and the limits, padded."""
        shown = self._values[(self._times >= x0) & (self._times <= x1)]
        marks = [line.value() for line in self.limit_lines.values()]
        if shown.size:
            marks += [float(shown.min()), float(shown.max())]
        if not marks:
            return
        lo, hi = min(marks), max(marks)
        pad = (hi - lo) * 0.08 or max(abs(hi) * 0.05, 1.0)
        # Room above the top line and below the bottom one for the limit labels.
        y0, y1 = lo - 2 * pad, hi + 2 * pad
        if (y0, y1) != self._y_range:  # an unchanged range redraws no axis
            self._y_range = (y0, y1)
            self.view_box.setYRange(y0, y1, padding=0)

    def on_remove(self) -> None:
        self.removeRequested.emit(self.info.ci_id, self.info.point)


def _same(old: FloatArray, new: FloatArray) -> bool:
    """Cheap identity of a fetched window: same length and the same ends (the history is
    append-only, so a window that neither gained nor lost points has these equal)."""
    if old.shape != new.shape:
        return False
    if not new.size:
        return True
    return bool(old[0] == new[0] and old[-1] == new[-1])
