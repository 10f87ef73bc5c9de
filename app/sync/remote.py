"""Feed items to events: the envelope the server sent, checked by the shared schema.

An item is `{"seq", "flags", "event"}`, or from a server asked for `form=rows` a row:
`[seq, flags, id, incident_id, type, version, hlc, console_id, user, payload]`, or
`[seq, flags, event]` for an event with keys beyond the envelope. A row's values go
through the same checks as the object's (`from_values`), with the same errors."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from models.incidents.events import ENVELOPE, Event, EventError, from_dict, from_values

log = logging.getLogger("plantconsole.sync")
ROW_LENGTH = 2 + len(ENVELOPE)


def parse_page(items: Sequence[Any]) -> list[Event]:
    """The page's events; one this console cannot read is logged and skipped (the
    server validated it, so this means an incompatible newer envelope)."""
    events: list[Event] = []
    append = events.append
    for item in items:
        try:  # the page was just parsed: its values are handed over (owned)
            if type(item) is list and len(item) == ROW_LENGTH:
                append(from_values(*item[2:]))
            elif type(item) is list and len(item) == 3:
                append(from_dict(item[2], owned=True))
            else:
                append(from_dict(item["event"], owned=True))
        except (EventError, KeyError, TypeError) as exc:
            seq = (item[0] if item else None) if type(item) is list else item.get("seq")
            log.error("feed item %s skipped: %s", seq, exc)
    return events
