"""`plantconsole demo --headless` as a real process: SIGTERM (a service manager, `kill`)
stops it, and it takes its simulator and embedded server with it. A session-1 demo once
ignored SIGTERM and left its children running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"),
]


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry.name))
            found |= _children(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find child processes")
def test_sigterm_stops_headless_demo_and_its_children(tmp_path: Path) -> None:
    env = {**os.environ, "PLANTCONSOLE_HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env.pop("PLANTCONSOLE_DEMO_CONTROL_PORT", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "demo", "--headless"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line)
            if "syncing with the embedded server" in line:
                break
        assert any("syncing with the embedded server" in s for s in seen), "".join(seen)
        children = _children(proc.pid)
        assert children, "the demo should run a simulator and a server process"
        proc.send_signal(signal.SIGTERM)
        rest, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0, "".join(seen) + rest
        assert "stopped" in rest
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(pid) for pid in children):
            time.sleep(0.2)
        assert not [pid for pid in children if _alive(pid)], "children left running"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
