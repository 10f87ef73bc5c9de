"""HeaderBar: the supervisor's one-glance line - plant, lines at risk, cost, P1s, sync.

    plant: Werk Nord | 3 lines at risk  EUR 11,400/h | P1 x1 | sync: local only

Grey and quiet while every line runs; the risk text turns red and bold when a
line stops, with the DOWN mark beside it so it reads without colour too. The P1
count (open P1 incidents, with how many are not acknowledged) follows the incident
service once `set_incidents` is called; without one it shows "P1 -". The sync text
follows `set_sync_status`: "sync: online", "sync: offline (N waiting)", or "sync: local
only" while the console has no server. Beside it, once the server refused events, an
"N rejected" button opens the list of them with the server's reasons
(`widgets.sync_rejections`); beside the plant's name, a warning when the console's plant
file differs from the one the server holds (`app.sync.plant_drift`).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from app.monitor.service import HealthMonitorService
from app.sync.status import CATCH_UP_SHOWN, PlantCheck, SyncStatus
from models.states import State
from widgets import i18n
from widgets.palette import STYLES, state_icon
from widgets.sync_rejections import SyncRejectionsDialog

if TYPE_CHECKING:  # the incident store (SQLAlchemy, alembic: ~1 s) is not the window's start
    from app.incidents.qt_service import IncidentServiceQt

_DOWN = STYLES[State.DOWN].colour
_NORMAL = ""  # the palette's text colour: it follows the light or dark theme


class HeaderBar(QFrame):
    def __init__(self, service: HealthMonitorService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headerBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._service = service
        self.plant_label = QLabel()
        self._show_plant()
        self.risk_icon = QLabel()
        self.risk_label = QLabel()
        self.incidents_label = QLabel("P1 -")
        self.incidents_label.setObjectName("p1Count")
        self.incidents_label.setToolTip(self.tr("No incident service in this console"))
        self._incidents: IncidentServiceQt | None = None
        self.sync_label = QLabel()
        self.sync_label.setObjectName("syncStatus")
        self.plant_warning = QLabel()
        self.plant_warning.setObjectName("plantDrift")
        self.plant_warning.setStyleSheet(f"color: {_DOWN}; font-weight: bold;")
        self.plant_warning.hide()
        self.rejections_button = QToolButton()
        self.rejections_button.setObjectName("syncRejections")
        self.rejections_button.setAutoRaise(True)
        self.rejections_button.setStyleSheet(f"color: {_DOWN}; font-weight: bold;")
        self.rejections_button.hide()
        self.rejections_button.clicked.connect(self.show_rejections)
        self.rejections_dialog: SyncRejectionsDialog | None = None
        self._sync_status: SyncStatus | None = None
        self.set_sync_status(None)
        self.stale_label = QLabel()
        font = self.font()
        font.setPointSizeF(max(11.0, font.pointSizeF() * 1.15))
        self.setFont(font)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(self.plant_label)
        layout.addWidget(self.plant_warning)
        layout.addWidget(_separator())
        layout.addWidget(self.risk_icon)
        layout.addWidget(self.risk_label)
        layout.addWidget(_separator())
        layout.addWidget(self.incidents_label)
        layout.addStretch(1)
        layout.addWidget(self.stale_label)
        layout.addWidget(_separator())
        layout.addWidget(self.sync_label)
        layout.addWidget(self.rejections_button)
        service.summaryChanged.connect(self.on_summary_changed)
        service.consoleOfflineChanged.connect(self.on_console_offline)
        self.on_summary_changed()
        self.on_console_offline(service.engine.console_offline)

    def _show_plant(self) -> None:
        name = self._service.plant.source.site.name
        self.plant_label.setText(self.tr("plant: %1").replace("%1", f"<b>{name}</b>"))

    def changeEvent(self, event: QEvent) -> None:
        """A live language switch: texts and EUR amounts in the new language."""
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "stale_label"):
            self._show_plant()
            self.on_summary_changed()
            self.on_incidents_changed()
            self.set_sync_status(self._sync_status)
            self.on_console_offline(self._service.engine.console_offline)
        super().changeEvent(event)

    def on_summary_changed(self) -> None:
        engine = self._service.engine
        stopped = engine.stopped_lines()
        if stopped:
            cost = i18n.eur(engine.cost_at_risk(), per_hour=True)
            count = len(stopped)
            risk = self.tr("1 line at risk") if count == 1 else self.tr("%1 lines at risk")
            self.risk_label.setText(f"{risk.replace('%1', i18n.number(count))}  {cost}")
            self.risk_label.setStyleSheet(f"color: {_DOWN}; font-weight: bold;")
            self.risk_label.setToolTip(self.tr("Stopped: %1").replace("%1", ", ".join(stopped)))
            self.risk_icon.setPixmap(state_icon(State.DOWN, 18).pixmap(18, 18))
        else:
            total = len(self._service.plant.lines)
            running = (
                self.tr("the line is running") if total == 1 else self.tr("all %1 lines running")
            )
            self.risk_label.setText(running.replace("%1", i18n.number(total)))
            self.risk_label.setStyleSheet(_NORMAL)
            self.risk_label.setToolTip("")
            self.risk_icon.setPixmap(state_icon(State.OK, 18).pixmap(18, 18))

    def set_incidents(self, incidents: IncidentServiceQt) -> None:
        """Count open P1s from this service from now on."""
        self._incidents = incidents
        incidents.incidentsChanged.connect(self.on_incidents_changed)
        self.on_incidents_changed()

    def on_incidents_changed(self, _ids: object = None) -> None:
        if self._incidents is None:
            return
        p1s = self._incidents.service.heads(open_only=True, priorities=("P1",), duplicates=False)
        unack = sum(1 for h in p1s if h.status == "new")
        if p1s:
            text = f"P1 x{len(p1s)}"
            if unack:
                text += " " + self.tr("(%1 not acknowledged)").replace("%1", str(unack))
            self.incidents_label.setText(text)
            self.incidents_label.setStyleSheet(f"color: {_DOWN}; font-weight: bold;")
            self.incidents_label.setToolTip(", ".join(f"{h.number} {h.title}" for h in p1s[:10]))
        else:
            self.incidents_label.setText("P1 0")
            self.incidents_label.setStyleSheet(_NORMAL)
            self.incidents_label.setToolTip(self.tr("No open P1 incident"))

    def set_sync_status(self, status: SyncStatus | None) -> None:
        """The console's sync state (None: no server configured)."""
        self._sync_status = status
        self.sync_label.setText(self.sync_text(status))
        self._show_plant_check(status.plant if status is not None else None)
        self._show_rejections(status)
        if status is None:
            self.sync_label.setStyleSheet(_NORMAL)
            self.sync_label.setToolTip(self.tr("This console keeps its incidents locally only"))
            return
        tips = []
        if status.last_sync_ms:
            stamp = time.strftime("%H:%M:%S", time.localtime(status.last_sync_ms / 1000))
            tips.append(self.tr("last sync %1").replace("%1", stamp))
        if status.waiting:
            waiting = (
                self.tr("1 event waiting to upload")
                if status.waiting == 1
                else self.tr("%1 events waiting to upload")
            )
            tips.append(waiting.replace("%1", str(status.waiting)))
        if status.last_error and not status.online:
            tips.append(self.tr("last error: %1").replace("%1", status.last_error))
        if status.rejections:
            count = len(status.rejections)
            rejected = (
                self.tr("1 event rejected by the server")
                if count == 1
                else self.tr("%1 events rejected by the server")
            )
            tips.append(rejected.replace("%1", str(count)))
        self.sync_label.setToolTip("\n".join(tips))
        if status.online:
            self.sync_label.setStyleSheet(_NORMAL)
        else:
            colour = STYLES[State.UNKNOWN].colour
            self.sync_label.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def _show_plant_check(self, check: PlantCheck | None) -> None:
        """The warning beside the plant's name while its file is not the server's."""
        if check is None or not check.differs:
            self.plant_warning.hide()
            self.plant_warning.setToolTip("")
            return
        version = str(check.server_version)
        self.plant_warning.setText(
            self.tr("plant file differs from the server's (version %1)").replace("%1", version)
        )
        tips = [
            self.tr("This console's plant file %1 is not the one the server holds.").replace(
                "%1", check.local_file
            ),
            self.tr("Server: version %1, SHA-256 %2")
            .replace("%1", version)
            .replace("%2", check.server_sha256 or "?"),
        ]
        if check.uploaded_by:
            tips.append(self.tr("uploaded by %1").replace("%1", check.uploaded_by))
        tips.append(
            self.tr(
                "Machines, lines and costs may not match the other consoles: ask plant IT "
                "for the current plant file."
            )
        )
        self.plant_warning.setToolTip("\n".join(tips))
        self.plant_warning.show()

    def _show_rejections(self, status: SyncStatus | None) -> None:
        rejections = status.rejections if status is not None else ()
        if not rejections:
            self.rejections_button.hide()
            return
        count = len(rejections)
        text = self.tr("1 rejected") if count == 1 else self.tr("%1 rejected")
        self.rejections_button.setText(text.replace("%1", i18n.number(count)))
        self.rejections_button.setToolTip(
            self.tr("Events the server refused: click for their reasons")
        )
        self.rejections_button.show()
        if self.rejections_dialog is not None:
            self.rejections_dialog.set_rejections(rejections)

    def show_rejections(self) -> None:
        """The list of rejected events with their reasons (one dialog, kept up to date)."""
        rejections = self._sync_status.rejections if self._sync_status is not None else ()
        if self.rejections_dialog is None:
            self.rejections_dialog = SyncRejectionsDialog(rejections, self)
        else:
            self.rejections_dialog.set_rejections(rejections)
        self.rejections_dialog.show()
        self.rejections_dialog.raise_()
        self.rejections_dialog.activateWindow()

    def sync_text(self, status: SyncStatus | None) -> str:
        """'sync: online', 'sync: offline (3 waiting)', 'sync: local only' (no server),
        'sync: connecting' (as `app.sync.console_link.status_text`, translated)."""
        if status is None:
            return self.tr("sync: local only")
        if status.paused:
            return self.tr("sync: paused")
        if status.online and status.behind > CATCH_UP_SHOWN:
            return (
                self.tr("sync: catching up (%1 of %2)")
                .replace("%1", i18n.number(status.cursor))
                .replace("%2", i18n.number(status.server_head))
            )
        if status.online:
            return self.tr("sync: online")
        if status.last_sync_ms is None and status.last_error is None:
            return self.tr("sync: connecting")
        if status.waiting is None:
            return self.tr("sync: offline (waiting)")
        return self.tr("sync: offline (%1 waiting)").replace("%1", str(status.waiting))

    def on_console_offline(self, offline: bool) -> None:
        if offline:
            self.stale_label.setText(self.tr("data: STALE"))
            self.stale_label.setStyleSheet(
                f"color: {STYLES[State.UNKNOWN].colour}; font-weight: bold;"
            )
        else:
            self.stale_label.setText(self.tr("data: live"))
            self.stale_label.setStyleSheet(_NORMAL)


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
