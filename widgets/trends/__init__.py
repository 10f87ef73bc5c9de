"""Trends: pyqtgraph plots of trended tags with limits, rolling window, pause and scroll-back."""

from typing import TYPE_CHECKING, Any

from widgets.trends.panel import TAG_MIME, WINDOWS, TrendPanel

if TYPE_CHECKING:
    from widgets.trends.tag_plot import TagPlot

__all__ = ["TAG_MIME", "WINDOWS", "TagPlot", "TrendPanel"]


def __getattr__(name: str) -> Any:
    # pyqtgraph (under TagPlot) loads with the first trended tag, not with the window.
    if name == "TagPlot":
        from widgets.trends.tag_plot import TagPlot

        return TagPlot
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
