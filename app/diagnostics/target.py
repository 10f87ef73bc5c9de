"""What to diagnose: a CI of the plant file, or an endpoint given as text.

AR-042-PLC                    a CI id (needs the plant): its endpoint, profile and points
opc.tcp://host:port[/path]    any OPC UA server (security chosen from its endpoints)
modbus://host:port?unit=N     any Modbus TCP device (port 502, unit 1 by default)
host:port                     TCP only (OPC UA for 4840, Modbus for 502: the IANA ports)
host                          ICMP only
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, urlsplit

from app.monitor.bindings import Intervals, plan_bindings
from app.paths import data_dir
from app.secrets import resolve_secret
from drivers.config import ModbusConfig, OpcuaConfig
from models.cmdb import Plant
from models.plant_schema import ModbusPoint, OpcuaPoint, Profile

TargetProtocol = Literal["opcua", "modbus", "host"]
OPCUA_PORT = 4840
MODBUS_PORT = 502
DEFAULT_TIMEOUT_S = 2.0
HOST_RE = re.compile(r"^[A-Za-z0-9_.\-:\[\]]+$")


class TargetError(ValueError):
    """A target text that names no CI and is no endpoint we understand."""


def default_pki_dir() -> Path:
    return data_dir() / "pki"


@dataclass(frozen=True)
class Target:
    """Where and how to reach one device; `driver_key` finds the monitor's live driver."""

    text: str
    protocol: TargetProtocol
    host: str
    port: int | None
    timeout_s: float = DEFAULT_TIMEOUT_S
    ci_id: str | None = None
    unit_id: int = 1
    opcua: OpcuaConfig | None = None
    modbus: ModbusConfig | None = None
    auto_security: bool = False  # choose the security mode from the server's endpoints
    profile: Profile | None = None
    opcua_points: tuple[OpcuaPoint, ...] = ()
    modbus_points: tuple[ModbusPoint, ...] = ()
    documented_firmware: str = ""

    @property
    def label(self) -> str:
        return f"{self.ci_id} ({self.endpoint})" if self.ci_id else self.endpoint

    @property
    def endpoint(self) -> str:
        if self.opcua is not None:
            return self.opcua.endpoint
        if self.protocol == "modbus":
            return f"modbus://{self.host}:{self.port}?unit={self.unit_id}"
        return f"{self.host}:{self.port}" if self.port else self.host

    @property
    def driver_key(self) -> str | None:
        """The monitor's key of the driver serving this endpoint (`PlantMonitor.drivers`)."""
        if self.opcua is not None:
            return f"opcua:{self.opcua.endpoint}"
        if self.protocol == "modbus":
            return f"modbus:{self.host}:{self.port}/{self.unit_id}"
        return None

    def with_timeout(self, timeout_s: float) -> Target:
        opcua = replace(self.opcua, timeout_s=timeout_s) if self.opcua else None
        modbus = replace(self.modbus, timeout_s=timeout_s) if self.modbus else None
        return replace(self, timeout_s=timeout_s, opcua=opcua, modbus=modbus)


def parse_target(
    text: str,
    plant: Plant | None = None,
    *,
    timeout_s: float | None = None,
    pki_dir: Path | None = None,
    user: str | None = None,
    password_ref: str | None = None,
    intervals: Intervals | None = None,
) -> Target:
    """A Target from a CI id (when `plant` knows it) or an endpoint text. TargetError if not.

    `intervals`: the console's (its request timeout setting), so that a CI is configured
    as the monitor's driver is; `timeout_s` overrides every timeout (the CLI's --timeout).
    """
    text = text.strip()
    if not text:
        raise TargetError("no target given")
    if timeout_s is not None and not timeout_s > 0:  # also NaN: a false "no answer"
        raise TargetError(f"the request timeout must be more than 0 s, not {timeout_s}")
    if plant is not None and text in plant.nodes:
        target = ci_target(plant, text, pki_dir, intervals)
        return target.with_timeout(timeout_s) if timeout_s is not None else target
    timeout = DEFAULT_TIMEOUT_S if timeout_s is None else timeout_s
    pki = pki_dir or default_pki_dir()
    if text.startswith("opc.tcp://"):
        return _opcua_target(text, timeout, pki, user, password_ref)
    if text.startswith("modbus://") or text.startswith("modbus+tcp://"):
        return _modbus_target(text, timeout)
    if "://" in text:
        raise TargetError(f"{text!r}: unknown scheme (use opc.tcp://, modbus:// or a host)")
    host, port = _host_port(text)
    if port == OPCUA_PORT:
        return _opcua_target(f"opc.tcp://{text}", timeout, pki, user, password_ref)
    if port == MODBUS_PORT:
        return _modbus_target(f"modbus://{text}", timeout)
    return Target(text, "host", host, port, timeout)


