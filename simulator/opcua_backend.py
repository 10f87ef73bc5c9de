"""The asyncua server behind every simulated OPC UA endpoint.

One address space serves all OPC UA devices (folder Objects/Devices/<CI id>):
building asyncua's standard address space costs about 3 s of CPU per server
here, so one server per endpoint would make a 10-PLC plant take half a minute
to start. Each public endpoint is a proxy (`simulator.proxy`) to this server's
private port; GetEndpoints answers with the URL the client asked for.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from asyncua import ua
from asyncua.server.server import Server

from models.plant_schema import OpcuaPoint
from simulator.device_model import DeviceModel, Value
from simulator.nodeids import NodeRef, parse_node_ref
from simulator.point_kinds import PointKind
from simulator.ua_types import ObjectIds, StatusCodes, data_value, status_code
from simulator.ua_types import node_id as make_node_id

log = logging.getLogger(__name__)

SIM_NAMESPACE = "urn:plantconsole:sim"
BUILD_DATE = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
SOFTWARE_VERSION = "0.1.0"

VARIANT_OF_KIND = {
    PointKind.RUN_STATE: ua.VariantType.Int32,
    PointKind.FAULT_CODE: ua.VariantType.UInt16,
    PointKind.FAULT_FLAG: ua.VariantType.Boolean,
    PointKind.LINE_RUNNING: ua.VariantType.Boolean,
    PointKind.PROGRAM_NAME: ua.VariantType.String,
    PointKind.PROGRAM_VERSION: ua.VariantType.String,
    PointKind.FIRMWARE: ua.VariantType.String,
    PointKind.LAST_CHANGE: ua.VariantType.DateTime,
    PointKind.CYCLE_TIME: ua.VariantType.Double,
    PointKind.UPTIME: ua.VariantType.UInt32,
    PointKind.COUNTER: ua.VariantType.UInt32,
    PointKind.ANALOG: ua.VariantType.Double,
}

# Published in Server/ServerCapabilities/OperationLimits so clients can size requests.
OPERATION_LIMITS = {
    "MaxNodesPerRead": 1000,
    "MaxNodesPerWrite": 1000,
    "MaxNodesPerBrowse": 1000,
    "MaxNodesPerRegisterNodes": 1000,
    "MaxNodesPerTranslateBrowsePathsToNodeIds": 1000,
    "MaxNodesPerMethodCall": 100,
    "MaxMonitoredItemsPerCall": 1000,
    "MaxNodesPerNodeManagement": 100,
}


@dataclass
class _Var:
    point: str
    node_id: ua.NodeId
    variant: ua.VariantType


class OpcuaBackend:
    """One asyncua server on a private loopback port holding every OPC UA device."""

    def __init__(self) -> None:
        self._server = Server()
        self._vars: dict[str, list[_Var]] = {}
        self._devices_folder = ua.NodeId()
        self._namespaces: dict[str, int] = {}
        self.port = 0

    async def start(self) -> None:
        server = self._server
        await server.init()
        server.set_endpoint("opc.tcp://127.0.0.1:0/")
        server.set_server_name("PlantConsole Simulator")
        server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
        server.set_match_discovery_client_ip(False)
        await server.set_application_uri(f"{SIM_NAMESPACE}:server")
        index = await server.register_namespace(SIM_NAMESPACE)
        self._namespaces[SIM_NAMESPACE] = index
        await server.set_build_info(
            f"{SIM_NAMESPACE}:product",
            "PlantConsole Simulator",
            "PlantConsole Simulated PLC",
            SOFTWARE_VERSION,
            "1",
            BUILD_DATE,
        )
        await self._write_operation_limits()
        self._devices_folder = await self._add_folder(
            make_node_id(ObjectIds.ObjectsFolder), make_node_id("Devices", index), "Devices", index
        )
        await server.start()
        assert server.bserver is not None
        self.port = int(server.bserver.port or 0)

    async def stop(self) -> None:
        await self._server.stop()

    async def add_device(self, model: DeviceModel, points: list[OpcuaPoint]) -> None:
        """Folder Devices/<CI id> with one variable per point, typed by the point's kind."""
        sim = self._namespaces[SIM_NAMESPACE]
        folder = await self._add_folder(
            self._devices_folder, make_node_id(f"Devices/{model.ci_id}", sim), model.ci_id, sim
        )
        items: list[ua.AddNodesItem] = []
        variables: list[_Var] = []
        for point in points:
            ref = parse_node_ref(point.node)
            index = await self._namespace_index(ref)
            variant = VARIANT_OF_KIND[model.kinds[point.name]]
            node_id = ref.node_id(index)
            value = _variant(model.values[point.name], variant)
            items.append(
                _variable_item(folder, node_id, ua.QualifiedName(ref.browse_name, index), value)
            )
            variables.append(_Var(point.name, node_id, variant))
        results = await self._server.iserver.isession.add_nodes(items)
        kept = []
        for var, result in zip(variables, results, strict=True):
            if result.StatusCode.is_good():
                kept.append(var)
            else:
                log.warning(
                    "%s: node %s not created: %s", model.ci_id, var.node_id, result.StatusCode
                )
        self._vars[model.ci_id] = kept

    async def publish(self, model: DeviceModel, names: list[str] | None = None) -> None:
        """Write the current values (all, or the named points) of one device."""
        now = datetime.now(UTC)
        status = status_code(
            StatusCodes.BadNoCommunication if model.faults.unreachable else StatusCodes.Good
        )
        wanted = None if names is None else set(names)
        for var in self._vars.get(model.ci_id, ()):
            if wanted is not None and var.point not in wanted:
                continue
            value = _variant(model.values[var.point], var.variant)
            data = data_value(value, status, now)
            await self._server.write_attribute_value(var.node_id, data)

    async def _namespace_index(self, ref: NodeRef) -> int:
        if ref.namespace_uri is not None:
            if ref.namespace_uri not in self._namespaces:
                index = await self._server.register_namespace(ref.namespace_uri)
                self._namespaces[ref.namespace_uri] = index
            return self._namespaces[ref.namespace_uri]
        index = ref.namespace_index or 0
        array = await self._server.get_namespace_array()
        while len(array) <= index:  # 'ns=3;...' in a plant file: make index 3 exist
            await self._server.register_namespace(f"{SIM_NAMESPACE}:ns{len(array)}")
            array = await self._server.get_namespace_array()
        return index

    async def _add_folder(
        self, parent: ua.NodeId, node_id: ua.NodeId, name: str, ns: int
    ) -> ua.NodeId:
        item = ua.AddNodesItem()
        item.RequestedNewNodeId = node_id
        item.BrowseName = ua.QualifiedName(name, ns)
        item.ParentNodeId = parent
        item.ReferenceTypeId = make_node_id(ObjectIds.Organizes)
        item.NodeClass = ua.NodeClass.Object
        item.TypeDefinition = make_node_id(ObjectIds.FolderType)
        attrs = ua.ObjectAttributes()
        attrs.EventNotifier = 0
        attrs.DisplayName = ua.LocalizedText(name)
        attrs.Description = ua.LocalizedText(name)
        item.NodeAttributes = attrs
        (result,) = await self._server.iserver.isession.add_nodes([item])
        result.StatusCode.check()
        return node_id

    async def _write_operation_limits(self) -> None:
        for name, limit in OPERATION_LIMITS.items():
            ident = getattr(ObjectIds, f"Server_ServerCapabilities_OperationLimits_{name}", None)
            if ident is None:
                continue
            value = data_value(ua.Variant(limit, ua.VariantType.UInt32))
            await self._server.write_attribute_value(make_node_id(ident), value)


