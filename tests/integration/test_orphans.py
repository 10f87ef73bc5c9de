"""A console killed outright (SIGKILL, a crash, "end task") leaves no orphans: the
simulator and the server it started see EOF on their stdin pipe and stop by themselves.
Before, both ran on forever and held their ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and /proc"),
    pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see the processes"),
]

PARENT = textwrap.dedent(
    """
    import sys, time
    from server.process import ServerProcess
    from simulator.process import SimulatorProcess

    sim = SimulatorProcess(devices=0)
    sim.start()
    server = ServerProcess().start()
    print(f"PIDS {sim.pid} {server.pid} {server.port}", flush=True)
    time.sleep(600)
    """
)


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def test_children_exit_when_the_parent_is_sigkilled(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    # TMPDIR: the temp dirs the killed parent cannot remove any more land in tmp_path
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONUNBUFFERED": "1", "TMPDIR": str(tmp_path)}
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert parent.stdout is not None
    children: list[int] = []
    try:
        line = parent.stdout.readline()
        assert line.startswith("PIDS "), line + parent.stdout.read()
        sim_pid, server_pid, server_port = (int(x) for x in line.split()[1:])
        children = [sim_pid, server_pid]
        assert all(_alive(pid) for pid in children)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in children):
            time.sleep(0.1)
        left = [pid for pid in children if _alive(pid)]
        assert not left, f"orphans still running: {left} (simulator {sim_pid}, server {server_pid})"
        assert _port_free(server_port), "the server's port is still held"
    finally:
        parent.stdout.close()
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for pid in children:  # only the processes this test started
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
