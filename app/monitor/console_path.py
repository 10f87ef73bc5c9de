"""The console's own path to the plant: if no reference target answers, we are cut off.

A console failure is not a plant failure: when this check fails, every state
goes UNKNOWN (console_offline) and nothing is raised.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from drivers.reachability import ProbeResult, probe
from models.plant_schema import ReferenceTarget

Prober = Callable[[str, tuple[int, ...], float], Awaitable[ProbeResult]]


class ConsolePath:
    """Probes the reference targets; `online` is False only when all of them fail twice."""

    def __init__(
        self,
        targets: Sequence[ReferenceTarget],
        timeout_s: float = 1.0,
        prober: Prober = probe,
    ) -> None:
        self.targets = tuple(targets)
        self.timeout_s = timeout_s
        self._prober = prober
        self._failures = 0
        self.online = True
        self.last_error = ""

    async def check(self) -> bool:
        """Probe all targets at once; returns the (possibly new) online state."""
        if not self.targets:
            return True
        results = await asyncio.gather(
            *(self._prober(t.host, (t.port,), self.timeout_s) for t in self.targets),
            return_exceptions=True,
        )
        answered = any(isinstance(r, ProbeResult) and r.reachable for r in results)
        if answered:
            self._failures = 0
            self.online = True
            self.last_error = ""
        else:
            self._failures += 1
            errors = [r.error if isinstance(r, ProbeResult) else str(r) for r in results]
            self.last_error = "; ".join(e or "no answer" for e in errors)
            if self._failures >= 2:
                self.online = False
        return self.online
