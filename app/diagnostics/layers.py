"""The network layers of a layered ping: ICMP echo and TCP connect, several attempts each.

Attempts start `interval_s` apart but run concurrently, so a dead host costs one timeout
(plus the spacing), not `attempts` timeouts in a row.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from app.diagnostics.results import LayerOutcome, LayerResult
from drivers import icmp
from drivers.errors import describe
from drivers.reachability import tcp_connect

ICMP_NOT_PERMITTED = "ICMP not permitted (needs root or ping_group_range)"


async def spaced(
    attempts: int, interval_s: float, attempt: Callable[[], Awaitable[float]]
) -> list[float | BaseException]:
    """Run `attempts` attempts, started `interval_s` apart; RTTs or the exceptions."""

    async def one(index: int) -> float:
        await asyncio.sleep(index * interval_s)
        return await attempt()

    return await asyncio.gather(*(one(i) for i in range(attempts)), return_exceptions=True)


def summarise(
    layer: str, label: str, outcomes: list[float | BaseException], timeout_s: float
) -> LayerResult:
    rtts = tuple(round(o, 3) for o in outcomes if isinstance(o, float))
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    error = code = None
    if errors:
        error, code = describe(errors[0], timeout_s)
    outcome: LayerOutcome = "ok" if not errors else ("partial" if rtts else "failed")
    return LayerResult(layer, label, outcome, len(outcomes), rtts, error, code)


async def icmp_layer(host: str, attempts: int, timeout_s: float, interval_s: float) -> LayerResult:
    label = f"ICMP echo {host}"
    if not icmp.available():
        return LayerResult(
            "icmp", label, "unavailable", 0, (), ICMP_NOT_PERMITTED, "icmp_not_permitted"
        )
    outcomes = await spaced(attempts, interval_s, lambda: icmp.echo(host, timeout_s))
    unavailable = [o for o in outcomes if isinstance(o, icmp.IcmpUnavailable)]
    if unavailable:
        return LayerResult(
            "icmp", label, "unavailable", 0, (), ICMP_NOT_PERMITTED, "icmp_not_permitted"
        )
    return summarise("icmp", label, outcomes, timeout_s)


async def tcp_layer(
    host: str, port: int | None, attempts: int, timeout_s: float, interval_s: float
) -> LayerResult:
    if port is None:
        return LayerResult("tcp", f"TCP {host}", "skipped", error="no port given")
    label = f"TCP connect {host}:{port}"
    outcomes = await spaced(attempts, interval_s, lambda: tcp_connect(host, port, timeout_s))
    return summarise("tcp", label, outcomes, timeout_s)
