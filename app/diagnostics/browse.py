"""Lazy, read-only OPC UA browse: the children of one node (optionally a few levels, with
the current values of the variables), and one node's attributes with its status code."""

from __future__ import annotations

from dataclasses import replace

from app.diagnostics.results import AttributeValue, BrowseResult, NodeReading, NodeRef
from app.diagnostics.sessions import OpcuaAccess
from drivers.opcua_browse import browse_children, read_node_attributes
from drivers.opcua_nodes import parse_node_id, quality_of, to_value
from drivers.opcua_services import read_values

OBJECTS = "i=85"


async def _level(access: OpcuaAccess, node_id: str, level: int) -> list[NodeRef]:
    nid = parse_node_id(node_id).resolve(access.namespaces)
    entries = await browse_children(access.uaclient, nid, access.namespaces)
    return [
        NodeRef(
            e.node_id, e.browse_name, e.display_name, e.node_class, e.has_children, level, node_id
        )
        for e in entries
    ]


async def with_values(access: OpcuaAccess, refs: list[NodeRef]) -> list[NodeRef]:
    """The same refs, variables with their current value and status code name."""
    variables = [i for i, r in enumerate(refs) if r.node_class == "Variable"]
    if not variables:
        return refs
    nids = [parse_node_id(refs[i].node_id).resolve(access.namespaces) for i in variables]
    dvs = await read_values(access.uaclient, nids, access.max_nodes_per_read)
    out = list(refs)
    for i, dv in zip(variables, dvs, strict=True):
        raw = dv.Value.Value if dv.Value is not None else None
        out[i] = replace(out[i], value=to_value(raw), status=quality_of(dv.StatusCode).name)
    return out


async def children(
    access: OpcuaAccess, node_id: str = OBJECTS, depth: int = 1, values: bool = True
) -> BrowseResult:
    """Children of `node_id` down to `depth` levels, depth-first in server order."""

    async def walk(parent: str, level: int) -> list[NodeRef]:
        refs = await _level(access, parent, level)
        if values:
            refs = await with_values(access, refs)
        out: list[NodeRef] = []
        for ref in refs:
            out.append(ref)
            if level < depth and ref.has_children:
                out.extend(await walk(ref.node_id, level + 1))
        return out

    return BrowseResult(node_id, tuple(await walk(node_id, 1)), access.reused)


async def attributes(access: OpcuaAccess, node_id: str) -> NodeReading:
    nid = parse_node_id(node_id).resolve(access.namespaces)
    readings = await read_node_attributes(access.uaclient, nid)
    values = tuple(AttributeValue(r.attribute, r.value, r.quality.name) for r in readings)
    return NodeReading(node_id, values, access.reused)
