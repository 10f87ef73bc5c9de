"""The protocol layer of a layered ping: OPC UA GetEndpoints + Read ServerStatus, Modbus one
configured register (or 43/14 Read Device Identification), several attempts, one session."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from app.diagnostics.results import LayerOutcome, LayerResult
from app.diagnostics.sessions import ModbusAccess, OpcuaAccess
from app.diagnostics.target import Target
from drivers.base import Value
from drivers.errors import describe, seconds
from drivers.modbus_errors import describe_exception
from drivers.modbus_probe import ProbeReply, read_device_id, read_point
from drivers.opcua import classify
from drivers.opcua_browse import endpoint_info
from drivers.opcua_diag import server_status

# Exceptions that only say "not here / not supported": the device's stack answered fine.
PROBE_ONLY_EXCEPTIONS = frozenset({1, 2})


def leaked_cancel(exc: BaseException) -> BaseException:
    """A CancelledError a protocol library leaked from its own timeout is a timeout."""
    if isinstance(exc, asyncio.CancelledError):
        task = asyncio.current_task()
        if task is None or task.cancelling():
            raise exc
        return TimeoutError("no answer")
    return exc


def failed_layer(label: str, exc: BaseException, timeout_s: float, attempts: int) -> LayerResult:
    msg, code, _person = classify(leaked_cancel(exc), timeout_s)
    details: dict[str, Value] = {}
    if code == "untrusted_certificate":
        thumb = msg.rsplit(" ", 1)[-1]
        details = {"thumbprint": thumb, "hint": f"plantconsole trust add {thumb}"}
    return LayerResult("protocol", label, "failed", attempts, (), msg, code, details)


OPCUA_LABEL = "OPC UA GetEndpoints + Read ServerStatus"


async def opcua_round_trips(access: OpcuaAccess, attempts: int, timeout_s: float) -> LayerResult:
    """GetEndpoints and a Read of ServerStatus per attempt; stops at the first failure."""
    rtts: list[float] = []
    details: dict[str, Value] = {
        "reused_monitor_session": access.reused,
        "security": access.security,
    }
    for index in range(attempts):
        start = time.perf_counter()
        try:
            async with asyncio.timeout(timeout_s * 2):
                endpoints = await access.client.get_endpoints()
                status = await server_status(access.uaclient)
        except (Exception, asyncio.CancelledError) as exc:
            failed = failed_layer(OPCUA_LABEL, exc, timeout_s, index + 1)
            return LayerResult(
                "protocol",
                OPCUA_LABEL,
                "partial" if rtts else "failed",
                index + 1,
                tuple(rtts),
                failed.error,
                failed.error_code,
                details,
            )
        rtts.append(round((time.perf_counter() - start) * 1000.0, 3))
        if index == 0:
            details.update(_endpoint_details(endpoints))
            details["server_state"] = status.state
            details["product"] = " ".join(
                p for p in (status.manufacturer, status.product_name, status.software_version) if p
            )
    return LayerResult("protocol", OPCUA_LABEL, "ok", attempts, tuple(rtts), None, None, details)


def _endpoint_details(endpoints: list[Any]) -> dict[str, Value]:
    infos = [endpoint_info(ep) for ep in endpoints]
    offered = sorted({f"{i.security_policy} {i.security_mode}" for i in infos})
    thumbs = sorted({i.server_thumbprint for i in infos if i.server_thumbprint})
    out: dict[str, Value] = {"endpoints_offered": ", ".join(offered)}
    if thumbs:
        out["server_thumbprint"] = thumbs[0]
    return out


def modbus_probe_request(target: Target) -> tuple[str, int, int] | None:
    """(table, address, count) of the register to read: the run state, else the first point."""
    points = sorted(target.modbus_points, key=lambda p: p.role != "run_state")
    if not points:
        return None
    point = points[0]
    return point.table, point.address, point.width if point.table in ("holding", "input") else 1


async def _modbus_once(
    access: ModbusAccess, request: tuple[str, int, int] | None, timeout_s: float
) -> ProbeReply:
    if request is None:
        return await read_device_id(access.client, access.unit_id, timeout_s)
    table, address, count = request
    return await read_point(access.client, access.unit_id, table, address, count, timeout_s)


def _label(request: tuple[str, int, int] | None) -> str:
    if request is None:
        return "Modbus 43/14 Read Device Identification"
    table, address, count = request
    fc = {"coil": 1, "discrete": 2, "holding": 3, "input": 4}[table]
    return f"Modbus FC{fc} read {table} {address} (x{count})"


async def modbus_round_trips(
    access: ModbusAccess, target: Target, attempts: int, timeout_s: float
) -> LayerResult:
    """One configured register per attempt (or 43/14; FC3 holding 0 where 43/14 is not
    supported). An exception response is an answer: its round trip counts, its code shows."""
    request = modbus_probe_request(target)
    configured = request is not None
    rtts: list[float] = []
    details: dict[str, Value] = {"reused_monitor_session": access.reused, "unit": access.unit_id}
    error: tuple[str, str] | None = None
    label = _label(request)
    tried = 0
    for _ in range(attempts):
        tried += 1
        start = time.perf_counter()
        try:
            reply = await _modbus_once(access, request, timeout_s)
        except (Exception, asyncio.CancelledError) as exc:
            msg, code = describe(leaked_cancel(exc), timeout_s)
            if code == "timeout":
                msg = f"no answer within {seconds(timeout_s)} s"
                if not rtts:
                    msg += f" (wrong unit id {access.unit_id}?)"
                if access.reused:
                    access.client.close()  # a late reply must not meet the monitor's next read
            outcome: LayerOutcome = "partial" if rtts else "failed"
            return LayerResult("protocol", label, outcome, tried, tuple(rtts), msg, code, details)
        rtts.append(round((time.perf_counter() - start) * 1000.0, 3))
        code_ = reply.exception_code
        if code_ is not None and not configured and code_ in PROBE_ONLY_EXCEPTIONS:
            details[f"{label} answered"] = describe_exception(code_)[0]
            if request is None:  # 43/14 unsupported: read holding register 0 instead
                request = ("holding", 0, 1)
                label = _label(request)
            continue
        if code_ is not None:
            msg, ecode, _q = describe_exception(code_)
            error = (msg, ecode)
        elif reply.short:
            error = (f"malformed reply: fewer values than the {label} asked for", "malformed")
        elif reply.information:
            details.update({f"object_{k}": v for k, v in reply.information.items()})
    if error is not None:
        return LayerResult("protocol", label, "partial", tried, tuple(rtts), *error, details)
    return LayerResult("protocol", label, "ok", tried, tuple(rtts), None, None, details)
