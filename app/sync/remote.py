"""Feed items to events: the envelope the server sent, checked by the shared schema."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from models.incidents.events import Event, EventError, from_dict

log = logging.getLogger("plantconsole.sync")


def parse_page(items: Sequence[dict[str, Any]]) -> list[Event]:
    """The page's events; one this console cannot read is logged and skipped (the
    server validated it, so this means an incompatible newer envelope)."""
    events = []
    for item in items:
        try:
            events.append(from_dict(item["event"], owned=True))  # the page was just parsed
        except (EventError, KeyError, TypeError) as exc:
            log.error("feed item %s skipped: %s", item.get("seq"), exc)
    return events
