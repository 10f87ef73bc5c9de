"""Tell streaming clients when the feed grows: one head poll per process, shared.

Every server process polls the feed head (a single-row read) a few times a second and
is poked at once after its own ingests, so a console connected to any process hears
of an event written through any other within a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from server.feed import head_of

log = logging.getLogger("plantconsole.server.push")


class HeadWatcher:
    """The latest feed sequence number, and a way to wait until it changes."""

    def __init__(self, engine: Engine, poll_s: float) -> None:
        self._engine = engine
        self._poll_s = poll_s
        self._head = 0
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    @property
    def head(self) -> int:
        return self._head

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="head-watcher")

    async def stop(self) -> None:
        self._stopping.set()
        self._changed.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def offer(self, head: int) -> None:
        """A head learnt from an ingest in this process."""
        if head > self._head:
            self._head = head
            self._changed.set()
            self._changed = asyncio.Event()

    async def wait_beyond(self, seen: int, wait_s: float) -> int:
        """The head once it is above `seen`, or the current head after `wait_s`."""
        if self._head > seen or self.stopping:
            return self._head
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), wait_s)
        return self._head

    async def _run(self) -> None:
        while True:
            try:
                self.offer(await asyncio.to_thread(head_of, self._engine))
            except SQLAlchemyError as exc:
                log.warning("feed head poll failed: %s", exc)
            await asyncio.sleep(self._poll_s)
