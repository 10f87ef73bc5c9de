"""Browse, attribute read and endpoint listing for the diagnostics browser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .base import Quality, Value
from .opcua_nodes import format_node_id, quality_of, to_value
from .opcua_services import as_node_id, read_attribute
from .trust import thumbprint
from .uatypes import NodeId, ua

_CONTAINERS = {"Object", "View", "ObjectType", "VariableType", "ReferenceType", "DataType"}
_ATTRIBUTES = (
    "NodeClass",
    "BrowseName",
    "DisplayName",
    "Description",
    "DataType",
    "Value",
    "AccessLevel",
    "MinimumSamplingInterval",
)


@dataclass(frozen=True)
class BrowseEntry:
    node_id: str
    browse_name: str
    display_name: str
    node_class: str
    has_children: bool  # a guess from the node class: objects and views usually have some


@dataclass(frozen=True)
class AttributeReading:
    attribute: str
    value: Value
    quality: Quality


@dataclass(frozen=True)
class EndpointInfo:
    url: str
    security_mode: str
    security_policy: str
    security_level: int
    user_tokens: tuple[str, ...]
    server_thumbprint: str | None


def _entry(ref: Any, namespaces: list[str]) -> BrowseEntry:
    node_class = ref.NodeClass.name if hasattr(ref.NodeClass, "name") else str(ref.NodeClass)
    return BrowseEntry(
        node_id=format_node_id(as_node_id(ref.NodeId), namespaces),
        browse_name=f"{ref.BrowseName.NamespaceIndex}:{ref.BrowseName.Name}",
        display_name=str(ref.DisplayName.Text or ref.BrowseName.Name),
        node_class=node_class,
        has_children=node_class in _CONTAINERS,
    )


async def browse_children(
    uaclient: Any, node_id: NodeId, namespaces: list[str], max_refs: int = 1000
) -> list[BrowseEntry]:
    """Forward hierarchical references of one node, following continuation points."""
    desc = ua.BrowseDescription()
    desc.NodeId = node_id
    desc.BrowseDirection = ua.BrowseDirection.Forward
    desc.ReferenceTypeId = ua.NodeId(ua.ObjectIds.HierarchicalReferences)
    desc.IncludeSubtypes = True
    desc.NodeClassMask = 0
    desc.ResultMask = ua.BrowseResultMask.All
    params = ua.BrowseParameters()
    params.View = ua.ViewDescription()
    params.RequestedMaxReferencesPerNode = max_refs
    params.NodesToBrowse.append(desc)
    (result,) = await uaclient.browse(params)
    result.StatusCode.check()
    refs = list(result.References)
    continuation = result.ContinuationPoint
    while continuation:
        nxt = ua.BrowseNextParameters()
        nxt.ReleaseContinuationPoints = False
        nxt.ContinuationPoints = [continuation]
        (more,) = await uaclient.browse_next(nxt)
        more.StatusCode.check()
        refs.extend(more.References)
        continuation = more.ContinuationPoint
    return [_entry(ref, namespaces) for ref in refs]


async def read_node_attributes(uaclient: Any, node_id: NodeId) -> list[AttributeReading]:
    out: list[AttributeReading] = []
    for name in _ATTRIBUTES:
        (dv,) = await read_attribute(uaclient, [node_id], getattr(ua.AttributeIds, name))
        raw = dv.Value.Value if dv.Value is not None else None
        out.append(AttributeReading(name, to_value(raw), quality_of(dv.StatusCode)))
    return out


def endpoint_info(ep: Any) -> EndpointInfo:
    cert = ep.ServerCertificate
    return EndpointInfo(
        url=str(ep.EndpointUrl),
        security_mode=ep.SecurityMode.name.rstrip("_"),
        security_policy=str(ep.SecurityPolicyUri).rsplit("#", 1)[-1],
        security_level=int(ep.SecurityLevel),
        user_tokens=tuple(t.TokenType.name for t in ep.UserIdentityTokens),
        server_thumbprint=thumbprint(first_certificate(cert)) if cert else None,
    )


def first_certificate(der: bytes) -> bytes:
    """The leading certificate of a DER chain (servers may send their chain concatenated)."""
    if len(der) < 4 or der[0] != 0x30 or der[1] != 0x82:
        return der
    return der[: int.from_bytes(der[2:4], "big") + 4]