def _variant(value: Value, variant: ua.VariantType) -> ua.Variant:
    if variant is ua.VariantType.Double:
        return ua.Variant(float(value) if isinstance(value, int | float) else 0.0, variant)
    if variant in (ua.VariantType.Int32, ua.VariantType.UInt16, ua.VariantType.UInt32):
        return ua.Variant(int(value) if isinstance(value, int | float) else 0, variant)
    return ua.Variant(value, variant)


def _variable_item(
    parent: ua.NodeId, node_id: ua.NodeId, name: ua.QualifiedName, value: ua.Variant
) -> ua.AddNodesItem:
    """A read-only scalar variable (what asyncua's add_variable builds, for batching)."""
    item = ua.AddNodesItem()
    item.RequestedNewNodeId = node_id
    item.BrowseName = name
    item.NodeClass = ua.NodeClass.Variable
    item.ParentNodeId = parent
    item.ReferenceTypeId = make_node_id(ObjectIds.HasComponent)
    item.TypeDefinition = make_node_id(ObjectIds.BaseDataVariableType)
    attrs = ua.VariableAttributes()
    attrs.DisplayName = ua.LocalizedText(name.Name)
    attrs.Description = ua.LocalizedText(name.Name)
    attrs.DataType = make_node_id(value.VariantType.value)
    attrs.Value = value
    attrs.ValueRank = ua.ValueRank.Scalar
    attrs.WriteMask = 0
    attrs.UserWriteMask = 0
    attrs.Historizing = False
    attrs.AccessLevel = ua.AccessLevel.CurrentRead.mask
    attrs.UserAccessLevel = ua.AccessLevel.CurrentRead.mask
    item.NodeAttributes = attrs
    return item
