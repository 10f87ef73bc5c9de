"""An in-memory console store that speaks `SyncStore`: for tests, the bench and demos.

It keeps what the SQLite store keeps: every event once (by id), an outbox in write
order, the feed cursor, and folds incidents with the shared fold.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from models.incidents.events import Event
from models.incidents.fold import fold
from models.incidents.hlc import HlcClock
from models.incidents.state import IncidentState


class MemoryStore:
    def __init__(self, console_id: str = "CR1") -> None:
        self.console_id = console_id
        self.events: dict[str, Event] = {}
        self.by_incident: dict[str, dict[str, Event]] = {}
        self.outbox: OrderedDict[str, Event] = OrderedDict()
        self._cursor = 0
        self.clock = HlcClock()
        self.applied_pages = 0

    # -- the console writes --------------------------------------------------------------
    def write(self, event: Event) -> None:
        """A local user action: the event and its outbox row, together."""
        self._keep(event)
        self.outbox[event.id] = event

    def _keep(self, event: Event) -> None:
        if event.id not in self.events:
            self.events[event.id] = event
            self.by_incident.setdefault(event.incident_id, {})[event.id] = event

    # -- SyncStore ------------------------------------------------------------------------
    def batch_outbox(self, n: int) -> Sequence[Event]:
        return [event for _, event in zip(range(n), self.outbox.values(), strict=False)]

    def confirm(self, ids: Sequence[str]) -> None:
        for event_id in ids:
            self.outbox.pop(event_id, None)

    def apply_remote(self, events: Sequence[Event], cursor: int) -> None:
        for event in events:
            self._keep(event)
            self.clock.observe(event.hlc)
        self._cursor = max(self._cursor, cursor)
        self.applied_pages += 1

    def cursor(self) -> int:
        return self._cursor

    def pending_count(self) -> int:
        return len(self.outbox)

    # -- reading ---------------------------------------------------------------------------
    def incident(self, incident_id: str) -> IncidentState:
        return fold(self.by_incident[incident_id].values())

    def incidents(self) -> list[IncidentState]:
        return [fold(evs.values()) for evs in self.by_incident.values()]
