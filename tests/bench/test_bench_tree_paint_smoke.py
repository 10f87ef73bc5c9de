"""The tree repaint benchmark runs (smoke size) and prints its figures; no timing is asserted.

Its own process, as `python -m bench.bench_tree_paint` (its own QApplication, offscreen).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(60)
def test_smoke_prints_every_figure() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_tree_paint", "--smoke", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=55,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["cis"] == 1_000
    assert result["rows_on_screen"] > 10
    assert result["rows_on_screen"] == result["baseline_rows_on_screen"]
    assert len(result["tree_cpu_ms"]) == len(result["ratio"]) == 1
    assert result["python_calls_by_function"]["multiData"] > 0  # one call per painted cell
    assert "flags" not in result["python_calls_by_function"]
