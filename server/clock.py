"""The server's wall clock in Unix milliseconds (one place to read it)."""

from __future__ import annotations

import time


def now_ms() -> int:
    return time.time_ns() // 1_000_000
