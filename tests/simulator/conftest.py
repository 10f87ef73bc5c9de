"""Fixtures: a simulated plant running in a background thread, and client helpers."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.cmdb import Plant  # noqa: E402
from models.plant_loader import load_plant  # noqa: E402
from simulator.plant_sim import SimulatedPlant  # noqa: E402

T = TypeVar("T")


class RunningPlant:
    """A SimulatedPlant on its own loop in a thread; tests call into it thread-safely."""

    def __init__(self, **options: Any) -> None:
        self.loop = asyncio.new_event_loop()
        self.sim = SimulatedPlant(**options)
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.plant: Plant | None = None

    def start(self) -> None:
        self._thread.start()
        self.call(self.sim.start(), timeout=60)
        self.plant = load_plant(self.sim.effective_plant_path)

    def stop(self) -> None:
        try:
            self.call(self.sim.stop(), timeout=30)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)
            self.loop.close()

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 10) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def inject(self, ci: str, kind: str, value: str | float | None = None) -> dict[str, Any]:
        return self.call(self.sim.inject(ci, kind, value))

    def restore(self, ci: str | None = None) -> list[str]:
        return self.call(self.sim.restore(ci))


@pytest.fixture(scope="session")
def running_plant() -> Iterator[RunningPlant]:
    running = RunningPlant(free_ports=True)
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def plant_sim(running_plant: RunningPlant) -> Iterator[RunningPlant]:
    """The shared plant, with every fault cleared after the test."""
    yield running_plant
    running_plant.restore()
