"""TrendPanel: plots of the tags being trended, live or paused and scrolled back.

Tags come in through `add_tag` (the tree's and details' "Trend" action) or as drops
of TAG_MIME ("CI_ID:point", one per line). Curves are refreshed on the service's
coalesced `valuesChanged` only when a trended CI changed, and at most once per
REDRAW_S: a change within a second of the last live redraw waits for the 1 s tick,
which keeps the live time axis moving (a trend that stopped is seen to stop) and
draws the new points in the same repaint. Hidden in a shown window (closed dock,
background tab) the panel only records; it catches up when shown. Dragging or
wheeling a plot pauses it. A live theme switch restyles every plot.

Signals: none.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.monitor.service import HealthMonitorService
from app.trends import TagKey, TrendRecorder, parse_tag, tag_info
from widgets import theme
from widgets.i18n import QT_TRANSLATE_NOOP
from widgets.trends import style

if TYPE_CHECKING:  # pyqtgraph loads with the first trended tag (add_tag)
    from widgets.trends.tag_plot import TagPlot

TAG_MIME = "application/x-plantconsole-tag"
WINDOWS: list[tuple[str, float]] = [
    ("1 min", 60.0),
    ("5 min", 300.0),
    ("1 h", 3600.0),
    (QT_TRANSLATE_NOOP("TrendPanel", "Shift (8 h)"), 8 * 3600.0),
]
DEFAULT_WINDOW = 1
SCROLL_MS = 1000
REDRAW_S = 1.0  # live redraws at most this often (each repaint costs 15-45 ms at 10k CIs)
# A redraw due to new values waits this long: the service's tick (every 250 ms) has the
# tree and the diagram repaint; drawn in the same frame, the three stalled the GUI thread
# for their sum (issue 4). Half a tick later the plot is a frame of its own.
APART_MS = 125
PAN_SETTLE_MS = 100
HINT = QT_TRANSLATE_NOOP("TrendPanel", "Drag a tag here, or choose “Trend” on a value, to plot it.")
PAUSED_HINT = QT_TRANSLATE_NOOP(
    "TrendPanel", "Paused: drag or use the wheel on a plot to look back over the shift."
)


class TrendPanel(QWidget):
    def __init__(
        self,
        service: HealthMonitorService,
        parent: QWidget | None = None,
        *,
        recorder: TrendRecorder | None = None,
    ) -> None:
        """`recorder`: share one between panels (the caller taps it into the monitor)."""
        super().__init__(parent)
        self.service = service
        if recorder is None:
            recorder = TrendRecorder()
            service.monitor.add_sample_tap(recorder.on_sample)
        self.recorder = recorder
        self.plots: dict[TagKey, TagPlot] = {}
        self.window_s = WINDOWS[DEFAULT_WINDOW][1]
        self._paused = False
        self._syncing = False
        self._dirty = False  # trended values changed since the last live redraw
        self._last_draw = -REDRAW_S  # time.monotonic() of the last live redraw
        self.setFont(style.font())
        self.setAcceptDrops(True)

        self.window_box = QComboBox()
        for text, seconds in WINDOWS:
            self.window_box.addItem(self.tr(text), seconds)
        self.window_box.setCurrentIndex(DEFAULT_WINDOW)
        self.window_box.currentIndexChanged.connect(self.on_window_chosen)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setCheckable(True)
        self.pause_button.toggled.connect(self.set_paused)
        self.status = QLabel("")
        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(6, 4, 6, 4)
        toolbar.addWidget(QLabel(self.tr("Show last")))
        toolbar.addWidget(self.window_box)
        toolbar.addWidget(self.pause_button)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.status, 1)

        self.hint = QLabel(self.tr(HINT))
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {style.colours().axis};")
        self._plot_area = QVBoxLayout()
        self._plot_area.setSpacing(6)
        self._plot_area.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(toolbar)
        layout.addLayout(self._plot_area, 1)

        self._scroll = QTimer(self)
        self._scroll.setTimerType(Qt.TimerType.PreciseTimer)  # stays half a tick apart
        self._scroll.setInterval(SCROLL_MS)
        self._scroll.timeout.connect(self.on_scroll_tick)
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setTimerType(Qt.TimerType.PreciseTimer)
        self._redraw.setInterval(APART_MS)
        self._redraw.timeout.connect(self.on_redraw_due)
        self._pan = QTimer(self)
        self._pan.setSingleShot(True)
        self._pan.setInterval(PAN_SETTLE_MS)
        self._pan.timeout.connect(self.refresh)
        service.valuesChanged.connect(self.on_values_changed)
        theme.notifier().changed.connect(self.on_theme_changed)

    def on_theme_changed(self, _name: str = "") -> None:
        """A live theme switch: every plot and the hint in the theme's colours."""
        self.hint.setStyleSheet(f"color: {style.colours().axis};")
        for plot in self.plots.values():
            plot.apply_theme()

    # -- tags ------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return self._paused

    def add_tag(self, ci_id: str, point: str) -> TagPlot:
        """Trend a numeric tag (KeyError if the plant has no such numeric point)."""
        key = (ci_id, point)
        if key in self.plots:
            return self.plots[key]
        info = tag_info(self.service.plant, ci_id, point)
        self.recorder.watch(ci_id, point)
        self._seed(ci_id, point)
        from widgets.trends.tag_plot import TagPlot

        plot = TagPlot(info, title=f"{self.service.plant[ci_id].name} \u00b7 {point}")
        plot.removeRequested.connect(self.remove_tag)
        plot.view_box.sigXRangeChanged.connect(self.on_x_range_changed)
        plot.view_box.sigRangeChangedManually.connect(self.on_user_moved)
        self.plots[key] = plot
        self.hint.hide()
        self._plot_area.addWidget(plot, 1)
        if self._paused:
            x0, x1 = self._x_window()
            self._apply_limits(plot)
            plot.view_box.setXRange(x0, x1, padding=0)
        else:
            self._scroll.start()
        self.refresh()
        return plot

    def remove_tag(self, ci_id: str, point: str) -> None:
        plot = self.plots.pop((ci_id, point), None)
        if plot is None:
            return
        self.recorder.unwatch(ci_id, point)
        self._plot_area.removeWidget(plot)
        plot.hide()
        plot.deleteLater()
        if not self.plots:
            self._scroll.stop()
            self.hint.show()

    def _seed(self, ci_id: str, point: str) -> None:
        """Start from the current reading, so a quiet (on-change) tag is not blank."""
        if len(self.recorder.history(ci_id, point)):
            return  # already recorded for another trend of the same tag
        entry = self.service.monitor.readings.cis.get(ci_id)
        value = entry.points.get(point) if entry else None
        if value is not None:
            self.recorder.on_sample(ci_id, point, value.sample)

    # -- live, paused, window ----------------------------------------------------

    def set_paused(self, paused: bool) -> None:
        """Freeze the view (recording goes on); resuming jumps back to live."""
        if paused == self._paused:
            return
        self._paused = paused
        self.pause_button.setChecked(paused)
        self.pause_button.setText(self.tr("Resume live") if paused else self.tr("Pause"))
        self.status.setText(self.tr(PAUSED_HINT) if paused else "")
        for plot in self.plots.values():
            self._apply_limits(plot)
        if paused:
            self._scroll.stop()
        else:
            if self.plots:
                self._scroll.start()
            self.refresh()

    def on_window_chosen(self, index: int) -> None:
        self.window_s = float(self.window_box.itemData(index))
        if self._paused and self.plots:
            _, x1 = self._x_window()
            self._set_x(x1 - self.window_s, x1)
        self.refresh()

    def _x_window(self) -> tuple[float, float]:
        """Live: the last `window_s` up to now (plus a small margin); paused: what is shown."""
        if self._paused and self.plots:
            x0, x1 = next(iter(self.plots.values())).view_box.viewRange()[0]
            return float(x0), float(x1)
        now = self.recorder.now()
        return now - self.window_s, now + self.window_s * 0.02

    def _set_x(self, x0: float, x1: float) -> None:
        self._syncing = True
        try:
            for plot in self.plots.values():
                plot.view_box.setXRange(x0, x1, padding=0)
        finally:
            self._syncing = False

    def _apply_limits(self, plot: TagPlot) -> None:
        """Paused: panning stays within the recorded shift; live: no limits."""
        if not self._paused:
            plot.view_box.setLimits(xMin=None, xMax=None, minXRange=None, maxXRange=None)
            return
        span = self.recorder.history(*plot.info.key).span()
        now = self.recorder.now()
        oldest = span[0] if span else now - self.window_s
        plot.view_box.setLimits(
            xMin=min(oldest, now - self.window_s), xMax=now + 60, minXRange=10, maxXRange=9 * 3600
        )

    # -- slots -------------------------------------------------------------------

    def _hidden_in_window(self) -> bool:
        """The window is shown but this panel is not (closed dock, background tab)."""
        return self.window().isVisible() and not self.isVisible()

    def on_values_changed(self, ci_ids: object) -> None:
        """Coalesced by the service: redraw only if a trended CI changed, at most once
        per REDRAW_S (later changes are drawn by the next scroll tick), APART_MS after the
        tick that brought them (a frame apart from the tree's and the diagram's)."""
        if not self.plots or not isinstance(ci_ids, set):
            return
        if not any(ci in ci_ids for ci, _ in self.plots):
            return
        if self._paused:
            for key, plot in self.plots.items():
                plot.set_latest(self.recorder.history(*key).last)
            return
        self._dirty = True
        if self._hidden_in_window():
            return  # recorded; drawn when the panel is shown
        if time.monotonic() - self._last_draw >= REDRAW_S and not self._redraw.isActive():
            self._redraw.start()

    def on_redraw_due(self) -> None:
        if not self._dirty or self._paused or not self.plots or self._hidden_in_window():
            return
        self._live_redraw()
        self._scroll.start()  # the next tick a full second after this redraw

    def on_scroll_tick(self) -> None:
        """Keep the live time axis moving even when no value changes."""
        if self._paused or not self.plots or self._hidden_in_window():
            return
        if self._dirty:
            self._live_redraw()
            return
        self._last_draw = time.monotonic()
        x0, x1 = self._x_window()
        self._set_x(x0, x1)
        for plot in self.plots.values():
            plot.fit_y(x0, x1)

    def _live_redraw(self) -> None:
        self._last_draw = time.monotonic()
        self._dirty = False
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty and not self._paused:
            self._live_redraw()

    def on_x_range_changed(self, view_box: object, x_range: tuple[float, float]) -> None:
        """Keep every plot on one time axis; when paused, fetch data for the new range."""
        if self._syncing:
            return
        self._syncing = True
        try:
            for plot in self.plots.values():
                if plot.view_box is not view_box:
                    plot.view_box.setXRange(*x_range, padding=0)
        finally:
            self._syncing = False
        if self._paused:
            self._pan.start()

    def on_user_moved(self, _mask: object) -> None:
        """Dragging or wheeling a plot means looking back: pause."""
        self.set_paused(True)

    def refresh(self) -> None:
        """Fetch each trended tag's points around the shown window and redraw."""
        if not self.plots:
            return
        x0, x1 = self._x_window()
        span = x1 - x0
        for key, plot in self.plots.items():
            history = self.recorder.history(*key)
            times, values = history.window(x0 - span, x1 + span)
            plot.set_data(times, values)
            plot.set_latest(history.last)
            plot.fit_y(x0, x1)
        if not self._paused:
            self._set_x(x0, x1)

    # -- drops -------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_tags(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._dropped_tags(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        tags = self._dropped_tags(event.mimeData())
        if not tags:
            event.ignore()
            return
        refused = []
        for ci_id, point in tags:
            try:
                self.add_tag(ci_id, point)
            except KeyError:
                refused.append(f"{ci_id}:{point}")
        if refused:
            self.status.setText(self.tr("Not a numeric tag: %1").replace("%1", ", ".join(refused)))
        event.acceptProposedAction()

    @staticmethod
    def _dropped_tags(mime: QMimeData) -> list[TagKey]:
        if not mime.hasFormat(TAG_MIME):
            return []
        text = bytes(mime.data(TAG_MIME).data()).decode("utf-8", "replace")
        tags = []
        for line in text.splitlines():
            try:
                tags.append(parse_tag(line))
            except ValueError:
                continue
        return tags
