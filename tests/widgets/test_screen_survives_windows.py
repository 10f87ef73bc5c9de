"""Freeing console windows never deletes the application's screen.

PySide6 6.11 ties the QScreen that `QWidget.screen()` returns to the widget that asked.
Once two main windows had asked (a test, or a console reopened in one process) and the
later one was freed first, the garbage collector deleted the screen itself; the next
QIcon or window segfaulted (it took down a CI test worker). The window asks
QGuiApplication instead. In a subprocess, so that a crash fails this test, not the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

SCRIPT = """
import gc, sys
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from app.monitor.bindings import Intervals
from app.monitor.plant_monitor import PlantMonitor
from app.monitor.service import HealthMonitorService
from models.plant_loader import load_plant
from resources import demo_plant_path
from widgets.main_window import MainWindow

gc.disable()
plant = load_plant(demo_plant_path())
service = HealthMonitorService(PlantMonitor(plant, Intervals(poll_ms=500, timeout_s=1.0)))
first = MainWindow(service, "en", incidents_pending=True)
first.show()
first.close()
second = MainWindow(service, "en", incidents_pending=True)
second.show()
second.close()
del second
gc.collect()
del first
gc.collect()
QIcon(sys.argv[1])  # looks at the primary screen's pixel ratio
assert QGuiApplication.primaryScreen().devicePixelRatio() > 0
print("ok")
"""


def test_freeing_two_windows_keeps_the_screen(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PLANTCONSOLE_HOME=str(tmp_path),
        PYTHONPATH=str(REPO),
    )
    icon = REPO / "resources" / "icons" / "plantconsole.png"
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(icon)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().endswith("ok"), proc.stdout
