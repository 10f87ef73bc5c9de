"""Test helpers: consoles with fake clocks that write incident events deterministically."""

from __future__ import annotations

import itertools
from typing import Any

from models.incidents.events import Event
from models.incidents.hlc import Hlc, HlcClock
from models.incidents.ids import uuid7
from models.incidents.payloads import CURRENT_VERSION

T0 = 1_732_290_000_000  # 2024-11-22 15:40 UTC, a Friday
MIN = 60_000
HOUR = 60 * MIN
_counter = itertools.count()


def det_id(ms: int) -> str:
    """A UUIDv7 whose random part is a counter: reproducible across runs."""
    n = next(_counter)
    return uuid7(ms, randbytes=lambda size: n.to_bytes(size, "big"))


class Console:
    """One console: its id, user and a wall clock the test moves (also backwards)."""

    def __init__(self, console_id: str = "CR1", now_ms: int = T0, user: str = "anna") -> None:
        self.id = console_id
        self.user = user
        self.now = now_ms
        self.clock = HlcClock(lambda: self.now)

    def advance(self, ms: int) -> Console:
        self.now += ms
        return self

    def observe(self, events: list[Event]) -> None:
        for event in events:
            self.clock.observe(event.hlc)

    def event(
        self, incident_id: str, type: str, version: int | None = None, **payload: Any
    ) -> Event:
        return self.write(incident_id, type, payload, version)

    def write(
        self, incident_id: str, type: str, payload: dict[str, Any], version: int | None = None
    ) -> Event:
        hlc = self.clock.tick()
        return Event(
            id=det_id(hlc.wall_ms),
            incident_id=incident_id,
            type=type,
            version=version or CURRENT_VERSION.get(type, 1),
            hlc=hlc,
            console_id=self.id,
            user=self.user,
            payload=payload,
        )

    def create(self, incident_id: str | None = None, **overrides: Any) -> Event:
        return self.event(
            incident_id or new_incident_id(self.now), "created", **created(**overrides)
        )


def new_incident_id(ms: int = T0) -> str:
    return det_id(ms)


def created(**overrides: Any) -> dict[str, Any]:
    """A line-stop `created` payload: SW-L3-043 down, L3 stopped."""
    payload: dict[str, Any] = {
        "title": "LINE STOP — Assembly Line 3",
        "ci": "SW-L3-043",
        "fault_at_ms": T0 - 10_000,
        "impact": 1,
        "urgency": 1,
        "local_ref": "L3-tmp-7",
        "fault_code": "0x2A",
        "fault_text": "Safety door open",
        "profile": "s7-1500",
        "affected_cis": ["AR-042", "AR-042-PLC"],
        "lines": [{"id": "L3", "cost_per_hour": 3800, "units_per_shift": 240}],
        "dedup_key": "SW-L3-043|no_answer",
        "origin": "auto",
    }
    payload.update(overrides)
    return payload


def at(ms: int) -> Hlc:
    return Hlc(ms, 0)
