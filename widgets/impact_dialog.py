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

from models.cmdb import Plant
from models.impact import Impact
from widgets.i18n import eur, number


class ImpactDialog(QDialog):
    """Shows what stops if `impact.ci` fails, computed by `models.impact.ImpactAnalyzer`."""

    def __init__(self, plant: Plant, impact: Impact, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Impact analysis - %1").replace("%1", impact.ci))
        self.setObjectName("impactDialog")
        layout = QVBoxLayout(self)
        headline = QLabel(self.tr("If %1 fails:").replace("%1", f"<b>{impact.ci}</b>"))
        layout.addWidget(headline)
        form = QFormLayout()
        lines = [f"{line_id} {plant.lines[line_id].name}" for line_id in impact.stopped_lines]
        self.lines_label = QLabel("\n".join(lines) or self.tr("no line stops"))
        form.addRow(self.tr("Lines stopped:"), self.lines_label)
        if impact.degraded_lines:
            form.addRow(self.tr("Lines degraded:"), QLabel(", ".join(impact.degraded_lines)))
        self.units_label = QLabel(
            self.tr("%1 units per shift").replace("%1", number(impact.units_per_shift))
        )
        form.addRow(self.tr("Production lost:"), self.units_label)
        self.cost_label = QLabel(eur(impact.cost_per_hour, per_hour=True))
        form.addRow(self.tr("Cost at risk:"), self.cost_label)
        layout.addLayout(form)
        layout.addWidget(
            QLabel(
                self.tr("%1 CIs behind it stop answering:").replace(
                    "%1", number(len(impact.affected))
                )
            )
        )
        affected = QListWidget()
        affected.addItems(list(impact.affected))
        layout.addWidget(affected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
