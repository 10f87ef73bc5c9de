"""Which diagram level shows a CI, the breadcrumb to it, and the level above (no Qt).

Levels are CI ids: the site and areas show the overview (areas: that area only),
lines and machines a drill-down lane.
"""

from __future__ import annotations

from models.cmdb import Plant

OVERVIEW_KINDS = frozenset({"site", "area"})


def is_overview(plant: Plant, level: str) -> bool:
    return plant.nodes[level].kind in OVERVIEW_KINDS


def resolve_level(plant: Plant, ci_id: str) -> str:
    """The level `show_level(ci_id)` opens: the CI itself if it can be a level, else its
    container (a device opens its machine or line; a CI straight under an area or the site
    opens the overview)."""
    node = plant.nodes[ci_id]
    if node.kind in OVERVIEW_KINDS or ci_id in plant.lines or node.children:
        return ci_id
    parent = node.parent
    if parent is None or plant.nodes[parent].kind in OVERVIEW_KINDS:
        return plant.root
    return parent


def level_showing(plant: Plant, ci_id: str) -> str:
    """Where to go when `ci_id` is selected elsewhere and the current level lacks it:
    the overview for sites, areas, lines and CIs outside lines, else the line's lane."""
    node = plant.nodes[ci_id]
    if node.kind in OVERVIEW_KINDS or ci_id in plant.lines:
        return plant.root
    return plant.line_of(ci_id) or plant.root


def breadcrumb(plant: Plant, level: str) -> list[tuple[str, str]]:
    """(id, name) from the site down to `level`: Werk Nord > Halle A > Assembly Line 3."""
    chain = [level, *plant.ancestors(level)]
    return [(c, plant.nodes[c].name) for c in reversed(chain)]


def level_above(plant: Plant, level: str) -> str | None:
    parent = plant.nodes[level].parent
    return resolve_level(plant, parent) if parent is not None else None
