"""A damaged incident store: the console window and `plantconsole run --headless` refuse
to start with a message naming the file, keep it byte for byte for recovery, and create
nothing in its place (issue 5, durability)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.incidents.options import IncidentOptions
from app.monitor.bindings import Intervals
from models.cmdb import Plant
from models.store import open_store
from models.store.console_lock import lock_path, try_lock
from models.store.incident_repo import append_events
from tests.conftest import REPO
from tests.models.incidents.builders import Console
from tests.widgets.launcher_rig import run_in_loop
from widgets import launcher
from widgets.main_window import MainWindow

UNTOUCHED = "is not a PlantConsole database or is damaged; it was left untouched for recovery"


def damaged_store(path: Path) -> None:
    """A real store with an incident in it, then pages 3 and 4 scribbled over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_store(path) as store:
        append_events(store, [Console("CR1").create()])
        with store.read() as connection:
            page = int(connection.exec_driver_sql("PRAGMA page_size").scalar() or 4096)
    data = bytearray(path.read_bytes())
    data[2 * page : 4 * page] = bytes(range(256)) * (2 * page // 256)
    path.write_bytes(bytes(data))


def folder_digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def assert_kept(store: Path, before: dict[str, str]) -> None:
    after = folder_digest(store.parent)
    assert after[store.name] == before[store.name], "the damaged store was changed"
    created = set(after) - set(before)
    assert created <= {lock_path(store).name}, f"created beside it: {sorted(created)}"
    lock = try_lock(store)
    assert lock is not None, "the refused console left the store locked"
    lock.release()


def test_run_headless_refuses_a_damaged_store(tmp_path: Path, demo_path: Path) -> None:
    home = tmp_path / "home"
    store = home / "data" / "console.sqlite"  # the default store of that home
    damaged_store(store)
    before = folder_digest(store.parent)
    command = [sys.executable, "-m", "widgets.launcher", "run", "--headless"]
    done = subprocess.run(
        [*command, "--config", str(demo_path), "--timeout", "0.5"],
        cwd=REPO,
        env={**os.environ, "PLANTCONSOLE_HOME": str(home), "PYTHONUNBUFFERED": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"error: {store} {UNTOUCHED}" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert "CIs:" not in done.stdout  # refused before it monitored anything
    assert_kept(store, before)


def test_the_window_refuses_a_damaged_store_with_a_message(
    qapp: QApplication, tmp_path: Path, demo_plant: Plant
) -> None:
    store = tmp_path / "console.sqlite"
    damaged_store(store)
    before = folder_digest(tmp_path)
    shown: list[dict[str, str]] = []

    def answer() -> None:
        """Read the refusal dialog as the person sees it, then press Close."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                shown.append(
                    {
                        "text": widget.text(),
                        "info": widget.informativeText(),
                        "details": widget.detailedText(),
                    }
                )
                close = widget.button(QMessageBox.StandardButton.Close)
                assert close is not None
                close.click()
                return
        QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)
    intervals = Intervals(poll_ms=500, timeout_s=1.0)
    console = launcher.show_console(
        demo_plant, intervals, "en", incidents=IncidentOptions(store, "CR1", "anna")
    )
    run_in_loop(qapp, console)

    assert len(shown) == 1, shown
    assert shown[0]["text"] == "The incident store cannot be opened."
    assert f"{store} {UNTOUCHED}" in shown[0]["info"]  # in view, not only under Details
    assert "does not start without it" in shown[0]["info"]
    assert "keeps running" not in shown[0]["info"]
    assert f"{store} {UNTOUCHED}" in shown[0]["details"]
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    assert not any(w.isVisible() for w in windows), "the console went on without its store"
    assert_kept(store, before)
