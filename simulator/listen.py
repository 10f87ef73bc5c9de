"""Bind listeners on a device's own loopback address, with a fallback where it cannot be bound."""

from __future__ import annotations

import asyncio
import errno
import socket
from collections.abc import Awaitable, Callable

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
FALLBACK_HOST = "127.0.0.1"


class ListenError(OSError):
    """A listener could not be opened; the message says where and what to do."""


async def open_listener(
    handler: Handler, host: str, port: int, free_port: bool
) -> tuple[asyncio.Server, str, int]:
    """Listen on host:port (port 0 when `free_port`); returns the server and its real address.

    With `free_port`, an address that cannot be bound (127.0.1.x on Windows or macOS)
    falls back to 127.0.0.1.
    """
    wanted = 0 if free_port else port
    try:
        server = await asyncio.start_server(handler, host, wanted)
    except OSError as exc:
        if free_port and host != FALLBACK_HOST and exc.errno in (errno.EADDRNOTAVAIL, None):
            server = await asyncio.start_server(handler, FALLBACK_HOST, 0)
        else:
            hint = " (use --free-ports)" if not free_port else ""
            raise ListenError(
                exc.errno, f"cannot listen on {host}:{port}: {exc.strerror}{hint}"
            ) from exc
    bound_host, bound_port = server.sockets[0].getsockname()[:2]
    return server, str(bound_host), int(bound_port)


def free_tcp_port(host: str = FALLBACK_HOST) -> int:
    """A port that was free a moment ago (for a control API address chosen up front)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])
