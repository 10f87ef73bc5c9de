"""The fold: an incident's state from its events, the same on every console and the server.

Events are applied in (hlc, console_id, id) order; a repeated event id counts once.
Merge rules: notes append; an invalid status transition becomes a recorded no-op;
scalar fields are last-writer-wins, the replaced value kept as an OVERRIDDEN entry;
priority is derived; unknown types and versions stay in the timeline as newer events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter

from models.incidents.events import Event, to_json
from models.incidents.fold_acc import FoldAcc
from models.incidents.fold_rules import RULES
from models.incidents.priority import DEFAULT_MATRIX, PriorityMatrix
from models.incidents.state import IncidentState


@dataclass(frozen=True)
class FoldContext:
    """What a fold needs beyond the events; must be the same everywhere (plant file)."""

    matrix: PriorityMatrix = DEFAULT_MATRIX


DEFAULT_CONTEXT = FoldContext()


def _key(event: Event) -> tuple[int, int, str, str]:
    """`Event.sort_key` as plain ints and texts: the same order, cheaper to compare."""
    hlc = event.hlc
    return (hlc.wall_ms, hlc.counter, event.console_id, event.id)


_first = itemgetter(0)


def unique_sorted(events: Iterable[Event]) -> list[Event]:
    """Events in fold order, each id once (of two different events with one id, the one
    with the smaller canonical JSON wins, so the choice does not depend on arrival).

    Common case first: events already in strictly increasing order (as a store reads
    them back or a feed page mostly delivers them) with no id twice are returned as they
    are, other input without an id twice is sorted by the keys at hand; anything else
    takes the general path, which gives the same list for such input."""
    items = list(events)
    keys = [_key(e) for e in items]
    if len({k[3] for k in keys}) != len(keys):
        return _unique_sorted_slow(items)
    if all(a < b for a, b in pairwise(keys)):
        return items
    # Each id once: the slow path would keep every event and sort them by these keys
    # (unique, as they end in the id), e.g. a feed's number_assigned, stamped by the
    # server after the comments that follow it in the page.
    return [e for _, e in sorted(zip(keys, items, strict=True), key=_first)]


def _unique_sorted_slow(events: Iterable[Event]) -> list[Event]:
    by_id: dict[str, Event] = {}
    for event in events:
        seen = by_id.get(event.id)
        if seen is None or (seen != event and to_json(event) < to_json(seen)):
            by_id[event.id] = event
    return sorted(by_id.values(), key=_key)


def fold(events: Iterable[Event], context: FoldContext = DEFAULT_CONTEXT) -> IncidentState:
    """The state of one incident (ValueError for no events or events of several incidents)."""
    ordered = unique_sorted(events)
    ids = {e.incident_id for e in ordered}
    if len(ids) != 1:
        raise ValueError(f"fold needs the events of exactly one incident, got {len(ids)}")
    acc = FoldAcc(ids.pop())
    for event in ordered:
        acc.apply(event, RULES.get(event.type))
    return acc.state(context.matrix)
