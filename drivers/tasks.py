"""Stopping a driver's background task, even when a protocol library swallows the cancel.

asyncio delivers a cancel once. A library that catches that CancelledError inside its
own code (and turns it into a connection error, or retries) leaves the task running, and
an unbounded ``await task`` after ``task.cancel()`` then hangs shutdown for good: seen here
with every device behind a dead core switch.
"""

from __future__ import annotations

import asyncio
import logging

_log = logging.getLogger(__name__)


async def stop_task(task: asyncio.Task[object], *, attempts: int = 10, wait_s: float = 0.5) -> bool:
    """Cancel ``task`` and wait for it, cancelling again while it keeps running.

    Returns True when the task has ended; False (and logs an error) when it is still running
    after ``attempts`` cancels, so that shutdown goes on instead of hanging.
    """
    for attempt in range(attempts):
        if task.done():
            break
        task.cancel()
        await asyncio.wait({task}, timeout=wait_s)
        if attempt and not task.done():
            _log.warning("task %s ignored %d cancels", task.get_name(), attempt + 1)
    if not task.done():
        _log.error("task %s did not stop after %d cancels; abandoned", task.get_name(), attempts)
        return False
    if not task.cancelled() and task.exception() is not None:
        _log.debug("task %s ended with an error", task.get_name(), exc_info=task.exception())
    return True
