"""The selected CI, shared by tree, topology, details and incidents.

Signals:
    changed(str): the selected CI id ("" for none)
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class CiSelection(QObject):
    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._current = ""

    @property
    def current(self) -> str:
        return self._current

    def select(self, ci_id: str) -> None:
        """Select a CI; views that show it follow. Re-selecting the same CI is a no-op."""
        if ci_id != self._current:
            self._current = ci_id
            self.changed.emit(ci_id)
