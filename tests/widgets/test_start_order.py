"""Issue 4: the window shows before the incident store opens, and a restart takes the
plant from the validated-plant cache. `plantconsole run` in a fresh process, offscreen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from resources import demo_plant_path

ROOT = Path(__file__).resolve().parents[2]


def run_console(home: Path, plant: Path) -> str:
    """`plantconsole run` closed by itself after 2 s; returns its log file's text."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PLANTCONSOLE_HOME": str(home)}
    command = [sys.executable, "-m", "widgets.launcher", "run", "--config", str(plant)]
    done = subprocess.run(
        [*command, "--smoke-exit-after", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "smoke: window shown" in done.stderr
    return (home / "logs" / "plantconsole.log").read_text(encoding="utf-8")


def test_store_opens_after_the_window_and_a_restart_uses_the_plant_cache(
    tmp_path: Path,
) -> None:
    plant = tmp_path / "plant.toml"
    shutil.copyfile(demo_plant_path(), plant)
    home = tmp_path / "home"

    first = run_console(home, plant)
    assert "open, after the window showed" in first
    assert "validated copy" not in first
    assert (home / "data" / "console.sqlite").is_file()
    (entry,) = (home / "cache" / "plants").glob("plant-*.cache")

    second = run_console(home, plant)[len(first) :]
    assert "validated copy" in second
    assert "open, after the window showed" in second
    assert entry.is_file()
