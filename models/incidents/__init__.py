"""Incidents as event logs and their deterministic fold, shared by consoles and the server.

Pure Python (no Qt, no drivers, no I/O): `events` (schema, canonical JSON), `hlc`,
`fold` (+ `fold_acc`, `fold_rules`, `lifecycle`, `priority`, `state`), `dedup`,
`sla`, `shifts` and `cost`, `problems`, `maintenance`.
"""

from models.incidents.events import Event, EventError, from_json, new_event, to_json
from models.incidents.fold import DEFAULT_CONTEXT, FoldContext, fold
from models.incidents.hlc import Hlc, HlcClock
from models.incidents.lifecycle import Status
from models.incidents.priority import DEFAULT_MATRIX, Priority, PriorityMatrix
from models.incidents.state import EntryKind, IncidentState, TimelineEntry

__all__ = [
    "DEFAULT_CONTEXT",
    "DEFAULT_MATRIX",
    "EntryKind",
    "Event",
    "EventError",
    "FoldContext",
    "Hlc",
    "HlcClock",
    "IncidentState",
    "Priority",
    "PriorityMatrix",
    "Status",
    "TimelineEntry",
    "fold",
    "from_json",
    "new_event",
    "to_json",
]
