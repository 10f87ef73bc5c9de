"""Read-only OPC UA service helpers over a connected asyncua `UaClient`, batched within the
server's OperationLimits. Every call is bounded by the client's request timeout."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .base import DeviceIdentity
from .opcua_nodes import to_value
from .uatypes import NodeId, ua

_LIMIT_NAMES = ("MaxNodesPerRead", "MaxMonitoredItemsPerCall", "MaxNodesPerBrowse")
DEFAULT_BATCH = 1000  # used where the server states no limit (0 or missing)


@dataclass(frozen=True)
class OperationLimits:
    max_nodes_per_read: int = DEFAULT_BATCH
    max_monitored_items_per_call: int = DEFAULT_BATCH
    max_nodes_per_browse: int = DEFAULT_BATCH


def as_node_id(expanded: Any) -> NodeId:
    """A NodeId from an ExpandedNodeId (asyncua versions differ in which they return)."""
    return expanded.to_nodeid() if hasattr(expanded, "to_nodeid") else expanded


def chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    size = max(1, size)
    return [items[i : i + size] for i in range(0, len(items), size)]


async def read_values(uaclient: Any, node_ids: Sequence[NodeId], limit: int) -> list[Any]:
    """DataValues of the Value attribute, one Read per `limit` nodes."""
    out: list[Any] = []
    for batch in chunks(node_ids, limit):
        params = ua.ReadParameters()
        params.TimestampsToReturn = ua.TimestampsToReturn.Both
        for nid in batch:
            rv = ua.ReadValueId()
            rv.NodeId = nid
            rv.AttributeId = ua.AttributeIds.Value
            params.NodesToRead.append(rv)
        out.extend(await uaclient.read(params))
    return out


async def read_attribute(uaclient: Any, node_ids: Sequence[NodeId], attr: Any) -> list[Any]:
    params = ua.ReadParameters()
    for nid in node_ids:
        rv = ua.ReadValueId()
        rv.NodeId = nid
        rv.AttributeId = attr
        params.NodesToRead.append(rv)
    result: list[Any] = await uaclient.read(params)
    return result


async def namespace_array(uaclient: Any) -> list[str]:
    (dv,) = await read_values(uaclient, [ua.NodeId(ua.ObjectIds.Server_NamespaceArray)], 1)
    value = dv.Value.Value if dv.Value is not None else None
    return [str(v) for v in value] if isinstance(value, list) else []


async def operation_limits(uaclient: Any) -> OperationLimits:
    """Server.ServerCapabilities.OperationLimits.* found by browse path (names, not numbers)."""
    paths = []
    for name in _LIMIT_NAMES:
        path = ua.BrowsePath()
        path.StartingNode = ua.NodeId(ua.ObjectIds.Server)
        for element in ("ServerCapabilities", "OperationLimits", name):
            rpe = ua.RelativePathElement()
            rpe.ReferenceTypeId = ua.NodeId(ua.ObjectIds.HierarchicalReferences)
            rpe.IncludeSubtypes = True
            rpe.IsInverse = False
            rpe.TargetName = ua.QualifiedName(element, 0)
            path.RelativePath.Elements.append(rpe)
        paths.append(path)
    results = await uaclient.translate_browsepaths_to_nodeids(paths)
    found: dict[str, NodeId] = {}
    for name, res in zip(_LIMIT_NAMES, results, strict=True):
        if res.StatusCode.is_good() and res.Targets:
            found[name] = as_node_id(res.Targets[0].TargetId)
    values: dict[str, int] = {}
    if found:
        dvs = await read_values(uaclient, list(found.values()), len(found))
        for name, dv in zip(found, dvs, strict=True):
            raw = dv.Value.Value if dv.Value is not None else None
            if dv.StatusCode.is_good() and isinstance(raw, int) and raw > 0:
                values[name] = min(raw, DEFAULT_BATCH)
    return OperationLimits(
        values.get("MaxNodesPerRead", DEFAULT_BATCH),
        values.get("MaxMonitoredItemsPerCall", DEFAULT_BATCH),
        values.get("MaxNodesPerBrowse", DEFAULT_BATCH),
    )


async def server_identity(uaclient: Any) -> DeviceIdentity | None:
    """ServerStatus (State, StartTime, BuildInfo) and ServiceLevel as a DeviceIdentity."""
    status_dv, level_dv = await read_values(
        uaclient,
        [ua.NodeId(ua.ObjectIds.Server_ServerStatus), ua.NodeId(ua.ObjectIds.Server_ServiceLevel)],
        2,
    )
    status = status_dv.Value.Value if status_dv.Value is not None else None
    if not isinstance(status, ua.ServerStatusDataType):
        return None
    build = status.BuildInfo
    extra = {
        "state": getattr(status.State, "name", str(status.State)),
        "build_number": str(build.BuildNumber or ""),
        "product_uri": str(build.ProductUri or ""),
    }
    if status.StartTime is not None:
        extra["start_time"] = str(to_value(status.StartTime))
    level = level_dv.Value.Value if level_dv.Value is not None else None
    if level_dv.StatusCode.is_good() and isinstance(level, int):
        extra["service_level"] = str(level)
    return DeviceIdentity(
        vendor=str(build.ManufacturerName or ""),
        product=str(build.ProductName or ""),
        revision=str(build.SoftwareVersion or ""),
        extra=extra,
    )
