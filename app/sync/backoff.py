"""Capped exponential backoff with full jitter, reset after a success."""

from __future__ import annotations

import random


class Backoff:
    def __init__(
        self, base_s: float = 0.5, cap_s: float = 30.0, rng: random.Random | None = None
    ) -> None:
        self.base_s = base_s
        self.cap_s = cap_s
        self._attempt = 0
        self._rng = rng or random.Random()

    def next_delay(self) -> float:
        """The pause before the next attempt (grows to `cap_s`)."""
        ceiling = min(self.cap_s, self.base_s * 2**self._attempt)
        self._attempt = min(self._attempt + 1, 30)
        return float(ceiling / 2 + self._rng.uniform(0, ceiling / 2))

    def reset(self) -> None:
        self._attempt = 0
