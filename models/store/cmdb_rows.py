"""A `Plant` as table rows: one per CI (site, areas, lines, devices), one per line."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from models.cmdb import CiNode, Plant
from models.store.tables import RawJson

# Columns derived from the plant that views filter and sort on (besides attrs).
CI_COLUMNS = (
    "kind",
    "name",
    "parent",
    "criticality",
    "line_id",
    "protocol",
    "endpoint",
    "vendor",
    "model",
    "depends_on",
    "members",
    "min_up",
)
LINE_COLUMNS = (
    "name",
    "area",
    "cost_per_hour",
    "units_per_shift",
    "product",
    "shifts",
    "running_tag",
)


_HASHED = ("id", *CI_COLUMNS)


def ci_rows(plant: Plant) -> list[dict[str, Any]]:
    """Rows of the `ci` table in file order (site, areas, lines, CIs), hashed.

    `attrs` is the plant-file entry as JSON text (pydantic serializes it far
    faster than a dict goes through `json`); `attrs_of` turns it into a dict.
    """
    source = plant.source
    entries: dict[str, BaseModel] = {source.site.id: source.site}
    entries.update((area.id, area) for area in source.area)
    rows = []
    for position, node in enumerate(plant.nodes.values()):
        row = _ci_row(plant, node, entries)
        row["content_hash"] = content_hash(row)
        row["position"] = position
        rows.append(row)
    return rows


def line_rows(plant: Plant) -> list[dict[str, Any]]:
    """Rows of the `line_service` table in file order."""
    return [
        {
            "id": line.id,
            "name": line.name,
            "area": line.area,
            "cost_per_hour": line.cost_per_hour,
            "units_per_shift": line.units_per_shift,
            "product": line.product,
            "shifts": list(line.shifts),
            "running_tag": line.running_tag,
        }
        for line in plant.source.line
    ]


def content_hash(row: Mapping[str, Any]) -> str:
    """SHA-256 of the row's columns and attrs (not its position).

    Only ever compared with a hash made by this function from the same schema;
    should either change, CIs are compared field by field and found unchanged.
    """
    columns = repr([row[key] for key in _HASHED])  # str, int, None and lists: stable
    return hashlib.sha256(f"{columns}\n{row['attrs']}".encode()).hexdigest()


def attrs_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row's attrs as a dict, whether built here (JSON text) or read from the store."""
    attrs = row["attrs"]
    return json.loads(attrs) if isinstance(attrs, str) else dict(attrs)


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Names of the plant-file fields and derived columns that differ, file fields first."""
    old_attrs, new_attrs = attrs_of(old), attrs_of(new)
    names = [*new_attrs, *(k for k in old_attrs if k not in new_attrs)]
    names += [c for c in CI_COLUMNS if c not in new_attrs and c not in old_attrs]
    changed = []
    for name in names:
        in_attrs = name in old_attrs or name in new_attrs
        if (in_attrs and old_attrs.get(name) != new_attrs.get(name)) or (
            name in CI_COLUMNS and old[name] != new[name]
        ):
            changed.append(name)
    return changed


def _ci_row(plant: Plant, node: CiNode, entries: dict[str, BaseModel]) -> dict[str, Any]:
    entry = node.ci or node.line or entries.get(node.id)
    attrs = RawJson(entry.model_dump_json() if entry is not None else "{}")
    return {
        "id": node.id,
        "kind": node.kind,
        "name": node.name,
        "parent": node.parent,
        "criticality": node.criticality.value,
        "line_id": plant.line_of(node.id),
        "protocol": node.protocol,
        "endpoint": node.endpoint,
        "vendor": node.vendor,
        "model": node.model,
        "depends_on": list(node.depends_on),
        "members": list(node.members),
        "min_up": node.min_up,
        "attrs": attrs,
    }
