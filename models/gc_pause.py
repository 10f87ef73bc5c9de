"""Cyclic garbage collection paused around work that allocates many containers and no
cycles (parsing a plant file or a feed page, unpickling a plant): the collector's passes,
set off by those allocations, would only walk what reference counting frees anyway."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """No cyclic collection inside; afterwards the collector is as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
