"""Incident lifecycle: statuses, the actions that move between them, and the valid table.

new -> acknowledged -> in_progress <-> on_hold -> resolved -> closed, with reopen
(resolved or closed -> in_progress). Any pair missing from `TRANSITIONS` is invalid:
the fold records it as a no-op instead of failing.
"""

from __future__ import annotations

import enum


class Status(enum.Enum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        return self not in (Status.RESOLVED, Status.CLOSED)


class Action(enum.Enum):
    ACKNOWLEDGE = "acknowledge"  # event `acknowledged`
    START = "start"  # `status_changed` to in_progress (also: resume from hold)
    HOLD = "hold"  # `status_changed` to on_hold, with a reason
    RESOLVE = "resolve"  # `resolved`
    CLOSE = "close"  # `closed`
    REOPEN = "reopen"  # `reopened`


S, A = Status, Action
TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (S.NEW, A.ACKNOWLEDGE): S.ACKNOWLEDGED,
    (S.ACKNOWLEDGED, A.START): S.IN_PROGRESS,
    (S.ON_HOLD, A.START): S.IN_PROGRESS,
    (S.ACKNOWLEDGED, A.HOLD): S.ON_HOLD,
    (S.IN_PROGRESS, A.HOLD): S.ON_HOLD,
    # A fault that clears itself may be auto-resolved before anyone acknowledged it.
    (S.NEW, A.RESOLVE): S.RESOLVED,
    (S.ACKNOWLEDGED, A.RESOLVE): S.RESOLVED,
    (S.IN_PROGRESS, A.RESOLVE): S.RESOLVED,
    (S.ON_HOLD, A.RESOLVE): S.RESOLVED,
    (S.RESOLVED, A.CLOSE): S.CLOSED,
    (S.RESOLVED, A.REOPEN): S.IN_PROGRESS,
    (S.CLOSED, A.REOPEN): S.IN_PROGRESS,
}
"""(from, action) -> to: every valid transition, and nothing else."""

_SIMPLE_ACTIONS = {
    "acknowledged": Action.ACKNOWLEDGE,
    "resolved": Action.RESOLVE,
    "closed": Action.CLOSE,
    "reopened": Action.REOPEN,
}


def action_for(event_type: str, to: str | None = None) -> Action | None:
    """The lifecycle action an event type (and `status_changed` target) stands for."""
    if event_type == "status_changed":
        return {"in_progress": Action.START, "on_hold": Action.HOLD}.get(to or "")
    return _SIMPLE_ACTIONS.get(event_type)


def next_status(current: Status, action: Action) -> Status | None:
    """The status after `action`, or None when the action is invalid from `current`."""
    return TRANSITIONS.get((current, action))
