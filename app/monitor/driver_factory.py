"""Makes the real driver for a binding (tests pass their own factory)."""

from __future__ import annotations

from app.monitor.bindings import Binding
from drivers.backoff import Backoff
from drivers.base import Driver
from drivers.config import ModbusConfig, OpcuaConfig
from drivers.modbus import ModbusDriver
from drivers.opcua import OpcuaDriver
from drivers.reachability import ReachabilityDriver


def make_driver(binding: Binding, floor_ms: int, backoff_cap_s: float = 15.0) -> Driver:
    config = binding.config
    if isinstance(config, OpcuaConfig):
        return OpcuaDriver(config, min_publish_ms=floor_ms, backoff=Backoff(cap=backoff_cap_s))
    if isinstance(config, ModbusConfig):
        return ModbusDriver(config, min_poll_ms=floor_ms, backoff=Backoff(cap=backoff_cap_s))
    return ReachabilityDriver(config, min_interval_ms=floor_ms)
