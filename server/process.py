"""`python -m server serve ...` as a child process: for the demo, the tests and the bench.

Picks a free loopback port once and keeps it across restarts, so clients can go on
using the same URL after `kill()` and `start()`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

import httpx


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    def __init__(
        self,
        database_url: str | None = None,
        *,
        port: int = 0,
        extra_args: tuple[str, ...] = (),
        config_text: str | None = None,
        cert: Path | None = None,
        key: Path | None = None,
        startup_timeout: float = 60.0,
    ) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="plantconsole-server-"))
        self.database_url = database_url or f"sqlite:///{self.dir / 'server.sqlite'}"
        self.port = port or free_port()
        self.extra_args = extra_args
        self.cert, self.key = cert, key
        self.startup_timeout = startup_timeout
        self.config_path: Path | None = None
        if config_text is not None:
            self.config_path = self.dir / "server.toml"
            self.config_path.write_text(config_text, encoding="utf-8")
        self.log_path = self.dir / "server.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self.cert else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def command(self) -> list[str]:
        # --exit-with-parent: the server watches its stdin, a pipe whose write end only we
        # hold; if we are killed (SIGKILL, a crash, "end task") it sees EOF and stops.
        cmd = [sys.executable, "-m", "server", "serve", "--exit-with-parent"]
        cmd += ["--database", self.database_url]
        cmd += ["--host", "127.0.0.1", "--port", str(self.port), *self.extra_args]
        if self.config_path:
            cmd += ["--config", str(self.config_path)]
        if self.cert and self.key:
            cmd += ["--cert", str(self.cert), "--key", str(self.key)]
        return cmd

    def create_admin(self, user: str, password: str) -> None:
        cmd = [
            sys.executable,
            "-m",
            "server",
            "create-admin",
            user,
            "--database",
            self.database_url,
        ]
        subprocess.run(cmd, input=password.encode() + b"\n", check=True, capture_output=True)

    def start(self) -> ServerProcess:
        self._close_stdin()  # a restart: the previous process has been stopped or killed
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                self.command(),
                stdin=subprocess.PIPE,  # kept open, never written: see command()
                stdout=log,
                stderr=subprocess.STDOUT,
                env=dict(os.environ),
            )
        try:
            self._wait_healthy()
        except BaseException:
            if self._process.poll() is not None:  # exited: nothing left to stop() later
                self._close_stdin()
            raise
        return self

    def _wait_healthy(self) -> None:
        end = time.monotonic() + self.startup_timeout
        while time.monotonic() < end:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(f"server exited with {self._process.returncode}:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1.0, verify=False).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server not healthy within {self.startup_timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-5000:]

    def _close_stdin(self) -> None:
        if self._process is not None and self._process.stdin is not None:
            self._process.stdin.close()

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush: what a power cut does to the process."""
        if self._process and self._process.poll() is None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait()
        self._close_stdin()

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_stdin()

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
