"""UUIDv7 event and incident ids (RFC 9562): time-ordered, client-generated, no registry.

Python 3.11's `uuid` module has no `uuid7()`, so this is the small version: 48 bits
of Unix milliseconds, version 7, 74 random bits, variant 10.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Callable

UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def uuid7(now_ms: int | None = None, randbytes: Callable[[int], bytes] = os.urandom) -> str:
    """A new UUIDv7 as its canonical lower-case text; `now_ms` and `randbytes` for tests."""
    ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
    if not 0 <= ms < 1 << 48:
        raise ValueError(f"uuid7 time {ms} ms is outside the 48-bit range")
    rand = int.from_bytes(randbytes(10), "big")  # 80 bits, 74 used
    rand_a = rand >> 68  # 12 bits
    rand_b = rand & ((1 << 62) - 1)  # 62 bits
    value = (ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return str(uuid.UUID(int=value))


def uuid7_ms(text: str) -> int:
    """The Unix milliseconds a UUIDv7 was made at."""
    return uuid.UUID(text).int >> 80


def is_uuid(text: str) -> bool:
    """Canonical lower-case UUID text (any version: other tools may write v4 ids)."""
    return bool(UUID_PATTERN.fullmatch(text))
