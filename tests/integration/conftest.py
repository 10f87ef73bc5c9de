"""A simulated plant in its own process, shared by the integration tests of one module."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any, TypeVar

import pytest

from app.commands.monitor_commands import DEMO_INTERVALS
from app.monitor.plant_monitor import PlantMonitor
from models.cmdb import Plant
from models.plant_loader import load_plant
from models.states import State
from simulator.process import SimulatorProcess

T = TypeVar("T")


class Sim:
    def __init__(self, process: SimulatorProcess) -> None:
        self.process = process
        self.plant: Plant = load_plant(process.effective_plant_path)

    async def inject(self, ci: str, kind: str, value: str | None = None) -> None:
        await asyncio.to_thread(self.process.client.inject, ci, kind, value)

    async def restore(self) -> None:
        await asyncio.to_thread(self.process.client.restore, None)


@pytest.fixture(scope="module")
def sim() -> Iterator[Sim]:
    with SimulatorProcess() as process:
        yield Sim(process)


def run(coro: Coroutine[Any, Any, T], timeout: float = 240.0) -> T:
    async def bounded() -> T:
        return await asyncio.wait_for(coro, timeout)

    return asyncio.run(bounded())


async def eventually(check: Callable[[], bool], limit_s: float = 40.0, what: str = "") -> None:
    """Wait (generously) for a condition; never a timed assert."""
    loop = asyncio.get_running_loop()
    end = loop.time() + limit_s
    while not check():
        if loop.time() > end:
            raise AssertionError(f"not reached within {limit_s} s: {what}")
        await asyncio.sleep(0.05)


async def all_ok(monitor: PlantMonitor, limit_s: float = 60.0) -> None:
    def ok() -> bool:
        return all(h.state is State.OK for h in monitor.engine.rolled.values())

    def abnormal() -> str:
        return ", ".join(
            f"{c}={h.state.name}:{h.reason}"
            for c, h in monitor.engine.effective.items()
            if h.state is not State.OK
        )

    loop = asyncio.get_running_loop()
    end = loop.time() + limit_s
    while not ok():
        if loop.time() > end:
            raise AssertionError(f"not all OK within {limit_s} s: {abnormal()}")
        await asyncio.sleep(0.05)


def monitor_for(plant: Plant) -> PlantMonitor:
    return PlantMonitor(plant, DEMO_INTERVALS)


@contextlib.asynccontextmanager
async def healthy_monitor(
    sim: Sim, path_check_s: float | None = None
) -> AsyncIterator[PlantMonitor]:
    """A monitor on the simulated plant, all OK; the scenario's faults are restored after
    it and every CI must come back to OK (restore is part of every scenario)."""
    monitor = monitor_for(sim.plant)
    if path_check_s is not None:
        monitor._path_check_s = path_check_s
    await monitor.start()
    try:
        await all_ok(monitor)
        yield monitor
        await sim.restore()
        await all_ok(monitor)
    finally:
        await sim.restore()
        await monitor.stop()
