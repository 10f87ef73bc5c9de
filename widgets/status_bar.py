"""ConsoleStatusBar: connections up/total per protocol, the stale banner, who is logged
in (a button that opens the login), a clock.

The banner appears only when the console itself has lost its path to the
plant: then every state on screen is UNKNOWN and must not be read as live.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QStatusBar, QToolButton, QWidget

from app.monitor.service import HealthMonitorService
from app.session import ConsoleSession
from models.states import State
from widgets.palette import STYLES

PROTOCOL_NAMES = {"opcua": "OPC UA", "modbus": "Modbus", "reach": "Reach"}
STALE_TEXT = "STALE — this console has lost its path to the plant"  # English; shown via tr()


class ConsoleStatusBar(QStatusBar):
    def __init__(self, service: HealthMonitorService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self._service = service
        self.banner = QLabel(self.tr("STALE — this console has lost its path to the plant"))
        self.banner.setObjectName("staleBanner")
        self.banner.setStyleSheet(
            f"background: {STYLES[State.DOWN].colour}; color: white; font-weight: bold;"
            "padding: 2px 12px;"
        )
        self.banner.hide()
        self.links_label = QLabel()
        self.clock_label = QLabel()
        self.session_button = QToolButton()
        self.session_button.setObjectName("sessionButton")
        self.session_button.setAutoRaise(True)
        self.session_button.hide()
        self._session: ConsoleSession | None = None
        self.addPermanentWidget(self.banner, 1)
        self.addPermanentWidget(self.session_button)
        self.addPermanentWidget(self.links_label)
        self.addPermanentWidget(self.clock_label)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self.on_clock)
        self._clock.start()
        service.summaryChanged.connect(self.on_links_changed)
        service.valuesChanged.connect(self.on_links_changed)
        service.consoleOfflineChanged.connect(self.on_console_offline)
        self.on_clock()
        self.on_links_changed()
        self.on_console_offline(service.engine.console_offline)

    def on_clock(self) -> None:
        self.clock_label.setText(datetime.now().strftime("%H:%M:%S"))

    def on_links_changed(self, _changed: object = None) -> None:
        counts = self._service.monitor.link_counts()
        parts = [
            f"{PROTOCOL_NAMES.get(protocol, protocol)} {up:,}/{total:,}"
            for protocol, (up, total) in sorted(counts.items())
        ]
        text = self.tr("connections: %1").replace("%1", "   ".join(parts) or self.tr("none"))
        self.links_label.setText(text)

    def on_console_offline(self, offline: bool) -> None:
        self.banner.setVisible(offline)

    def attach_session(self, session: ConsoleSession, login: QAction) -> None:
        """Show who is logged in; a click opens the login (with a server configured)."""
        self._session = session
        self.session_button.clicked.connect(login.trigger)
        session.changed.connect(self.on_session_changed)
        self.session_button.show()
        self.on_session_changed()

    def on_session_changed(self) -> None:
        session = self._session
        if session is None:
            return
        self.session_button.setText(session.describe())
        offline = session.identity is not None and not session.identity.online
        self.session_button.setStyleSheet("font-weight: bold;" if offline else "")
        self.session_button.setToolTip(
            self.tr("No central server: this console works locally")
            if session.local
            else self.tr("Log in as another user (File > Log in…)")
        )

    def changeEvent(self, event: QEvent) -> None:
        """A live language switch: the banner, connections and session in the new language."""
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "clock_label"):
            self.banner.setText(self.tr("STALE — this console has lost its path to the plant"))
            self.on_links_changed()
            self.on_session_changed()
        super().changeEvent(event)
