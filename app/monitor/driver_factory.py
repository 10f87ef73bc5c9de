"""Makes the real driver for a binding (tests pass their own factory).

The protocol libraries load on first use: asyncua alone takes over a second to import,
and the window should show before it (bench/bench_gui.py, start-up).
"""

from __future__ import annotations

from app.monitor.bindings import Binding
from drivers.backoff import Backoff
from drivers.base import Driver
from drivers.config import ModbusConfig, OpcuaConfig


def make_driver(binding: Binding, floor_ms: int, backoff_cap_s: float = 15.0) -> Driver:
    config = binding.config
    if isinstance(config, OpcuaConfig):
        from drivers.opcua import OpcuaDriver

        return OpcuaDriver(config, min_publish_ms=floor_ms, backoff=Backoff(cap=backoff_cap_s))
    if isinstance(config, ModbusConfig):
        from drivers.modbus import ModbusDriver

        return ModbusDriver(config, min_poll_ms=floor_ms, backoff=Backoff(cap=backoff_cap_s))
    from drivers.reachability import ReachabilityDriver

    return ReachabilityDriver(config, min_interval_ms=floor_ms)
