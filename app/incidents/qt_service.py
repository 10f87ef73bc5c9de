"""IncidentServiceQt: the incident service as a QObject for the views.

Signals:
    incidentsChanged(object): set of incident ids changed (coalesced, at most once per
        `interval_ms`); refetch their heads or states from `service`
    notification(object): a `Notification` (new incident for some roles, flood, flood over)
    floodChanged(bool): ISA-18.2 flood banner on / off

Views call the user actions on `service` (e.g. `qt.service.acknowledge(incident_id)`);
they raise `ActionError` (not possible now) or `StoreError` (not saved) for the view to
show. The timer also drives auto-raise (`AutoRaiser.tick`) when one is given.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from app.incidents.auto_raise import AutoRaiser
from app.incidents.notify import Notification
from app.incidents.service import IncidentService

log = logging.getLogger(__name__)


class IncidentServiceQt(QObject):
    incidentsChanged = Signal(object)
    notification = Signal(object)
    floodChanged = Signal(bool)

    def __init__(
        self,
        service: IncidentService,
        raiser: AutoRaiser | None = None,
        interval_ms: int = 250,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.raiser = raiser
        self._changed: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.on_tick)
        service.add_listener(self._changed.update)
        service.add_notification_listener(self._on_notification)
        service.add_flood_listener(self._on_flood)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def on_tick(self) -> None:
        """Drive auto-raise, then emit the incidents changed since the last tick."""
        try:
            if self.raiser is not None:
                self.raiser.tick()
            else:
                self.service.tick()
        except Exception:
            log.exception("incident tick failed; retried at the next tick")
        if self._changed:
            changed = set(self._changed)
            self._changed.clear()  # the service's listener holds this set: never rebind
            self.incidentsChanged.emit(changed)

    def _on_notification(self, note: Notification) -> None:
        self.notification.emit(note)

    def _on_flood(self, flood: bool) -> None:
        self.floodChanged.emit(flood)
