"""Shutdown never hangs on a driver task that swallows its cancel."""

from __future__ import annotations

import asyncio

from drivers.tasks import stop_task


def test_stubborn_task_is_cancelled_again_until_it_ends() -> None:
    async def stubborn() -> None:
        swallowed = 0
        while True:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                swallowed += 1  # what a protocol library catching the cancel looks like
                if swallowed == 3:
                    raise

    async def scenario() -> bool:
        task = asyncio.create_task(stubborn())
        await asyncio.sleep(0)
        return await stop_task(task, wait_s=0.05)

    assert asyncio.run(scenario()) is True


def test_task_that_never_stops_is_abandoned_not_awaited_forever() -> None:
    released = False

    async def immortal() -> None:
        while True:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                if released:
                    raise

    async def scenario() -> bool:
        nonlocal released
        task = asyncio.create_task(immortal())
        await asyncio.sleep(0)
        stopped = await stop_task(task, attempts=3, wait_s=0.02)
        released = True  # let asyncio.run clean up
        task.cancel()
        return stopped

    assert asyncio.run(scenario()) is False


def test_finished_task_is_left_alone() -> None:
    async def scenario() -> bool:
        task = asyncio.create_task(asyncio.sleep(0))
        await task
        return await stop_task(task)

    assert asyncio.run(scenario()) is True
