"""The GUI benchmark runs (smoke size) and prints its figures; no timing is asserted.

It runs in its own process: it makes its own QApplication, offscreen screen and
qasync loop, as `python -m bench.bench_gui` does.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from bench import bench_gui

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(60)
def test_smoke_prints_every_figure() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_gui", "--smoke", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=55,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["plant"]["cis"] == 1_000
    assert result["stream"]["changes"] > 0.8 * 500 * 3
    stall = result["stall"]
    assert stall["ticks"] > 0 and math.isfinite(stall["p99_ms"]) and stall["max_ms"] >= 0
    repaint = result["repaint"]
    assert repaint["watched"] > 0 and repaint["paints"] > 0
    marks = result["startup"]["marks"]
    assert 0 < marks["plant_loaded"] < marks["window_built"] <= marks["interactive"]
    assert result["startup"]["rss_mb"] > 0 and result["memory"]["rss_mb"] > 0
    assert set(result["targets"]) == {"stall_p99", "repaint_p95", "start_s", "start_cold_s", "rss"}
    runs = result["startup"]["runs"]  # a new plant file, then restarts that find its cache
    assert [r["cache"] for r in runs] == ["miss", "hit"]
    assert all(r["cpu_s"] > 0 for r in runs)

    table = bench_gui.render(result)
    for label in (
        "event-loop stall",
        "target: p99 < 50 ms",
        "change -> tree row repainted",
        "target: p95 < 500 ms",
        "start -> interactive window",
        "plant file load",
        "target: < 2 s",
        "resident memory",
        "target: < 400 MB",
        "uptime at start",
    ):
        assert label in table, label
