"""Resident memory of a fresh process holding one plant model and a health engine.

    python -m bench.rss_probe PLANT.toml    -> one JSON line, MB

Run in its own process so that nothing else the benchmark did is counted.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.measure import rss_mb

REPO = Path(__file__).resolve().parents[1]


def probe(path: Path) -> dict[str, Any]:
    """Run this module in a child process on `path` and return what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.rss_probe", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str]) -> int:
    from models.health import HealthEngine
    from models.plant_loader import load_plant
    from models.states import OK_HEALTH

    gc.collect()
    start = rss_mb().get("rss_mb")
    plant = load_plant(argv[0])
    gc.collect()
    loaded = rss_mb().get("rss_mb")
    engine = HealthEngine(plant, initial=OK_HEALTH)
    gc.collect()
    held = rss_mb()
    print(
        json.dumps(
            {
                "cis": len(engine.rolled),
                "after_imports_mb": start,
                "after_load_mb": loaded,
                "with_engine_mb": held.get("rss_mb"),
                "peak_mb": held.get("peak_rss_mb"),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
