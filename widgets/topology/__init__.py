"""The plant topology diagram (centre of the main window): overview -> line -> machine."""

from widgets.topology.view import TopologyView

__all__ = ["TopologyView"]
