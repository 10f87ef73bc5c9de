"""Trends: pyqtgraph plots of trended tags with limits, rolling window, pause and scroll-back."""

from widgets.trends.panel import TAG_MIME, WINDOWS, TrendPanel
from widgets.trends.tag_plot import TagPlot

__all__ = ["TAG_MIME", "WINDOWS", "TagPlot", "TrendPanel"]
