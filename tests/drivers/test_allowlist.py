"""Read-only by construction: what reaches the wire, checked by a recording peer."""

from __future__ import annotations

import asyncio

import pytest
from asyncua import ua

from drivers.allowlist import (
    OPCUA_ALLOWED_SERVICES,
    WriteForbidden,
    check_modbus_request,
    check_opcua_request,
)
from drivers.backoff import Backoff
from drivers.base import LinkState
from drivers.config import OpcuaConfig, OpcuaPointSpec
from drivers.opcua import OpcuaDriver

from .conftest import RecordingProxy, eventually, free_port, opcua_requests, run
from .opcua_peer import NS_URI, start_peer


def test_opcua_session_sends_only_allowlisted_services_and_write_is_refused() -> None:
    async def main() -> None:
        port = free_port()
        peer = await start_peer(port)
        proxy = await RecordingProxy(port).start()
        cfg = OpcuaConfig(
            f"opc.tcp://127.0.0.1:{proxy.port}/plc/",
            (OpcuaPointSpec("M1:speed", f"nsu={NS_URI};s=speed"),),
            publish_ms=50,
        )
        driver = OpcuaDriver(cfg, backoff=Backoff(0.05, 0.3))
        try:
            await driver.start()
            await eventually(lambda: driver.status.state is LinkState.CONNECTED)
            await driver.read()
            await driver.browse("i=85")
            await driver.get_endpoints()
            client = driver.raw_client
            before = len(proxy.sent)
            node = client.get_node(ua.NodeId("speed", peer.ns))
            with pytest.raises(WriteForbidden):
                await node.write_value(99.0)
            with pytest.raises(WriteForbidden):
                await client.get_node(ua.NodeId(ua.ObjectIds.Server)).call_method(
                    ua.NodeId(ua.ObjectIds.Server_GetMonitoredItems),
                    ua.Variant(1, ua.VariantType.UInt32),
                )
            await asyncio.sleep(0.1)
            # Not a byte left for the refused requests; only the driver's liveness reads.
            assert set(opcua_requests(bytes(proxy.sent[before:]))) <= {"Read"}
            assert await peer.vars["speed"].read_value() == 1.5
        finally:
            await driver.close()
            await asyncio.sleep(0.1)
            await proxy.stop()
            await peer.stop()
        seen = opcua_requests(bytes(proxy.sent))
        assert {"Hello", "OpenSecureChannel", "CreateSession", "ActivateSession"} <= set(seen)
        assert {"CreateSubscription", "CreateMonitoredItems", "Read", "Browse"} <= set(seen)
        assert set(seen) - {"Hello"} <= OPCUA_ALLOWED_SERVICES, seen

    run(main())


@pytest.mark.parametrize(
    "request_type",
    [
        "WriteRequest",
        "CallRequest",
        "AddNodesRequest",
        "DeleteNodesRequest",
        "HistoryUpdateRequest",
        "AddReferencesRequest",
        "RegisterServerRequest",
        "SetMonitoringModeRequest",
        "TransferSubscriptionsRequest",
        "CancelRequest",
    ],
)
def test_opcua_forbidden_services(request_type: str) -> None:
    with pytest.raises(WriteForbidden):
        check_opcua_request(getattr(ua, request_type)())


def test_opcua_request_with_forged_type_id_is_refused() -> None:
    req = ua.ReadRequest()
    req.TypeId = ua.FourByteNodeId(ua.ObjectIds.WriteRequest_Encoding_DefaultBinary)
    with pytest.raises(WriteForbidden):
        check_opcua_request(req)
    check_opcua_request(ua.ReadRequest())


def test_modbus_function_codes() -> None:
    from pymodbus.pdu import bit_message, diag_message, mei_message, register_message

    check_modbus_request(register_message.ReadHoldingRegistersRequest(address=0, count=1))
    check_modbus_request(register_message.ReadInputRegistersRequest(address=0, count=1))
    check_modbus_request(bit_message.ReadCoilsRequest(address=0, count=1))
    check_modbus_request(bit_message.ReadDiscreteInputsRequest(address=0, count=1))
    check_modbus_request(mei_message.ReadDeviceInformationRequest())
    for forbidden in (
        register_message.WriteSingleRegisterRequest(address=0, registers=[1]),
        register_message.WriteMultipleRegistersRequest(address=0, registers=[1]),
        bit_message.WriteSingleCoilRequest(address=0, bits=[True]),
        bit_message.WriteMultipleCoilsRequest(address=0, bits=[True]),
        register_message.MaskWriteRegisterRequest(),
        register_message.ReadWriteMultipleRegistersRequest(),
        diag_message.ForceListenOnlyModeRequest(),
        diag_message.ReturnQueryDataRequest(),
    ):
        with pytest.raises(WriteForbidden):
            check_modbus_request(forbidden)
