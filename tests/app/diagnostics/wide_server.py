"""A wide and deep asyncua server that pages Browse results through continuation points.

asyncua's server returns every reference in one Browse response and does not implement
BrowseNext; real PLC servers cap references per node (and clients must follow the
continuation point). `paging(page)` patches the in-process server (for the test's life)
so that it cuts each Browse result at `page` references and answers BrowseNext from the
rest: the client side then runs over the wire exactly as against such a PLC.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from typing import Any

from asyncua import Server, ua
from asyncua.server.internal_session import InternalSession
from asyncua.server.uaprocessor import UaProcessor
from asyncua.ua.ua_binary import struct_from_binary

WIDE_NS = "urn:plantconsole:test:wide"
UNITS = 1000  # children of Plant: one wide level
TAGS = 4  # variables below each unit: 5,000 nodes in all


@contextlib.contextmanager
def paging(page: int) -> Iterator[dict[bytes, list[Any]]]:
    """Browse answers at most `page` references per node; BrowseNext gives the rest."""
    points: dict[bytes, list[Any]] = {}
    counter = itertools.count(1)
    browse = InternalSession.browse
    process = UaProcessor._process_message

    def cut(result: Any, refs: list[Any], limit: int) -> Any:
        result.References = refs[:limit]
        if len(refs) > limit:
            point = next(counter).to_bytes(8, "big")
            points[point] = refs[limit:]
            result.ContinuationPoint = point
        return result

    async def paged_browse(self: InternalSession, params: ua.BrowseParameters) -> Any:
        results = await browse(self, params)
        asked = params.RequestedMaxReferencesPerNode or page
        return [cut(r, list(r.References), min(asked, page)) for r in results]

    async def with_browse_next(
        self: UaProcessor, typeid: Any, requesthdr: Any, seqhdr: Any, body: Any
    ) -> bool:
        if typeid != ua.NodeId(ua.ObjectIds.BrowseNextRequest_Encoding_DefaultBinary):
            return bool(await process(self, typeid, requesthdr, seqhdr, body))
        params = struct_from_binary(ua.BrowseNextParameters, body)
        results = []
        for point in params.ContinuationPoints:
            rest = points.pop(point, None)
            result = ua.BrowseResult()
            if rest is None:
                result.StatusCode = ua.StatusCode(ua.StatusCodes.BadContinuationPointInvalid)
            elif not params.ReleaseContinuationPoints:
                cut(result, rest, page)
            results.append(result)
        response = ua.BrowseNextResponse()
        response.Parameters.Results = results
        self.send_response(requesthdr.RequestHandle, seqhdr, response)
        return True

    InternalSession.browse = paged_browse  # type: ignore[method-assign]
    UaProcessor._process_message = with_browse_next  # type: ignore[method-assign]
    try:
        yield points
    finally:
        InternalSession.browse = browse  # type: ignore[method-assign]
        UaProcessor._process_message = process  # type: ignore[method-assign]


def _item(parent: ua.NodeId, node_id: ua.NodeId, name: str, variable: bool) -> ua.AddNodesItem:
    item = ua.AddNodesItem()
    item.RequestedNewNodeId = node_id
    item.BrowseName = ua.QualifiedName(name, node_id.NamespaceIndex)
    item.ParentNodeId = parent
    item.ReferenceTypeId = ua.NodeId(
        ua.ObjectIds.HasComponent if variable else ua.ObjectIds.Organizes
    )
    if variable:
        item.NodeClass = ua.NodeClass.Variable
        item.TypeDefinition = ua.NodeId(ua.ObjectIds.BaseDataVariableType)
        attrs: Any = ua.VariableAttributes()
        attrs.Value = ua.Variant(1.5, ua.VariantType.Double)
        attrs.DataType = ua.NodeId(ua.ObjectIds.Double)
    else:
        item.NodeClass = ua.NodeClass.Object
        item.TypeDefinition = ua.NodeId(ua.ObjectIds.FolderType)
        attrs = ua.ObjectAttributes()
    attrs.DisplayName = ua.LocalizedText(name)
    item.NodeAttributes = attrs
    return item


async def start_wide(port: int) -> Server:
    """Objects/Plant with UNITS units of TAGS variables each, on opc.tcp://127.0.0.1:PORT/."""
    server = Server()
    await server.init()
    server.set_endpoint(f"opc.tcp://127.0.0.1:{port}/wide/")
    server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
    ns = await server.register_namespace(WIDE_NS)
    plant = await server.nodes.objects.add_folder(ua.NodeId("Plant", ns), "Plant")
    items = []
    for u in range(UNITS):
        unit = ua.NodeId(f"U{u:03d}", ns)
        items.append(_item(plant.nodeid, unit, f"U{u:03d}", False))
        items += [_item(unit, ua.NodeId(f"U{u:03d}.t{t}", ns), f"t{t}", True) for t in range(TAGS)]
    for start in range(0, len(items), 1000):
        await server.iserver.isession.add_nodes(items[start : start + 1000])
    await server.start()
    return server
