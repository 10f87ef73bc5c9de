"""Run the simulator in its own process (for the console's demo mode and integration tests).

with SimulatorProcess() as sim:
    plant = load_plant(sim.effective_plant_path)
    sim.client.inject("SW-L3-043", "down")
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import IO

from simulator.control_client import ControlClient
from simulator.listen import free_tcp_port

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class SimulatorError(RuntimeError):
    """The simulator process did not become ready; the message carries its stderr."""


class SimulatorProcess:
    """`python -m simulator serve --free-ports ...` as a child process, stopped on exit."""

    def __init__(
        self,
        plant_file: str | Path | None = None,
        *,
        devices: int = 0,
        startup_timeout: float = 60.0,
        python: str = sys.executable,
        control_port: int = 0,
        tick_ms: int | None = None,
        gateway_stride: int | None = None,
    ) -> None:
        self.plant_file = Path(plant_file) if plant_file is not None else None
        self.devices = devices
        self.startup_timeout = startup_timeout
        self.python = python
        self.control_port = control_port  # 0: pick a free port at start()
        self.tick_ms = tick_ms  # None: the simulator's defaults (500 ms, gateway every 4th tick)
        self.gateway_stride = gateway_stride
        self._dir = Path(tempfile.mkdtemp(prefix="plantconsole-sim-"))
        self.effective_plant_path = self._dir / "effective_plant.toml"
        self.control_url = ""
        self._process: subprocess.Popen[str] | None = None
        self._stderr: IO[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader: threading.Thread | None = None
        self._last_stderr = ""

    def __enter__(self) -> SimulatorProcess:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def client(self) -> ControlClient:
        return ControlClient(self.control_url)

    def command(self, control_port: int) -> list[str]:
        # --exit-with-parent: the child watches its stdin, a pipe whose write end only we
        # hold; if we are killed (SIGKILL, a crash, "end task") it sees EOF and stops.
        cmd = [self.python, "-m", "simulator", "serve", "--free-ports", "--exit-with-parent"]
        cmd += ["--write-plant", str(self.effective_plant_path)]
        cmd += ["--control", f"127.0.0.1:{control_port}"]
        if self.plant_file is not None:
            cmd += ["--plant", str(self.plant_file)]
        if self.devices:
            cmd += ["--devices", str(self.devices)]
        if self.tick_ms is not None:
            cmd += ["--tick-ms", str(self.tick_ms)]
        if self.gateway_stride is not None:
            cmd += ["--gateway-stride", str(self.gateway_stride)]
        return cmd

    def start(self) -> None:
        """Start the child and wait until it prints READY (SimulatorError on failure or timeout)."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PACKAGE_ROOT), env.get("PYTHONPATH", "")) if p
        )
        env["PYTHONUNBUFFERED"] = "1"
        self._stderr = open(self._dir / "stderr.log", "w+", encoding="utf-8")  # noqa: SIM115
        self._process = subprocess.Popen(
            self.command(self.control_port or free_tcp_port()),
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            stdin=subprocess.PIPE,  # kept open, never written: see command()
            text=True,
            env=env,
            # Its own session: Ctrl+C in the console's terminal reaches the console only,
            # which then stops the monitor first and the simulator after it.
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read_stdout, daemon=True)
        self._reader.start()
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _read_stdout(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def _wait_ready(self) -> None:
        while True:
            try:
                line = self._lines.get(timeout=self.startup_timeout)
            except queue.Empty:
                raise SimulatorError(
                    f"simulator not ready after {self.startup_timeout:g} s\n{self.stderr_text()}"
                ) from None
            if line is None:
                raise SimulatorError(f"simulator exited before it was ready\n{self.stderr_text()}")
            if line.startswith("READY "):
                self.control_url = line.split(" ", 1)[1].strip()
                return

    def stderr_text(self) -> str:
        """What the simulator wrote on stderr so far (kept after `stop`)."""
        if self._stderr is None:
            return self._last_stderr
        self._stderr.flush()
        return (self._dir / "stderr.log").read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM, then SIGKILL after `timeout`; the exit code."""
        code = None
        process = self._process
        if process is not None:
            if process.poll() is None:
                if sys.platform == "win32":
                    process.terminate()
                else:
                    process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout)
            code = process.returncode
            if self._reader is not None:
                self._reader.join(timeout)  # the child has exited: its stdout is at EOF
            for pipe in (process.stdout, process.stdin):
                if pipe is not None:
                    pipe.close()
            self._process = None
        if self._stderr is not None:
            self._last_stderr = self.stderr_text()
            self._stderr.close()
            self._stderr = None
        shutil.rmtree(self._dir, ignore_errors=True)
        return code
