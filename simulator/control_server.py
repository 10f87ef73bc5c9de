"""Run the control API with uvicorn inside the simulator's own asyncio loop."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator

import uvicorn
from fastapi import FastAPI


class _InLoopServer(uvicorn.Server):
    """uvicorn without its signal handlers: the simulator owns SIGINT/SIGTERM."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class ControlServer:
    """The HTTP control API on a loopback address (port 0 picks a free one)."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> None:
        config = uvicorn.Config(app, log_config=None, log_level="warning", access_log=False)
        config.lifespan = "off"
        self._server = _InLoopServer(config)
        self._host = host
        self._port = port
        self._task: asyncio.Task[None] | None = None
        self.url = ""

    async def start(self, startup_limit_s: float = 10.0) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self._host, self._port))
        except OSError as exc:
            sock.close()
            raise OSError(
                exc.errno, f"control API cannot listen on {self._host}:{self._port}: {exc.strerror}"
            ) from exc
        host, port = sock.getsockname()[:2]
        self.url = f"http://{host}:{port}"
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + startup_limit_s
        while not self._server.started:
            if self._task.done():
                self._task.result()
                raise RuntimeError("control API stopped while starting")
            if loop.time() > deadline:
                raise TimeoutError("control API did not start")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self._task is None:
            return
        self._server.should_exit = True
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._task), 5.0)
        if not self._task.done():
            self._server.force_exit = True
            self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
