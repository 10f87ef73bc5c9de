"""The health engine: own signals -> state behind dependencies -> roll-up.

Three layers per CI, each a `Health`:

- own:       what the CI's own signals say (set by the monitor, see `own_health`);
- effective: own, turned IMPACTED when the CI fails while something it depends
             on is out (the cause is upstream), and the state of redundancy
             groups and unmonitored services derived from their dependencies;
- rolled:    the worst of effective and the children's rolled states, each
             capped by the child's criticality (what the tree and diagram show).

`apply()` updates only what a change reaches and returns what changed; it
gives the same result as `recompute_all()` (a property test checks that).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from models.cmdb import Plant
from models.states import OK_HEALTH, Health, Reason, State

NO_DATA = Health(State.UNKNOWN, Reason.of("no_data"))
CONSOLE_OFFLINE = Health(State.UNKNOWN, Reason.of("console_offline"))
_BLOCKING = (State.DOWN, State.IMPACTED, State.MAINTENANCE)
# Own states that mean "this CI does not answer / does not work".
_FAILING = (State.DOWN, State.UNKNOWN)


@dataclass
class Changes:
    """CIs whose effective or rolled health changed in one update."""

    effective: set[str] = field(default_factory=set)
    rolled: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.effective or self.rolled)

    def merge(self, other: Changes) -> None:
        self.effective |= other.effective
        self.rolled |= other.rolled


class HealthEngine:
    """Health of every CI of one plant, kept current incrementally."""

    def __init__(self, plant: Plant, initial: Health = NO_DATA) -> None:
        self.plant = plant
        self.console_offline = False
        self.own: dict[str, Health] = {
            ci_id: initial if node.monitored else OK_HEALTH for ci_id, node in plant.nodes.items()
        }
        self.effective: dict[str, Health] = {}
        self.rolled: dict[str, Health] = {}
        self._by_depth = sorted(plant.nodes, key=lambda c: -plant.depth[c])
        self._line_owner = {ci_id: plant.line_of(ci_id) for ci_id in plant.nodes}
        self.recompute_all()

    # -- updates ---------------------------------------------------------------

    def apply(self, own: Mapping[str, Health]) -> Changes:
        """Set own health of some CIs and update everything they reach."""
        seeds = [ci_id for ci_id, health in own.items() if self.own.get(ci_id) != health]
        for ci_id in seeds:
            self.own[ci_id] = own[ci_id]
        if self.console_offline:
            return Changes()
        return self._propagate(seeds)

    def set_console_offline(self, offline: bool) -> Changes:
        """The console lost (or regained) its own path to the plant."""
        if offline == self.console_offline:
            return Changes()
        before_eff, before_roll = dict(self.effective), dict(self.rolled)
        self.console_offline = offline
        self.recompute_all()
        return Changes(
            {c for c, h in self.effective.items() if before_eff.get(c) != h},
            {c for c, h in self.rolled.items() if before_roll.get(c) != h},
        )

    def recompute_all(self) -> None:
        """Compute every CI's effective and rolled health from scratch."""
        plant = self.plant
        self.effective = {}
        for ci_id in sorted(plant.nodes, key=plant.topo_index.__getitem__):
            self.effective[ci_id] = self._effective_of(ci_id)
        self.rolled = {}
        for ci_id in self._by_depth:
            self.rolled[ci_id] = self._rolled_of(ci_id)

    def _propagate(self, seeds: Iterable[str]) -> Changes:
        plant = self.plant
        changes = Changes()
        heap = [(plant.topo_index[c], c) for c in set(seeds)]
        heapq.heapify(heap)
        queued = {c for _, c in heap}
        while heap:
            _, ci_id = heapq.heappop(heap)
            health = self._effective_of(ci_id)
            if health == self.effective[ci_id]:
                continue
            self.effective[ci_id] = health
            changes.effective.add(ci_id)
            for dependent in plant.dependents[ci_id]:
                if dependent not in queued:
                    queued.add(dependent)
                    heapq.heappush(heap, (plant.topo_index[dependent], dependent))
        levels: dict[int, set[str]] = {}
        for ci_id in changes.effective:
            levels.setdefault(plant.depth[ci_id], set()).add(ci_id)
        for depth in range(max(levels, default=-1), -1, -1):
            for ci_id in levels.get(depth, ()):
                health = self._rolled_of(ci_id)
                if health == self.rolled[ci_id]:
                    continue
                self.rolled[ci_id] = health
                changes.rolled.add(ci_id)
                parent = plant.nodes[ci_id].parent
                if parent is not None:
                    levels.setdefault(depth - 1, set()).add(parent)
        return changes

    # -- rules -----------------------------------------------------------------

    def _effective_of(self, ci_id: str) -> Health:
        if self.console_offline:
            return CONSOLE_OFFLINE
        node = self.plant.nodes[ci_id]
        if node.is_group:
            return self._group_health(ci_id)
        own = self.own[ci_id]
        if own.state is State.MAINTENANCE:
            return own
        failing = own.state in _FAILING or not node.monitored
        if failing and node.depends_on:
            for dep in node.depends_on:
                dep_health = self.effective[dep]
                if dep_health.state in _BLOCKING:
                    root = (
                        dep_health.reason.param("ci", dep)
                        if dep_health.state is State.IMPACTED
                        else dep
                    )
                    return Health(State.IMPACTED, Reason.of("unreachable_behind", ci=root))
        return own

    def _group_health(self, ci_id: str) -> Health:
        """A redundancy group: up while at least `min_up` members are up.

        A member in MAINTENANCE does not count as up. The engine already treats
        MAINTENANCE as not serving (`_BLOCKING`: what fails behind a CI in a window is
        IMPACTED by it), and a switch in a window may be rebooted at any moment: a ring
        with one of two switches in maintenance has no spare left (DEGRADED). When only
        maintenance took the group below `min_up` (nothing failed), it is MAINTENANCE
        with the member's reason: planned, no incident; a failure among the members
        that remain makes it DOWN.
        The group's own health is normally OK (nothing monitors a group). Set DOWN or
        MAINTENANCE (a what-if, a window on the group itself), it wins: the group as a
        whole is out, whatever its members say."""
        own = self.own[ci_id]
        if own.state in (State.DOWN, State.MAINTENANCE):
            return own
        node = self.plant.nodes[ci_id]
        up = planned = 0
        first_planned = ""
        for member in node.members:
            state = self.effective[member].state
            if state is State.MAINTENANCE:
                planned += 1
                first_planned = first_planned or member
            elif not state.is_out:
                up += 1
        total = len(node.members)
        if up < node.min_up:
            if up + planned == total:  # nothing failed: planned work took it below min_up
                window = self.effective[first_planned]
                return Health(State.MAINTENANCE, window.reason, window.source or first_planned)
            return Health(State.DOWN, Reason.of("redundancy_lost", up=up, min_up=node.min_up))
        if up < total:
            return Health(State.DEGRADED, Reason.of("redundancy_reduced", up=up, of=total))
        return OK_HEALTH

    def _rolled_of(self, ci_id: str) -> Health:
        node = self.plant.nodes[ci_id]
        best = self.effective[ci_id]
        for child_id in node.children:
            child = self.rolled[child_id]
            capped = self.plant.nodes[child_id].criticality.cap(child.state)
            if capped.severity > best.state.severity:
                best = Health(capped, child.reason, child.source or child_id)
        return best

    # -- questions -------------------------------------------------------------

    def state(self, ci_id: str) -> State:
        return self.rolled[ci_id].state

    def stopped_lines(self) -> list[str]:
        """Lines that do not produce: a stops_line CI out, or their running tag says so."""
        return [line_id for line_id in self.plant.lines if self.rolled[line_id].state.is_out]

    def cost_at_risk(self) -> float:
        """EUR per hour of all stopped lines."""
        return sum(self.plant.lines[line_id].cost_per_hour for line_id in self.stopped_lines())

    def root_causes(self) -> list[str]:
        """CIs that are DOWN themselves, not merely behind something else."""
        return [
            ci_id
            for ci_id, health in self.effective.items()
            if health.state is State.DOWN and health.source == ""
        ]
