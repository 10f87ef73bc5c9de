"""Tell streaming clients when a feed grows: one counter poll per process, shared.

Two feeds are announced: incident events (`head`, the counter 'seq') and maintenance
windows/shelvings (`maintenance`, the counter 'maintenance'). Every server process
polls both counters (one small read) a few times a second and is poked at once after
its own uploads, so a console connected to any process hears of an event or a window
written through any other within a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from server.feed import Marks, marks_of

log = logging.getLogger("plantconsole.server.push")


class HeadWatcher:
    """The latest feed marks (events head, maintenance seq), and a way to wait for news."""

    def __init__(self, engine: Engine, poll_s: float) -> None:
        self._engine = engine
        self._poll_s = poll_s
        self._marks = Marks(0, 0)
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    @property
    def head(self) -> int:
        return self._marks.head

    @property
    def marks(self) -> Marks:
        return self._marks

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
        """An events head learnt from an ingest in this process."""
        self.offer_marks(Marks(head, self._marks.maintenance))

    def offer_maintenance(self, seq: int) -> None:
        """A maintenance seq learnt from an upload in this process."""
        self.offer_marks(Marks(self._marks.head, seq))

    def offer_marks(self, marks: Marks) -> None:
        """Marks read or learnt: each only ever grows; waiters hear of any growth."""
        now = self._marks
        grown = Marks(max(now.head, marks.head), max(now.maintenance, marks.maintenance))
        if grown != now:
            self._marks = grown
            self._changed.set()
            self._changed = asyncio.Event()

    async def wait_beyond(self, seen: Marks | None, wait_s: float) -> Marks:
        """The marks once they differ from `seen`, or the current marks after `wait_s`."""
        if self._marks != seen or self.stopping:
            return self._marks
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), wait_s)
        return self._marks

    async def _run(self) -> None:
        while True:
            try:
                self.offer_marks(await asyncio.to_thread(marks_of, self._engine))
            except SQLAlchemyError as exc:
                log.warning("feed head poll failed: %s", exc)
            await asyncio.sleep(self._poll_s)
