"""ImpactDialog: the what-if answer for one CI (lines stopped, units per shift, EUR/hour)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from app.formatting import eur
from models.cmdb import Plant
from models.impact import Impact


class ImpactDialog(QDialog):
    """Shows what stops if `impact.ci` fails, computed by `models.impact.ImpactAnalyzer`."""

    def __init__(self, plant: Plant, impact: Impact, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Impact analysis - {impact.ci}")
        self.setObjectName("impactDialog")
        layout = QVBoxLayout(self)
        headline = QLabel(f"If <b>{impact.ci}</b> fails:")
        layout.addWidget(headline)
        form = QFormLayout()
        lines = [f"{line_id} {plant.lines[line_id].name}" for line_id in impact.stopped_lines]
        self.lines_label = QLabel("\n".join(lines) or "no line stops")
        form.addRow("Lines stopped:", self.lines_label)
        if impact.degraded_lines:
            form.addRow("Lines degraded:", QLabel(", ".join(impact.degraded_lines)))
        self.units_label = QLabel(f"{impact.units_per_shift:,} units per shift")
        form.addRow("Production lost:", self.units_label)
        self.cost_label = QLabel(f"{eur(impact.cost_per_hour)}/h")
        form.addRow("Cost at risk:", self.cost_label)
        layout.addLayout(form)
        layout.addWidget(QLabel(f"{len(impact.affected):,} CIs behind it stop answering:"))
        affected = QListWidget()
        affected.addItems(list(impact.affected))
        layout.addWidget(affected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