def _host_port(text: str) -> tuple[str, int | None]:
    parts = urlsplit(f"//{text}")
    try:
        port = parts.port
    except ValueError:
        raise TargetError(f"{text!r}: bad port") from None
    host = parts.hostname
    if not host or parts.path or parts.query or not HOST_RE.match(host):
        raise TargetError(
            f"{text!r}: expected a CI id of the plant file, host, host:port, "
            "opc.tcp://host:port or modbus://host:port?unit=N"
        )
    return host, port


def _opcua_target(
    url: str, timeout: float, pki: Path, user: str | None, password_ref: str | None
) -> Target:
    parts = urlsplit(url)
    try:
        port = parts.port or OPCUA_PORT
    except ValueError:
        raise TargetError(f"{url!r}: bad port") from None
    if not parts.hostname:
        raise TargetError(f"{url!r}: no host")
    endpoint = url if parts.port else url.replace(parts.netloc, f"{parts.netloc}:{port}", 1)
    password = resolve_secret(password_ref) if password_ref else None
    config = OpcuaConfig(
        endpoint=endpoint, timeout_s=timeout, pki_dir=pki, username=user, password=password
    )
    return Target(url, "opcua", parts.hostname, port, timeout, opcua=config, auto_security=True)


def _modbus_target(url: str, timeout: float) -> Target:
    parts = urlsplit(url)
    try:
        port = parts.port or MODBUS_PORT
    except ValueError:
        raise TargetError(f"{url!r}: bad port") from None
    if not parts.hostname:
        raise TargetError(f"{url!r}: no host")
    query = parse_qs(parts.query)
    raw_unit = (query.get("unit") or query.get("unit_id") or query.get("device_id") or ["1"])[0]
    if not raw_unit.isdigit() or not 0 <= int(raw_unit) <= 255:
        raise TargetError(f"{url!r}: unit must be 0-255")
    unit = int(raw_unit)
    config = ModbusConfig(host=parts.hostname, port=port, unit_id=unit, timeout_s=timeout)
    return Target(url, "modbus", parts.hostname, port, timeout, unit_id=unit, modbus=config)


def ci_target(
    plant: Plant, ci_id: str, pki_dir: Path | None = None, intervals: Intervals | None = None
) -> Target:
    """The Target of a monitored CI, configured exactly as the monitor's driver would be
    (with the console's `intervals`: its request timeout)."""
    node = plant.nodes[ci_id]
    if node.ci is None or not node.monitored:
        raise TargetError(f"CI {ci_id} has no endpoint (kind {node.kind}): nothing to diagnose")
    intervals = intervals or Intervals()
    binding = next(
        (
            b
            for b in plan_bindings(plant, intervals, pki_dir or default_pki_dir())
            if ci_id in b.cis
        ),
        None,
    )
    firmware = node.ci.firmware
    if node.ci.opcua is not None and binding is not None:
        config = binding.config
        assert isinstance(config, OpcuaConfig)
        parts = urlsplit(config.endpoint)
        return Target(
            ci_id,
            "opcua",
            parts.hostname or "",
            parts.port or OPCUA_PORT,
            config.timeout_s,
            opcua=replace(config, points=()),
            opcua_points=tuple(plant.opcua_points(ci_id)),
            ci_id=ci_id,
            profile=node.profile,
            documented_firmware=firmware,
        )
    if node.ci.modbus is not None and binding is not None:
        mb = binding.config
        assert isinstance(mb, ModbusConfig)
        return Target(
            ci_id,
            "modbus",
            mb.host,
            mb.port,
            mb.timeout_s,
            unit_id=mb.unit_id,
            modbus=replace(mb, points=()),
            modbus_points=tuple(plant.modbus_points(ci_id)),
            ci_id=ci_id,
            profile=node.profile,
            documented_firmware=firmware,
        )
    reach = node.ci.reach
    assert reach is not None
    ports = reach.ports or (node.profile.ports if node.profile else ())
    timeout = intervals.timeout_s
    if node.profile:
        timeout = min(timeout, node.profile.timeout_ms / 1000)
    port = ports[0] if ports else None
    return Target(
        ci_id,
        "host",
        reach.host,
        port,
        timeout,
        ci_id=ci_id,
        profile=node.profile,
        documented_firmware=firmware,
    )
