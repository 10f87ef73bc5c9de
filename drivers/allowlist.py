"""Read-only by construction: only read services ever leave a driver.

OPC UA: every request passes `UASocketProtocol._send_request` (the one place a request is
serialised and written, OpenSecureChannel and CloseSecureChannel included). The guard is
put on each protocol object as `UaClient._make_protocol` creates it, so connections
re-created after a drop pass it too. Modbus: `ModbusBaseClient.execute` is the one path every
request method takes; the guard wraps it and also the transaction manager's `pdu_send`.
A forbidden request raises `WriteForbidden` before a byte is built.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


def _ua() -> Any:
    """asyncua's `ua`, imported on first use: it takes ~0.5 s, and a console that only
    shows the window (or only speaks Modbus) must not pay for it at start."""
    from .uatypes import ua

    return ua


class WriteForbidden(PermissionError):
    """A driver tried to send a service or function code that is not on the read-only list."""


_OPCUA_ALLOWED_NAMES = (
    # read, browse, discovery
    "Read",
    "Browse",
    "BrowseNext",
    "TranslateBrowsePathsToNodeIds",
    "GetEndpoints",
    "FindServers",
    # subscriptions and monitored items
    "CreateSubscription",
    "ModifySubscription",
    "SetPublishingMode",
    "DeleteSubscriptions",
    "CreateMonitoredItems",
    "ModifyMonitoredItems",
    "DeleteMonitoredItems",
    "Publish",
    "Republish",
    # secure channel and session
    "OpenSecureChannel",
    "CloseSecureChannel",
    "CreateSession",
    "ActivateSession",
    "CloseSession",
)

OPCUA_ALLOWED_SERVICES: frozenset[str] = frozenset(_OPCUA_ALLOWED_NAMES)


@functools.cache
def opcua_allowed_type_ids() -> frozenset[int]:
    """The binary encoding ids of the allowed requests: what actually goes on the wire."""
    object_ids = _ua().ObjectIds
    return frozenset(
        getattr(object_ids, f"{name}Request_Encoding_DefaultBinary")
        for name in _OPCUA_ALLOWED_NAMES
    )


def __getattr__(name: str) -> Any:  # OPCUA_ALLOWED_TYPE_IDS, computed on first use
    if name == "OPCUA_ALLOWED_TYPE_IDS":
        return opcua_allowed_type_ids()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


MODBUS_ALLOWED_FUNCTIONS: frozenset[int] = frozenset({1, 2, 3, 4})
MODBUS_MEI_FUNCTION = 43
MODBUS_MEI_READ_DEVICE_ID = 14


def opcua_service_name(request: object) -> str:
    name = type(request).__name__
    return name[: -len("Request")] if name.endswith("Request") else name


def check_opcua_request(request: object) -> None:
    """Raise `WriteForbidden` unless `request` is an allowlisted OPC UA service request."""
    name = opcua_service_name(request)
    type_id = getattr(request, "TypeId", None)
    identifier = getattr(type_id, "Identifier", None)
    namespace = getattr(type_id, "NamespaceIndex", None)
    if (
        name not in OPCUA_ALLOWED_SERVICES
        or namespace != 0
        or identifier not in opcua_allowed_type_ids()
        or identifier != getattr(_ua().ObjectIds, f"{name}Request_Encoding_DefaultBinary", None)
    ):
        raise WriteForbidden(f"OPC UA service {name} is not allowed: this console is read-only")


def _guard_protocol(protocol: Any) -> None:
    original = protocol._send_request

    @functools.wraps(original)
    def guarded(request: Any, *args: Any, **kwargs: Any) -> Any:
        check_opcua_request(request)
        return original(request, *args, **kwargs)

    protocol._send_request = guarded
    protocol.plantconsole_guarded = True


def install_opcua_guard(client: Any) -> None:
    """Guard an `asyncua.Client` (or its `UaClient`) and every protocol it will create."""
    uaclient = getattr(client, "uaclient", client)
    if getattr(uaclient, "plantconsole_guarded", False):
        return
    make_protocol: Callable[[], Any] = uaclient._make_protocol

    @functools.wraps(make_protocol)
    def make_guarded_protocol() -> Any:
        protocol = make_protocol()
        _guard_protocol(protocol)
        return protocol

    uaclient._make_protocol = make_guarded_protocol
    if uaclient.protocol is not None:
        _guard_protocol(uaclient.protocol)
    uaclient.plantconsole_guarded = True


def check_modbus_request(request: object) -> None:
    """Raise `WriteForbidden` unless `request` is a read (1-4) or Read Device Identification."""
    fc = getattr(request, "function_code", None)
    if fc in MODBUS_ALLOWED_FUNCTIONS:
        return
    if fc == MODBUS_MEI_FUNCTION and getattr(request, "sub_function_code", None) == (
        MODBUS_MEI_READ_DEVICE_ID
    ):
        return
    raise WriteForbidden(
        f"Modbus function code {fc} ({type(request).__name__}) is not allowed: "
        "this console is read-only"
    )


def install_modbus_guard(client: Any) -> None:
    """Guard a pymodbus async client's `execute` and its transaction manager's `pdu_send`."""
    if getattr(client, "plantconsole_guarded", False):
        return
    execute = client.execute

    @functools.wraps(execute)
    def guarded_execute(no_response_expected: bool, request: Any) -> Any:
        check_modbus_request(request)
        return execute(no_response_expected, request)

    client.execute = guarded_execute
    ctx = client.ctx
    pdu_send = ctx.pdu_send

    @functools.wraps(pdu_send)
    def guarded_send(pdu: Any, addr: Any = None) -> None:
        check_modbus_request(pdu)
        pdu_send(pdu, addr)

    ctx.pdu_send = guarded_send
    client.plantconsole_guarded = True
