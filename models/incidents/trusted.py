"""Events read back from the console's own store, without re-checking what was checked.

Every event went through `Event.__post_init__` (envelope, size, canonical JSON, payload
schema) before it was stored, so reading it back only parses its canonical JSON (all of
an incident's events in one `json.loads`) and builds the payload model. Only for rows
this code wrote itself: anything from outside (the server, a file) goes through
`from_json`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from models.incidents.events import ENVELOPE, Event
from models.incidents.hlc import Hlc
from models.incidents.payloads import PAYLOADS

_SET = object.__setattr__
_ENVELOPE = frozenset(ENVELOPE)


def trusted_event(body: str) -> Event:
    """The event whose canonical JSON (`to_json`) is `body`; no envelope or size checks."""
    return _build(json.loads(body), body)


def trusted_events(bodies: Sequence[str]) -> list[Event]:
    """Many events at once (one JSON parse for all of them)."""
    if not bodies:
        return []
    parsed = json.loads("[" + ",".join(bodies) + "]")
    return [_build(data, body) for data, body in zip(parsed, bodies, strict=True)]


def _build(data: dict[str, Any], body: str) -> Event:
    kind: str = data["type"]
    version: int = data["version"]
    payload: dict[str, Any] = data["payload"]
    wall, counter = data["hlc"].split("-")
    hlc = object.__new__(Hlc)  # its text was checked on the way in
    _SET(hlc, "wall_ms", int(wall))
    _SET(hlc, "counter", int(counter))
    model = PAYLOADS.get(kind, {}).get(version)
    event = object.__new__(Event)
    vars(event).update(
        id=data["id"],
        incident_id=data["incident_id"],
        type=kind,
        version=version,
        hlc=hlc,
        console_id=data["console_id"],
        user=data["user"],
        payload=payload,
        extra={k: v for k, v in data.items() if k not in _ENVELOPE} if len(data) > 8 else {},
        body=None if model is None else model.model_validate(payload),
        _payload_json=None,
        _json=body,  # canonical already: `to_json` hands it back as it was stored
        _hlc_text=data["hlc"],
    )
    return event
