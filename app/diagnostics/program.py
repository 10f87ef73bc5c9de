"""PLC program status: run state and since-when, program name/version, cycle time, last
change, firmware and uptime where the device profile names them; OPC UA ServerStatus,
BuildInfo and ServiceLevel always; Modbus 43/14 identity where supported.

What the device does not expose is a `Fact` with status "not_exposed": never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.diagnostics.results import Fact, FactStatus, ProgramStatus
from app.diagnostics.sessions import ModbusAccess, OpcuaAccess
from app.diagnostics.target import Target
from drivers.base import BAD_NODE_ID_UNKNOWN, Quality, Value
from drivers.config import ModbusPointSpec
from drivers.modbus_codec import BIT_TABLES, decode_bits, decode_registers, plan
from drivers.modbus_errors import describe_exception
from drivers.modbus_probe import ProbeReply, read_device_id, read_point
from drivers.opcua_diag import ServerStatus, server_status
from drivers.opcua_nodes import NodeIdSyntaxError, parse_node_id, quality_of, to_value
from drivers.opcua_services import read_values
from models.plant_schema import parse_fault_code

SinceLookup = Callable[[str, str], datetime | None]
STATUS_ROLES = (
    "program_name",
    "program_version",
    "cycle_time",
    "last_change",
    "firmware",
    "uptime",
)
STATE_ROLES = ("run_state", "fault_code", "fault_flag")
NO_PROFILE = "no device profile"


@dataclass(frozen=True)
class PointValue:
    name: str
    role: str
    unit: str
    value: Value
    quality: Quality


def no_since(_ci: str, _state: str) -> datetime | None:
    return None


async def opcua_points(access: OpcuaAccess, target: Target) -> list[PointValue]:
    """The profile's role points of the CI, read through the given session in one Read."""
    wanted = [p for p in target.opcua_points if p.role in STATE_ROLES + STATUS_ROLES]
    resolved = []
    out: list[PointValue] = []
    for point in wanted:
        try:
            resolved.append((point, parse_node_id(point.node).resolve(access.namespaces)))
        except (NodeIdSyntaxError, KeyError):
            out.append(PointValue(point.name, point.role, point.unit, None, BAD_NODE_ID_UNKNOWN))
    if resolved:
        dvs = await read_values(
            access.uaclient, [nid for _p, nid in resolved], access.max_nodes_per_read
        )
        for (point, _nid), dv in zip(resolved, dvs, strict=True):
            raw = dv.Value.Value if dv.Value is not None else None
            value = to_value(raw)
            out.append(
                PointValue(point.name, point.role, point.unit, value, quality_of(dv.StatusCode))
            )
    return out


async def modbus_points(access: ModbusAccess, target: Target) -> list[PointValue]:
    """The profile's role points, read block by block (FC 1-4) through the given connection."""
    points = {p.name: p for p in target.modbus_points if p.role in STATE_ROLES + STATUS_ROLES}
    specs = [
        ModbusPointSpec(
            p.name, p.table, p.address, p.type, p.word_order, p.byte_order, p.scale, p.offset
        )
        for p in points.values()
    ]
    out: list[PointValue] = []
    for block in plan(specs, max_gap=0):
        reply = await read_point(
            access.client, access.unit_id, block.table, block.start, block.count, target.timeout_s
        )
        for spec in block.points:
            src = points[spec.name]
            value: Value
            quality: Quality
            if reply.exception_code is not None:
                value, quality = None, describe_exception(reply.exception_code)[2]
            elif block.table in BIT_TABLES:
                value, quality = decode_bits(spec, [bool(v) for v in reply.values], block.start)
            else:
                value, quality = decode_registers(spec, list(reply.values), block.start)
            out.append(PointValue(spec.name, src.role, src.unit, value, quality))
    return out


def _run_state(target: Target, value: Value) -> str | None:
    if target.profile is None or value is None or isinstance(value, str):
        return None
    key = str(int(value)) if isinstance(value, bool | int | float) else str(value)
    return target.profile.run_states.get(key, f"unknown code {key}")


def _fault_text(target: Target, code: int) -> dict[str, str]:
    if target.profile is None:
        return {}
    for key, text in target.profile.faults.items():
        if parse_fault_code(key) == code:
            return {"en": text.en, "de": text.de or text.en}
    return {}


