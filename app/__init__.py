"""PlantConsole application layer: services, settings and the command line (no widgets)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("plantconsole")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0+source"
