"""The topology paint benchmark runs (smoke size) and prints its figures; no timing is asserted.

Its own process, as `python -m bench.bench_topology_paint` (its own QApplication, offscreen).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(90)
def test_smoke_prints_every_figure() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_topology_paint", "--smoke", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=85,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["cis"] == 1_000
    assert set(result["levels"]) == {"overview", "line"}
    for level in result["levels"].values():
        assert level["items"] > 10
        assert level["cold_items_painted"] >= level["warm_items_painted"] > 0
        for case in ("warm", "cold", "flush"):
            assert len(level[f"{case}_cpu_ms"]) == 1
        for case in ("warm", "cold"):
            assert len(level["baseline"][f"{case}_cpu_ms"]) == 1
    # A flush repaints what changed on screen, not every item (their caches stay valid).
    line = result["levels"]["line"]
    assert line["flush_items_painted"] < line["cold_items_painted"]
    # The overview's summary does not walk the whole plant on every flush.
    assert "Plant.walk" not in result["levels"]["overview"]["flush_python_calls_by_function"]
