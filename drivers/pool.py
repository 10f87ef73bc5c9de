"""One session/connection per device per console: drivers are shared through this registry,
and diagnostics reuse them instead of opening a second connection to a fragile PLC."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from .base import Driver

_log = logging.getLogger(__name__)
D = TypeVar("D", bound=Driver)


class DriverKey(NamedTuple):
    protocol: str  # "opcua", "modbus", "reach"
    endpoint: str  # "opc.tcp://10.1.2.3:4840", "10.1.2.4:502/1", "10.1.2.5"


class DriverPool:
    """Registry of live drivers. `floor_ms` is the console-wide minimum poll interval."""

    def __init__(self, floor_ms: int = 100) -> None:
        self.floor_ms = floor_ms
        self._drivers: dict[DriverKey, Driver] = {}

    def min_interval(self, device_min_ms: int = 0) -> int:
        """The poll/publish interval floor for a device: never below the console's."""
        return max(self.floor_ms, device_min_ms)

    def get_or_create(self, key: DriverKey, factory: Callable[[int], D], min_poll_ms: int = 0) -> D:
        """The driver for `key`, made by `factory(min_interval_ms)` the first time only."""
        existing = self._drivers.get(key)
        if existing is not None:
            return existing  # type: ignore[return-value]
        driver = factory(self.min_interval(min_poll_ms))
        self._drivers[key] = driver
        return driver

    def get(self, key: DriverKey) -> Driver | None:
        return self._drivers.get(key)

    def __len__(self) -> int:
        return len(self._drivers)

    async def close_all(self) -> None:
        drivers, self._drivers = list(self._drivers.values()), {}
        results = await asyncio.gather(*(d.close() for d in drivers), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                _log.error("driver close failed", exc_info=result)
