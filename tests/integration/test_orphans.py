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


@pytest.mark.parametrize(
    ("close_stdin", "warning"),
    [(True, "no stdin to watch"), (False, "stdin is not a pipe")],
    ids=["stdin closed", "stdin /dev/null"],
)
def test_stdin_that_says_nothing_about_the_parent_is_not_watched(
    close_stdin: bool, warning: str
) -> None:
    """`--exit-with-parent` without a pipe from the parent: stdin closed, or /dev/null
    (systemd's default, EOF at once): a clear warning, no crash, no exit."""
    code = (
        "import time\n"
        "from server.parent_watch import watch_parent\n"
        "print(watch_parent(lambda: print('GONE', flush=True), grace=0.1))\n"
        "time.sleep(0.5)\n"
        "print('STILL HERE')\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
        preexec_fn=(lambda: os.close(0)) if close_stdin else None,  # the child's fd 0 only
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "STILL", "HERE"]
    assert warning in done.stderr


def test_launcher_reentry_passes_the_flag_through() -> None:
    """The frozen bundle runs `PlantConsole -m simulator ...` / `-m server ...`: both parsers
    must accept --exit-with-parent there (widgets/launcher.py main forwards the rest)."""
    from server.cli import _parser
    from simulator.cli import build_parser
    from simulator.process import SimulatorProcess

    sim = SimulatorProcess()
    sim_args = sim.command(1234)[3:]  # after `python -m simulator`
    sim.stop()  # never started: removes its temp dir
    assert "--exit-with-parent" in sim_args
    assert build_parser().parse_args(sim_args).exit_with_parent
    server_args = ["serve", "--exit-with-parent", "--port", "1"]
    assert _parser().parse_args(server_args).exit_with_parent
