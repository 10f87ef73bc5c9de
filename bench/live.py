"""Helpers shared by the live-monitoring benchmarks: other processes' CPU, percentiles, rows."""

from __future__ import annotations

import logging
import math
import os
import signal
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.measure import loadavg

Json = dict[str, Any]

# A plant with nothing in it but the console's reference target: the simulator's
# `--devices N` adds the gateway PLCs, so the console monitors those and nothing else.
EMPTY_PLANT = """\
schema_version = 1

[site]
id = "BENCH"
name = "Benchmark plant"
timezone = "UTC"

[console]
reference_targets = [{ host = "127.0.0.10", port = 8443 }]
"""


def process_cpu_s(pid: int | None) -> float:
    """User + system CPU seconds of another process so far (Linux /proc; 0.0 elsewhere)."""
    stat = Path(f"/proc/{pid}/stat")
    if pid is None or not stat.exists():
        return 0.0
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (as `bench.measure.Timing`); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct * len(ordered) / 100) - 1)]


def spread_ms(seconds: Sequence[float]) -> Json:
    """p50 / p95 / p99 / max of durations in seconds, as milliseconds."""
    return {
        "n": len(seconds),
        "p50_ms": round(percentile(seconds, 50) * 1e3, 1),
        "p95_ms": round(percentile(seconds, 95) * 1e3, 1),
        "p99_ms": round(percentile(seconds, 99) * 1e3, 1),
        "max_ms": round(max(seconds, default=0.0) * 1e3, 1),
    }


def met(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def machine_rows(m: Json, end_load: Sequence[float]) -> list[tuple[str, str]]:
    return [
        ("cpu", f"{m['nproc']} x {m['cpu']}"),
        ("python", f"{m['implementation']} {m['python']}, {m['os']}"),
        ("load average 1/5/15 min", f"{m['loadavg_1_5_15']} at start, {list(end_load)} at end"),
    ]


def end_load() -> list[float]:
    return loadavg()


def quiet_libraries() -> None:
    """Protocol libraries log every timeout and retry: a benchmark provokes many."""
    for name in ("asyncua", "pymodbus"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL)
        for handler in list(logger.handlers):
            handler.setLevel(logging.CRITICAL)


def exit_on_sigterm() -> None:
    """SIGTERM ends the benchmark through `finally` and `with` blocks, so the simulator or
    responder child (in its own session) is stopped rather than left running."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
