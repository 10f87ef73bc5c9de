"""One console per store, and `plantconsole register` only while none runs on it.

A running console (the window, `run --headless`) reads the store's console id once and
stamps everything it writes with it. If `register` re-stamped the queue and changed
the id under it, the console would go on writing as the old id, and a later register
would find nothing to re-stamp: the server quarantines those items. So a console holds
an exclusive OS lock on a file next to the store (`STORE.lock`) for its lifetime, and
`register` takes the same lock without waiting before it saves or re-stamps anything.

The lock is the OS's (flock on POSIX, msvcrt.locking on Windows): it goes with the
process, so a console that crashed leaves no stale lock behind. The lock file itself
stays (removing it would race with a process that just opened it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from models.store.engine import Store, open_store
from models.store.errors import StoreError


def lock_path(store_path: Path) -> Path:
    """The lock file of the store at `store_path`."""
    return store_path.with_name(store_path.name + ".lock")


class StoreInUse(StoreError):
    """Another PlantConsole holds the store's console lock."""


class ConsoleLock:
    """The held lock of one store; `release` it (or use `with`)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the descriptor releases the OS lock

    def __enter__(self) -> ConsoleLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def try_lock(store_path: Path) -> ConsoleLock | None:
    """The store's console lock, taken without waiting; None when another process (or
    another holder in this one) has it. StoreError when the lock file cannot be opened."""
    path = lock_path(Path(store_path).absolute())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)  # not inherited by children
    except OSError as exc:
        raise StoreError(path, f"cannot open the lock file {path}: {exc}") from None
    try:
        if not _lock(fd):
            os.close(fd)
            return None
    except BaseException:
        os.close(fd)
        raise
    return ConsoleLock(path, fd)


def hold_console_lock(store_path: Path) -> ConsoleLock:
    """The lock a console holds while it has the store open; StoreInUse when another
    console already runs with this store."""
    lock = try_lock(store_path)
    if lock is None:
        raise StoreInUse(
            Path(store_path),
            f"PlantConsole is already running with the store {store_path} (one console per store)",
        )
    return lock


def open_as_console(store_path: Path) -> tuple[ConsoleLock, Store]:
    """The store opened by a console, with the console lock it holds while open
    (StoreInUse when another console runs with it; the lock released if opening fails)."""
    lock = hold_console_lock(store_path)
    try:
        return lock, open_store(store_path)
    except BaseException:
        lock.release()
        raise


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # byte 0; beyond EOF is allowed
        except OSError:
            return False
        return True

else:
    import fcntl

    def _lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
