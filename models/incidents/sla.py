"""SLA clocks of an incident: pure functions of its folded state and `now`.

Each clock runs from the fault's time until its event (acknowledged, technician on
site, resolved) or, failing that, until the incident is resolved; time on hold and
time spent resolved before a reopen do not count. Targets come from the priority
the incident has now.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from models.incidents.priority import Priority
from models.incidents.state import IncidentState, covered_ms

MINUTE, HOUR = 60, 3600


class SlaLevel(enum.Enum):
    OK = "ok"
    WARNING = "warning"
    BREACHED = "breached"


@dataclass(frozen=True)
class SlaTargets:
    """Seconds from the fault; None: no such clock at this priority."""

    acknowledge_s: int | None
    on_site_s: int | None
    resolve_s: int | None

    def __post_init__(self) -> None:
        for target in (self.acknowledge_s, self.on_site_s, self.resolve_s):
            if target is not None and target <= 0:
                raise ValueError(f"SLA target {target} s must be positive")


@dataclass(frozen=True)
class SlaPolicy:
    targets: Mapping[Priority, SlaTargets]
    warning_fraction: float = 0.75

    def __post_init__(self) -> None:
        if missing := [p.value for p in Priority if p not in self.targets]:
            raise ValueError(f"SLA policy has no targets for {', '.join(missing)}")
        if not 0 < self.warning_fraction < 1:
            raise ValueError("warning_fraction must be between 0 and 1")


DEFAULT_POLICY = SlaPolicy(
    {
        Priority.P1: SlaTargets(5 * MINUTE, 15 * MINUTE, 4 * HOUR),
        Priority.P2: SlaTargets(15 * MINUTE, 60 * MINUTE, 8 * HOUR),
        Priority.P3: SlaTargets(60 * MINUTE, 4 * HOUR, 24 * HOUR),
        Priority.P4: SlaTargets(4 * HOUR, 24 * HOUR, 72 * HOUR),
        Priority.P5: SlaTargets(8 * HOUR, None, 120 * HOUR),
    }
)


@dataclass(frozen=True)
class SlaClock:
    name: str  # acknowledge | on_site | resolve
    target_s: float
    elapsed_s: float
    remaining_s: float  # negative once breached: "overdue by"
    fraction: float
    level: SlaLevel
    stopped_at_ms: int | None  # None while the clock runs
    paused: bool  # on hold right now


def status(state: IncidentState, now_ms: int, policy: SlaPolicy = DEFAULT_POLICY) -> list[SlaClock]:
    """The incident's SLA clocks at `now_ms` (none before its `created` event is known)."""
    if state.fault_at_ms is None:
        return []
    targets = policy.targets[state.priority]
    plan = (
        ("acknowledge", targets.acknowledge_s, state.acknowledged_at_ms),
        ("on_site", targets.on_site_s, state.on_site_at_ms),
        ("resolve", targets.resolve_s, state.resolved_at_ms),
    )
    on_hold = bool(state.holds) and state.holds[-1].end_ms is None
    clocks = []
    for name, target_s, stopped in plan:
        if target_s is None:
            continue
        if stopped is None:
            stopped = state.resolved_at_ms  # resolved without it: the clock stops there
        end = now_ms if stopped is None else max(stopped, state.fault_at_ms)
        run_ms = end - state.fault_at_ms
        elapsed_ms = max(0, run_ms - covered_ms(state.paused, state.fault_at_ms, end, now_ms))
        elapsed_s = elapsed_ms / 1000
        fraction = elapsed_s / target_s
        level = SlaLevel.OK
        if fraction >= 1:
            level = SlaLevel.BREACHED
        elif fraction >= policy.warning_fraction:
            level = SlaLevel.WARNING
        clocks.append(
            SlaClock(
                name=name,
                target_s=float(target_s),
                elapsed_s=elapsed_s,
                remaining_s=target_s - elapsed_s,
                fraction=fraction,
                level=level,
                stopped_at_ms=stopped,
                paused=on_hold and stopped is None,
            )
        )
    return clocks
