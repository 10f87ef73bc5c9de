"""Turn transport exceptions into a precise sentence and a machine-readable code."""

from __future__ import annotations

import asyncio
import errno
import socket

from .base import BAD_COMMUNICATION_ERROR, BAD_NOT_CONNECTED, BAD_TIMEOUT, Quality


def seconds(value: float) -> str:
    """1 -> "1.0", 0.25 -> "0.25": the way timeouts appear in error sentences."""
    return f"{value:.1f}" if round(value, 1) == value else f"{value:g}"


def describe(exc: BaseException, timeout_s: float) -> tuple[str, str]:
    """(error sentence, error code) for a transport-level failure."""
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return f"no answer within {seconds(timeout_s)} s", "timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused", "refused"
    if isinstance(exc, socket.gaierror):
        return f"host name not resolved: {exc.strerror or exc}", "dns"
    if isinstance(exc, ConnectionResetError):
        return "connection reset by peer", "reset"
    if isinstance(exc, OSError) and exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        what = "network" if exc.errno == errno.ENETUNREACH else "host"
        return f"{what} unreachable", "unreachable"
    if isinstance(exc, OSError) and exc.errno == errno.ETIMEDOUT:
        return f"no answer within {seconds(timeout_s)} s", "timeout"
    if isinstance(exc, ConnectionError | EOFError):
        return "connection closed by peer", "closed"
    if isinstance(exc, OSError):
        return f"socket error: {exc.strerror or exc}", "os_error"
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}", "error"


def quality_for(error_code: str) -> Quality:
    """The Bad quality points get while the link is down for this reason."""
    if error_code == "timeout":
        return BAD_TIMEOUT
    if error_code in ("malformed",):
        return BAD_COMMUNICATION_ERROR
    return BAD_NOT_CONNECTED


def being_cancelled() -> bool:
    """True when the current task itself is being cancelled (close(), shutdown).

    Protocol libraries sometimes leak a CancelledError from their own internal
    timeouts (pymodbus' connect does); that one is a failed attempt, not a request to
    stop, and must not end a driver's reconnect loop.
    """
    task = asyncio.current_task()
    return task is None or task.cancelling() > 0
