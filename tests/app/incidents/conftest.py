"""Incident fixtures: a store per test, a fake wall clock, and the monitor over fake drivers.

The monitor is the widgets' `PlantFeed` (a real PlantMonitor, driven synchronously);
the incident service and auto-raise run on a clock the test moves.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.incidents.auto_raise import AutoRaiser
from app.incidents.service import IncidentService
from models.cmdb import Plant
from models.store import Store, open_store
from tests.widgets.conftest import PlantFeed

T0 = 1_732_290_000_000  # 2024-11-22 15:40 UTC, a Friday (late shift in Berlin)


class Clock:
    """Wall-clock milliseconds that move only when the test says so."""

    def __init__(self, now: int = T0) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += round(seconds * 1000)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "console.db"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    with open_store(store_path) as opened:
        yield opened


@pytest.fixture
def service(store: Store, demo_plant: Plant, clock: Clock) -> IncidentService:
    return IncidentService(store, demo_plant, user="anna", console_id="CR1", now_ms=clock)


@pytest.fixture
def feed(demo_plant: Plant, qapp: object) -> Iterator[PlantFeed]:
    feed = PlantFeed(demo_plant)
    feed.healthy()
    feed.flush()
    yield feed
    feed.service.deleteLater()


@pytest.fixture
def raiser(feed: PlantFeed, service: IncidentService) -> AutoRaiser:
    return AutoRaiser(feed.monitor, service, settle_s=1.5)


def settle(feed: PlantFeed, raiser: AutoRaiser, clock: Clock, seconds: float = 2.0) -> None:
    """Let the monitor publish, then the settle delay pass, then auto-raise act."""
    feed.flush()
    raiser.tick()
    clock.advance(seconds)
    feed.flush()
    raiser.tick()
