"""The plant file's incident policy as the objects the fold, SLA and cost code take."""

from __future__ import annotations

from models.cmdb import Plant
from models.incidents.fold import FoldContext
from models.incidents.priority import Priority, PriorityMatrix
from models.incidents.shifts import LineSchedule, schedules
from models.incidents.sla import DEFAULT_POLICY, SlaPolicy, SlaTargets
from models.plant_schema import IncidentPolicy, SlaTargetsConfig

MIN_MS = 60_000


def fold_context(policy: IncidentPolicy) -> FoldContext:
    return FoldContext(PriorityMatrix.from_names(policy.priority_matrix))


def sla_policy(policy: IncidentPolicy) -> SlaPolicy:
    """SLA targets per priority; a priority the plant file leaves out keeps the default."""
    targets = dict(DEFAULT_POLICY.targets)
    for name, config in policy.sla.items():
        targets[Priority(name)] = _targets(config)
    return SlaPolicy(targets, policy.sla_warning_fraction)


def _targets(config: SlaTargetsConfig) -> SlaTargets:
    def seconds(minutes: float | None) -> int | None:
        return None if minutes is None else max(1, round(minutes * 60))

    return SlaTargets(
        seconds(config.acknowledge_min), seconds(config.on_site_min), seconds(config.resolve_min)
    )


def line_schedules(plant: Plant) -> dict[str, LineSchedule]:
    return schedules(plant.source)


def areas_of(plant: Plant, ci_id: str) -> set[str]:
    """Every area a CI lies in (areas nest), via its containment ancestors."""
    if ci_id not in plant:
        return set()
    chain = (ci_id, *plant.ancestors(ci_id))
    return {c for c in chain if plant.nodes[c].kind == "area"}


def auto_raises(plant: Plant, console_id: str, ci_id: str) -> bool:
    """Whether this console auto-raises for the CI's area. No `console.auto_raise` in the
    plant file: every console does (a single console needs no configuration)."""
    rules = plant.source.console.auto_raise
    if not rules:
        return True
    areas = areas_of(plant, ci_id)
    return any(
        rule.console in ("*", console_id) and areas.intersection(rule.areas) for rule in rules
    )


def auto_raise_note(plant: Plant, console_id: str) -> str | None:
    """A warning when the plant file's `console.auto_raise` rules name neither this console
    nor "*": it then raises no incident anywhere by itself (a misspelt id would otherwise
    go unnoticed until the next line stop). None when it raises somewhere."""
    rules = plant.source.console.auto_raise
    if not rules or any(rule.console in ("*", console_id) for rule in rules):
        return None
    named = ", ".join(sorted({rule.console for rule in rules}))
    return (
        f"console {console_id} raises no incident automatically: the plant file's "
        f"console.auto_raise rules name {named}"
    )
