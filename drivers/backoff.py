"""Capped exponential backoff with jitter, shared by every driver's reconnect loop."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """0.5 s doubling to 30 s by default; each delay is shortened by up to `jitter` (a fraction)
    so that many consoles restarting together do not hammer a PLC in lockstep."""

    initial: float = 0.5
    cap: float = 30.0
    factor: float = 2.0
    jitter: float = 0.2
    _attempt: int = field(default=0, init=False)
    _rng: random.Random = field(default_factory=random.Random, init=False, repr=False)

    def next_delay(self) -> float:
        """The delay before the next attempt; grows until `cap`."""
        base = min(self.cap, self.initial * self.factor**self._attempt)
        if base < self.cap:
            self._attempt += 1
        return base * (1.0 - self.jitter * self._rng.random())

    def reset(self) -> None:
        """Call after a success: the next failure starts again at `initial`."""
        self._attempt = 0

    @property
    def attempts(self) -> int:
        return self._attempt
