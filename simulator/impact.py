"""Which CIs stop answering when some are down: dependencies and redundancy groups."""

from __future__ import annotations

from models.cmdb import Plant


def down_closure(plant: Plant, down: set[str]) -> set[str]:
    """`down` and every CI that depends on them, transitively.

    A redundancy group is down only when fewer than `min_up` of its members are up;
    anything depending on a down CI (or group) is down.
    """
    if not down:
        return set()
    result: set[str] = set()
    for ci_id in sorted(plant.nodes, key=plant.topo_index.__getitem__):
        node = plant.nodes[ci_id]
        if ci_id in down or any(dep in result for dep in node.depends_on):
            result.add(ci_id)
        elif node.is_group:
            members_up = sum(1 for member in node.members if member not in result)
            if members_up < node.min_up:
                result.add(ci_id)
    return result
