"""`--exit-with-parent`: stop when the process that started us dies, even by SIGKILL.

The parent (server/process.py ServerProcess) starts us with stdin a pipe and keeps the
write end open without ever writing. When the parent dies in any way - SIGKILL, a crash,
Windows "end task" - the OS closes that end and our read sees EOF: we then stop cleanly,
and if that takes longer than `grace` seconds, hard (os._exit). Cross-platform, no polling.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable

PARENT_GONE_EXIT = 3  # exit code of the hard stop


def _raise_sigterm() -> None:
    # In-process, so on Windows too it reaches the handler uvicorn installs (a clean stop).
    signal.raise_signal(signal.SIGTERM)


def watch_parent(on_parent_gone: Callable[[], None] = _raise_sigterm, grace: float = 5.0) -> bool:
    """Start a daemon thread waiting for EOF on stdin; False (and a warning) without stdin.

    Reads the file descriptor itself, not sys.stdin.buffer: a daemon thread blocked inside
    the BufferedReader holds its lock, and interpreter shutdown can then abort on it."""
    try:
        fd = sys.stdin.fileno() if sys.stdin is not None else 0
        mode = os.fstat(fd).st_mode
    except (OSError, ValueError):
        print("--exit-with-parent: no stdin to watch; not watching the parent", file=sys.stderr)
        return False
    if not stat.S_ISFIFO(mode):
        # /dev/null (a service manager's default) would read EOF at once and a terminal
        # would lose keystrokes: only a pipe held by the parent says anything about it.
        print("--exit-with-parent: stdin is not a pipe; not watching the parent", file=sys.stderr)
        return False

    def wait_for_eof() -> None:
        with contextlib.suppress(OSError):  # a broken pipe is the parent gone too
            while os.read(fd, 65536):
                pass
        with contextlib.suppress(OSError, ValueError):  # stderr may be gone with the parent
            print("parent process gone: stopping", file=sys.stderr, flush=True)
        try:
            on_parent_gone()
        finally:
            time.sleep(grace)
            os._exit(PARENT_GONE_EXIT)

    threading.Thread(target=wait_for_eof, name="parent-watch", daemon=True).start()
    return True
