"""The window's incident session holds the store's console lock while open: a second
console on the store (here a real `run --headless` process) is refused, and
`register` cannot re-stamp under the window until it has closed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.incidents.options import IncidentOptions
from app.monitor.bindings import Intervals
from app.monitor.plant_monitor import PlantMonitor
from models.plant_loader import load_plant
from models.store.console_lock import StoreInUse, try_lock
from resources import demo_plant_path
from widgets.incidents.session import IncidentSession

REPO = Path(__file__).resolve().parents[2]


def headless(store: Path) -> subprocess.CompletedProcess[str]:
    """`plantconsole run --headless` on `store`, to its end (it should refuse to start)."""
    cmd = [sys.executable, "-m", "app.cli", "run", "--headless", "--config"]
    cmd += [str(demo_plant_path()), "--store", str(store), "--timeout", "0.5"]
    return subprocess.run(
        cmd,
        cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_window_session_holds_the_store_for_its_lifetime(
    qapp: QApplication, tmp_path: Path
) -> None:
    store = tmp_path / "console.sqlite"
    monitor = PlantMonitor(load_plant(demo_plant_path()), Intervals(poll_ms=500, timeout_s=1.0))
    session = IncidentSession(monitor, IncidentOptions(store))
    try:
        assert try_lock(store) is None  # register: refused without waiting
        done = headless(store)
        assert done.returncode != 0 and "already running" in done.stderr, done.stderr
        with pytest.raises(StoreInUse):
            IncidentSession(monitor, IncidentOptions(store))
    finally:
        session.close()
    lock = try_lock(store)
    assert lock is not None  # closed: free again
    lock.release()
