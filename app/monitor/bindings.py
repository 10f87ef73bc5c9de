"""From the plant file to driver configurations: one driver per device endpoint.

Several CIs on one endpoint (an OPC UA gateway) share one session: their points
are named "CI_ID:point" inside that driver. Poll and publish intervals never go
below the device profile's minimum.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.secrets import SecretError, resolve_secret
from drivers.config import (
    ModbusConfig,
    ModbusPointSpec,
    OpcuaConfig,
    OpcuaPointSpec,
    ReachConfig,
)
from drivers.pool import DriverKey
from drivers.rtt import DEFAULT_FLOOR_S
from models.cmdb import Plant

DriverConfig = OpcuaConfig | ModbusConfig | ReachConfig


@dataclass(frozen=True)
class Intervals:
    """Console-wide timing; the demo uses 500 ms polls and a 1 s timeout."""

    poll_ms: int = 1000
    timeout_s: float = 2.0
    reach_ms: int = 2000
    backoff_cap_s: float = 15.0
    """Longest wait between reconnect attempts (a recovered device is seen within this)."""


@dataclass
class Binding:
    """One driver and the CI points it serves: driver point name -> (CI id, point name)."""

    key: DriverKey
    config: DriverConfig
    min_interval_ms: int
    points: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def interval_s(self) -> float:
        if isinstance(self.config, OpcuaConfig):
            return max(self.config.publish_ms, self.min_interval_ms) / 1000
        if isinstance(self.config, ModbusConfig):
            return max(self.config.poll_ms, self.min_interval_ms) / 1000
        return max(self.config.interval_ms, self.min_interval_ms) / 1000

    @property
    def cis(self) -> set[str]:
        return {ci for ci, _ in self.points.values()}


def plan_bindings(
    plant: Plant,
    intervals: Intervals,
    pki_dir: Path | None = None,
    secret: Callable[[str], str] = resolve_secret,
) -> list[Binding]:
    """Group every monitored CI's points by endpoint into driver bindings."""
    bindings: dict[DriverKey, Binding] = {}
    opcua_specs: dict[DriverKey, list[OpcuaPointSpec]] = {}
    for ci_id, node in plant.nodes.items():
        ci, profile = node.ci, node.profile
        if ci is None or not node.monitored:
            continue
        min_ms = profile.min_poll_ms if profile else 0
        timeout = (
            min(intervals.timeout_s, profile.timeout_ms / 1000) if profile else intervals.timeout_s
        )
        # Least margin above the measured round trip before a device counts as not answering.
        floor_s = profile.min_timeout_ms / 1000 if profile else DEFAULT_FLOOR_S
        if ci.opcua is not None:
            key = DriverKey("opcua", ci.opcua.endpoint)
            binding = bindings.get(key)
            if binding is None:
                mode = ci.opcua.security_mode or (profile.security_mode if profile else "None")
                policy = ci.opcua.security_policy or (
                    profile.security_policy if profile else "None"
                )
                user, password, problem = _login(ci.opcua.login, secret)
                binding = Binding(
                    key,
                    OpcuaConfig(
                        endpoint=ci.opcua.endpoint,
                        publish_ms=max(intervals.poll_ms, min_ms),
                        sampling_ms=max(intervals.poll_ms // 2, min_ms),
                        timeout_s=timeout,
                        min_timeout_s=floor_s,
                        security_mode=mode,
                        security_policy=policy if policy != "None" else "Basic256Sha256",
                        username=user,
                        password=password,
                        pki_dir=pki_dir,
                    ),
                    min_ms,
                )
                if problem:
                    binding.problems.append(problem)
                bindings[key] = binding
            binding.min_interval_ms = max(binding.min_interval_ms, min_ms)
            specs = [OpcuaPointSpec(f"{ci_id}:{p.name}", p.node) for p in plant.opcua_points(ci_id)]
            opcua_specs.setdefault(key, []).extend(specs)
            binding.points.update({s.name: (ci_id, s.name.split(":", 1)[1]) for s in specs})
        elif ci.modbus is not None:
            mb = ci.modbus
            key = DriverKey("modbus", f"{mb.host}:{mb.port}/{mb.unit_id}")
            specs_mb = tuple(
                ModbusPointSpec(
                    name=f"{ci_id}:{p.name}",
                    table=p.table,
                    address=p.address,
                    type=p.type,
                    word_order=p.word_order,
                    byte_order=p.byte_order,
                    scale=p.scale,
                    offset=p.offset,
                )
                for p in plant.modbus_points(ci_id)
            )
            binding = Binding(
                key,
                ModbusConfig(
                    host=mb.host,
                    port=mb.port,
                    unit_id=mb.unit_id,
                    points=specs_mb,
                    poll_ms=max(intervals.poll_ms, min_ms),
                    timeout_s=timeout,
                    min_timeout_s=floor_s,
                ),
                min_ms,
            )
            binding.points = {s.name: (ci_id, s.name.split(":", 1)[1]) for s in specs_mb}
            bindings[key] = binding
        elif ci.reach is not None:
            ports = ci.reach.ports or (profile.ports if profile else ())
            key = DriverKey("reach", f"{ci.reach.host}:{','.join(map(str, ports))}")
            binding = Binding(
                key,
                ReachConfig(
                    host=ci.reach.host,
                    ports=tuple(ports),
                    interval_ms=max(intervals.reach_ms, min_ms),
                    timeout_s=timeout,
                    min_timeout_s=floor_s,
                ),
                min_ms,
            )
            binding.points = {p: (ci_id, p) for p in ("reachable", "rtt_ms", "method")}
            bindings[key] = binding
    for key, specs in opcua_specs.items():
        config = bindings[key].config
        assert isinstance(config, OpcuaConfig)
        bindings[key].config = replace(config, points=tuple(specs))
    return list(bindings.values())


def _login(login: object, secret: Callable[[str], str]) -> tuple[str | None, str | None, str]:
    """User name and password for an OPC UA login, or a problem text (never the secret)."""
    if login is None:
        return None, None, ""
    user = getattr(login, "user", None)
    ref = getattr(login, "password_ref", "")
    try:
        return user, secret(ref), ""
    except SecretError as exc:
        return user, None, str(exc)
