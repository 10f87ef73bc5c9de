"""What-if impact: which CIs and lines stop if a CI fails, and what that costs.

Uses the same health engine as live monitoring, so the answer to "what if
SW-L3-043 fails" is exactly what the console will show when it does.

What "fails" means depends on the kind of CI:

- a device, machine or line: it is DOWN; every monitored CI behind it stops
  answering, and lines roll up from their contents;
- a redundancy group (RING-L1): the group as a whole is down (the ring is broken,
  whatever its members say): everything that depends on it fails; its members do not;
- an area or the site (a hall without power or network): everything it contains is
  DOWN, lines included, and so is everything elsewhere that depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.cmdb import Plant
from models.health import HealthEngine
from models.states import OK_HEALTH, Health, Reason, State


@dataclass(frozen=True)
class Impact:
    """Consequences of one CI failing."""

    ci: str
    affected: tuple[str, ...]
    stopped_lines: tuple[str, ...]
    degraded_lines: tuple[str, ...]
    units_per_shift: int
    cost_per_hour: float

    def as_dict(self) -> dict[str, object]:
        return {
            "ci": self.ci,
            "affected": list(self.affected),
            "stopped_lines": list(self.stopped_lines),
            "degraded_lines": list(self.degraded_lines),
            "units_per_shift": self.units_per_shift,
            "cost_per_hour": self.cost_per_hour,
        }


class ImpactAnalyzer:
    """Answers what-if questions against a plant where everything else is OK."""

    def __init__(self, plant: Plant) -> None:
        self.plant = plant
        self._engine = HealthEngine(plant, initial=OK_HEALTH)

    def is_container(self, ci_id: str) -> bool:
        """The site or an area: its failure takes all it contains along."""
        return self.plant.nodes[ci_id].kind in ("site", "area")

    def impact_of(self, ci_id: str) -> Impact:
        """Fail `ci_id`, let every device behind it stop answering, and read the result."""
        if ci_id not in self.plant:
            raise KeyError(ci_id)
        engine = self._engine
        failed = self._fail(ci_id)
        try:
            affected = tuple(
                c
                for c in self.plant.walk()
                if c != ci_id
                and engine.effective[c].state.is_out
                and self.plant.nodes[c].kind not in ("site", "area", "line")
            )
            stopped = tuple(engine.stopped_lines())
            degraded = tuple(
                line_id
                for line_id in self.plant.lines
                if line_id not in stopped and engine.rolled[line_id].state is not State.OK
            )
            lines = self.plant.lines
            return Impact(
                ci=ci_id,
                affected=affected,
                stopped_lines=stopped,
                degraded_lines=degraded,
                units_per_shift=sum(lines[line_id].units_per_shift for line_id in stopped),
                cost_per_hour=sum(lines[line_id].cost_per_hour for line_id in stopped),
            )
        finally:
            engine.apply(dict.fromkeys(failed, OK_HEALTH))

    def _fail(self, ci_id: str) -> list[str]:
        """Mark the CI down (a container with all it contains), then every monitored CI
        that lost its path, until nothing moves."""
        engine = self._engine
        down = Health(State.DOWN, Reason.of("what_if"))
        failed = list(self.plant.walk(ci_id)) if self.is_container(ci_id) else [ci_id]
        engine.apply(dict.fromkeys(failed, down))
        seen = set(failed)
        frontier = list(failed)
        while frontier:
            newly: dict[str, Health] = {}
            passive: list[str] = []
            for current in frontier:
                if not engine.effective[current].state.is_out:
                    continue
                for dependent in self.plant.dependents[current]:
                    if dependent in seen:
                        continue
                    seen.add(dependent)
                    if self.plant.nodes[dependent].monitored:
                        newly[dependent] = down
                    else:
                        passive.append(dependent)  # groups and services follow by themselves
            engine.apply(newly)
            failed.extend(newly)
            frontier = [*newly, *passive]
        return failed


def impact_of(plant: Plant, ci_id: str) -> Impact:
    """One-off what-if for a CI (builds an analyzer; keep one for many questions)."""
    return ImpactAnalyzer(plant).impact_of(ci_id)
