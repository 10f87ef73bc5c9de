"""`plantconsole run --config FILE --headless` as a real process on the simulated plant:
a dead switch becomes one P1 with three lines in its store, which `plantconsole incidents
list --json` reads while the console runs (it holds the store's console lock, readers do
not need it); SIGTERM and Ctrl+C (SIGINT) stop it cleanly and free the store; a restart
with the fault still there raises no second incident and records the recovery."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from models.store.console_lock import try_lock
from tests.conftest import REPO
from tests.integration.conftest import Sim

pytestmark = [
    pytest.mark.timeout(300),
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"),
]
SWITCH = "SW-L3-043"


class Headless:
    """`plantconsole run --headless` (the `plantconsole` entry point) in its own process."""

    def __init__(self, plant: Path, env: dict[str, str]) -> None:
        cmd = [sys.executable, "-m", "widgets.launcher", "run", "--headless"]
        cmd += ["--config", str(plant), "--user", "anna", "--console-id", "CR1"]
        cmd += ["--timeout", "1"]
        self.process = subprocess.Popen(
            cmd,
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, text: str, timeout: float = 90.0) -> str:
        """The first line containing `text` (generous timeout; never a timed assert)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for line in list(self.lines):
                if text in line:
                    return line
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"no line with {text!r} within {timeout} s:\n{self.output()}")

    def stop(self, sig: signal.Signals) -> tuple[int, str]:
        """Send `sig`; the exit code and stderr once it has ended."""
        self.process.send_signal(sig)
        try:
            _, err = self.process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
            raise AssertionError(f"{sig.name} did not stop it\n{self.output()}\n{err}") from None
        self._reader.join(10)
        return self.process.returncode, err

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def incidents_list(env: dict[str, str]) -> list[dict[str, Any]]:
    """`plantconsole incidents list --json` on the same (default, per-home) store."""
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "incidents", "list", "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, Any]] = json.loads(done.stdout)
    return rows


def test_run_headless_raises_one_p1_and_stops_cleanly(sim: Sim, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "PLANTCONSOLE_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    store = home / "data" / "console.sqlite"
    plant = sim.process.effective_plant_path
    sim.process.client.restore(None)

    first = Headless(plant, env)
    try:
        assert f"incidents: 0 open in {store} (console CR1)" in first.wait_for("incidents:")
        first.wait_for(">> all lines running")  # every device answered: the plant is healthy
        sim.process.client.inject(SWITCH, "down")
        raised = first.wait_for("** INCIDENT")
        assert "P1 LINE STOP — 3 lines (SW-L3-043: no answer)" in raised, raised
        assert "EUR 11,400/hour, L3, L4, L5" in raised, raised
        first.wait_for(">> 3 line(s) stopped (L3, L4, L5)")

        (row,) = incidents_list(env)  # read while the console runs and holds the store
        assert (row["priority"], row["status"], row["root_ci"]) == ("P1", "new", SWITCH)
        assert row["lines"] == ["L3", "L4", "L5"] and row["cost_per_hour"] == 11_400
        assert row["origin"] == "auto" and row["down_since_ms"] and row["open"]
        assert try_lock(store) is None  # one console per store: it holds the lock

        code, err = first.stop(signal.SIGTERM)
        assert code == 0, first.output() + err
        assert "stopped" in err and "Traceback" not in err
    finally:
        first.kill()
    lock = try_lock(store)
    assert lock is not None, "the stopped console left the store locked"
    lock.release()

    second = Headless(plant, env)  # the switch is still down
    try:
        assert "incidents: 1 open in" in second.wait_for("incidents:")
        second.wait_for(">> 3 line(s) stopped (L3, L4, L5)")  # seen DOWN at start ...
        time.sleep(5.0)  # ... and settled (1.5 s) several times over: no second incident
        assert [r["id"] for r in incidents_list(env)] == [row["id"]]
        assert not any("** INCIDENT" in line for line in second.lines), second.output()

        sim.process.client.restore(None)
        assert "recovered" in second.wait_for(f"** {row['number']} recovered")
        second.wait_for(">> all lines running")
        (after,) = incidents_list(env)
        assert after["id"] == row["id"] and after["down_since_ms"] is None and after["recovered_ms"]

        code, err = second.stop(signal.SIGINT)  # Ctrl+C
        assert code == 0, second.output() + err
        assert "stopped" in err and "Traceback" not in err and "KeyboardInterrupt" not in err
    finally:
        second.kill()
        sim.process.client.restore(None)
    lock = try_lock(store)
    assert lock is not None
    lock.release()