def role_facts(target: Target, values: list[PointValue]) -> list[Fact]:
    facts: list[Fact] = []
    by_role = {v.role: v for v in values}
    for role in STATE_ROLES + STATUS_ROLES:
        value = by_role.get(role)
        if value is None:
            if role != "fault_flag":
                source = "device profile" if target.profile is not None else NO_PROFILE
                facts.append(Fact(role, None, source, "not_exposed"))
            continue
        source = f"{target.ci_id}:{value.name}" if target.ci_id else value.name
        status: FactStatus = "ok" if value.quality.severity != "bad" else "bad"
        facts.append(Fact(role, value.value, source, status, value.quality.name, value.unit))
    if target.documented_firmware:
        facts.append(Fact("firmware_documented", target.documented_firmware, "plant file"))
    return facts


def server_facts(status: ServerStatus) -> list[Fact]:
    """Facts from the standard ServerStatus / BuildInfo / ServiceLevel nodes."""
    if status.state is None:
        name = status.quality.name
        return [Fact("server_state", None, "ServerStatus", "bad", name)]
    facts = [
        Fact("server_state", status.state, "ServerStatus.State"),
        Fact("server_start_time", _iso(status.start_time), "ServerStatus.StartTime"),
        Fact("server_current_time", _iso(status.current_time), "ServerStatus.CurrentTime"),
    ]
    if status.start_time and status.current_time:
        uptime = (status.current_time - status.start_time).total_seconds()
        facts.append(Fact("server_uptime_s", round(uptime), "CurrentTime - StartTime", unit="s"))
    for key, value in (
        ("manufacturer", status.manufacturer),
        ("product_name", status.product_name),
        ("software_version", status.software_version),
        ("build_number", status.build_number),
        ("build_date", _iso(status.build_date)),
    ):
        facts.append(Fact(key, value or None, "BuildInfo", "ok" if value else "not_exposed"))
    level = status.service_level
    facts.append(
        Fact("service_level", level, "ServiceLevel", "ok" if level is not None else "not_exposed")
    )
    return facts


def identity_facts(reply: ProbeReply | None, error: str | None) -> list[Fact]:
    names = {0: "vendor", 1: "product_code", 2: "revision", 3: "vendor_url", 4: "product_name"}
    if reply is not None and reply.exception_code is None and not reply.information:
        return [Fact("device_identification", None, "43/14: no objects", "not_exposed")]
    if reply is None or reply.exception_code is not None:
        code = reply.exception_code if reply is not None else None
        why = error or (describe_exception(code)[0] if code is not None else "not read")
        return [Fact("device_identification", None, f"43/14: {why}", "not_exposed")]
    return [Fact(names.get(k, f"object_{k}"), v, "43/14") for k, v in reply.information.items()]


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None


def build_status(
    target: Target,
    values: list[PointValue],
    extra: list[Fact],
    since: SinceLookup,
    reused: bool,
) -> ProgramStatus:
    by_role = {v.role: v for v in values if v.quality.severity != "bad"}
    run = by_role.get("run_state")
    run_state = _run_state(target, run.value) if run else None
    fault = by_role.get("fault_code")
    fault_code = int(fault.value) if fault and isinstance(fault.value, int | float) else None
    flag = by_role.get("fault_flag")
    if run_state is None and fault_code:
        run_state = "FAULT"
    if run_state == "RUN" and (fault_code or (flag is not None and flag.value is True)):
        run_state = "FAULT"
    when = since(target.ci_id, run_state) if target.ci_id and run_state else None
    return ProgramStatus(
        run_state=run_state,
        run_code=run.value if run else None,
        since=when,
        fault_code=fault_code or None,
        fault_text=_fault_text(target, fault_code) if fault_code else {},
        facts=tuple(role_facts(target, values) + extra),
        reused_session=reused,
    )


async def opcua_program(access: OpcuaAccess, target: Target, since: SinceLookup) -> ProgramStatus:
    values = await opcua_points(access, target)
    status = await server_status(access.uaclient)
    return build_status(target, values, server_facts(status), since, access.reused)


async def modbus_program(
    access: ModbusAccess, target: Target, since: SinceLookup, identity: bool = True
) -> ProgramStatus:
    values = await modbus_points(access, target)
    extra: list[Fact] = []
    if identity:
        reply: ProbeReply | None = None
        error = None
        try:
            reply = await read_device_id(access.client, access.unit_id, target.timeout_s)
        except TimeoutError:
            error = "no answer (not supported by this device?)"
            if access.reused:
                access.client.close()  # a late reply must not meet the monitor's next read
        extra = identity_facts(reply, error)
    return build_status(target, values, extra, since, access.reused)
