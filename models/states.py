"""Health states, their severity order, criticality caps and reason codes.

Everything here is the vocabulary of ARCHITECTURE.md's health table; the rules
that pick a state live in `models.health`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class State(enum.Enum):
    """Health of a configuration item, as shown to people."""

    OK = "OK"
    MAINTENANCE = "MAINTENANCE"
    WARNING = "WARNING"
    UNKNOWN = "UNKNOWN"
    DEGRADED = "DEGRADED"
    IMPACTED = "IMPACTED"
    DOWN = "DOWN"

    @property
    def severity(self) -> int:
        """Roll-up rank: DOWN > IMPACTED > DEGRADED > UNKNOWN > WARNING > MAINTENANCE > OK."""
        # A plain attribute set once below: a dict lookup keyed by an Enum hashes in
        # Python, and the engine asks this hundreds of thousands of times a second.
        return self._severity  # type: ignore[attr-defined, no-any-return]

    @property
    def is_abnormal(self) -> bool:
        return self is not State.OK

    @property
    def is_out(self) -> bool:
        """DOWN or IMPACTED: the CI does not do its job."""
        return self in (State.DOWN, State.IMPACTED)


_SEVERITY = {
    State.OK: 0,
    State.MAINTENANCE: 1,
    State.WARNING: 2,
    State.UNKNOWN: 3,
    State.DEGRADED: 4,
    State.IMPACTED: 5,
    State.DOWN: 6,
}


for _state, _rank in _SEVERITY.items():
    _state._severity = _rank  # type: ignore[attr-defined]


def worst(*states: State) -> State:
    """The most severe of the given states (OK for none)."""
    return max(states, key=_SEVERITY.__getitem__, default=State.OK)


class Criticality(enum.Enum):
    """How much of a CI's state reaches its parent in the containment tree."""

    STOPS_LINE = "stops_line"
    DEGRADES = "degrades"
    INFO = "info"

    def cap(self, state: State) -> State:
        """The state a parent sees of a child in `state`."""
        if self is Criticality.STOPS_LINE:
            return state
        limit = State.DEGRADED if self is Criticality.DEGRADES else State.WARNING
        return limit if state.severity > limit.severity else state


@dataclass(frozen=True)
class Reason:
    """Why a CI is in its state: a code with parameters, never a finished sentence.

    `render()` in `models.reasons` turns it into text in the reader's language.
    """

    code: str
    params: tuple[tuple[str, Any], ...] = field(default=())

    @classmethod
    def of(cls, code: str, /, **params: Any) -> Reason:
        return cls(code, tuple(sorted(params.items())))

    def param(self, name: str, default: Any = None) -> Any:
        for key, value in self.params:
            if key == name:
                return value
        return default

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    def __str__(self) -> str:
        if not self.params:
            return self.code
        inner = ", ".join(f"{k}={v}" for k, v in self.params)
        return f"{self.code}({inner})"


NO_REASON = Reason("ok")


@dataclass(frozen=True)
class Health:
    """A state with its reason and the CI it stems from ('' for the CI itself).

    A rolled-up state keeps the reason of the descendant that caused it, so a
    line can say "AR-042-PLC: program stopped" rather than just "Down".
    """

    state: State
    reason: Reason = NO_REASON
    source: str = ""

    @classmethod
    def ok(cls) -> Health:
        return cls(State.OK, NO_REASON)


OK_HEALTH = Health(State.OK, NO_REASON)
