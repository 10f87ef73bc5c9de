"""Small measuring helpers for the benchmarks: timings, memory, the machine, a table."""

from __future__ import annotations

import contextlib
import gc
import os
import platform
import statistics
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Timing:
    """Summary of repeated timings, in milliseconds."""

    n: int
    median_ms: float
    p95_ms: float
    min_ms: float
    max_ms: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Timing:
        ordered = sorted(seconds)
        # Nearest-rank percentile: the value below which 95% of the samples lie.
        p95 = ordered[max(0, -(-95 * len(ordered) // 100) - 1)]
        return cls(
            len(ordered),
            statistics.median(ordered) * 1e3,
            p95 * 1e3,
            ordered[0] * 1e3,
            ordered[-1] * 1e3,
        )

    def as_dict(self) -> dict[str, Any]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of `fn` takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def repeat(fn: Callable[[], object], times: int) -> Timing:
    return Timing.of([timed(fn) for _ in range(times)])


def rss_mb() -> dict[str, float]:
    """This process's resident memory now and at its peak, in MB (Linux: /proc)."""
    status = Path("/proc/self/status")
    if status.exists():
        fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        now = int(fields["VmRSS"].split()[0]) / 1024
        peak = int(fields["VmHWM"].split()[0]) / 1024
        return {"rss_mb": round(now, 1), "peak_rss_mb": round(peak, 1)}
    try:
        import resource
    except ImportError:  # Windows: not measured
        return {}
    # ru_maxrss is KB on Linux, bytes on macOS; this branch runs on macOS only.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    return {"peak_rss_mb": round(peak, 1)}


def loadavg() -> list[float]:
    """The 1, 5 and 15 minute load averages (others' work skews the figures); [] on Windows."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else []


def machine() -> dict[str, Any]:
    """What the figures were taken on."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": os.cpu_count(),
        "loadavg_1_5_15": loadavg(),
        "cpu": cpu,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "os": f"{platform.system()} {platform.release()}",
    }


def table(sections: Iterable[tuple[str, Sequence[tuple[str, str]]]]) -> str:
    """Sections of (label, value) rows as aligned plain text."""
    sections = list(sections)
    width = max((len(label) for _, rows in sections for label, _ in rows), default=0)
    out: list[str] = []
    for title, rows in sections:
        out.append(f"-- {title} " + "-" * max(3, 72 - len(title)))
        out.extend(f"  {label:<{width}}  {value}" for label, value in rows)
    return "\n".join(out)


def ms(value: float) -> str:
    """Milliseconds with about three significant digits, switching to seconds above 10 s."""
    if value >= 10_000:
        return f"{value / 1000:.1f} s"
    if value >= 100:
        return f"{value:,.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    return f"{value:.3f} ms"


@contextlib.contextmanager
def frozen(on: bool) -> Iterator[None]:
    """`gc.freeze()` what is alive now (set-up), the same way for both sides of a
    comparison (the console freezes after its start-up too); `on=False`: leave GC alone."""
    if on:
        gc.collect()
        gc.freeze()
    try:
        yield
    finally:
        if on:
            gc.unfreeze()
