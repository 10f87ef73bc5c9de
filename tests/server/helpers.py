"""Waiting and checking helpers for the sync tests."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Coroutine, Iterable
from typing import Any, TypeVar

from app.sync.memory_store import MemoryStore
from tests.server.site import Site

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T], timeout: float = 90.0) -> T:
    async def bounded() -> T:
        return await asyncio.wait_for(coro, timeout)

    return asyncio.run(bounded())


async def eventually(check: Callable[[], bool], limit_s: float = 20.0, what: str = "") -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + limit_s
    while not check():
        if loop.time() > end:
            raise AssertionError(f"not reached within {limit_s} s: {what}")
        await asyncio.sleep(0.05)


def server_ids(site: Site, incidents: Iterable[str]) -> Counter[str]:
    wanted = set(incidents)
    return Counter(
        item["event"]["id"] for item in site.feed() if item["event"]["incident_id"] in wanted
    )


def store_ids(store: MemoryStore, incidents: Iterable[str]) -> set[str]:
    return {e.id for i in incidents for e in store.by_incident.get(i, {}).values()}


def assert_exactly_once_everywhere(
    site: Site, stores: list[MemoryStore], incidents: list[str], written: set[str]
) -> None:
    counts = server_ids(site, incidents)
    assert all(n == 1 for n in counts.values()), [i for i, n in counts.items() if n > 1]
    assert written <= set(counts), f"{len(written - set(counts))} written events missing"
    for store in stores:
        assert store_ids(store, incidents) == set(counts), store.console_id
        assert not store.outbox, f"{store.console_id}: {len(store.outbox)} still waiting"
