"""The incident benchmark runs (smoke size) with its on-screen figures; no timing is asserted.

Its own process, as `python -m bench.bench_incidents` (its own QApplication, offscreen).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(300)
def test_smoke_prints_the_on_screen_and_store_figures() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_incidents", "--smoke", "--json", "--view-repeats", "2"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=290,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["incidents"] == 1_000 and result["big_incident_events"] == 500
    assert result["open_timeline_rows"] >= 500
    assert result["list_rows"] == 1_000 and 5 < result["list_rows_on_screen"] < 100
    views = ("list_refresh", "list_baseline", "list_tick", "open_cold", "open_from_list")
    for name in (*views, "open_baseline", "detail_tick"):
        assert result[name]["wall"]["n"] == result[name]["cpu"]["n"] == 2, name
    assert result["open_500"]["n"] == 20  # the store-level figures are still there
