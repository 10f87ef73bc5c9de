"""One console per store: the OS lock next to the store, held by a real second process,
refuses another holder without waiting and goes with the process (killed too)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from models.store.console_lock import StoreInUse, hold_console_lock, lock_path, try_lock

REPO = Path(__file__).resolve().parents[2]
HOLDER = (
    "import sys; from pathlib import Path; "
    "from models.store.console_lock import hold_console_lock; "
    "lock = hold_console_lock(Path(sys.argv[1])); print('held', flush=True); sys.stdin.read()"
)


def holder(store: Path) -> subprocess.Popen[str]:
    """Another process holding the store's console lock until its stdin closes."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(store)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "held"  # blocks until it has the lock
    return process


def test_a_lock_held_by_another_process_is_refused_without_waiting(tmp_path: Path) -> None:
    store = tmp_path / "console.sqlite"
    process = holder(store)
    try:
        assert try_lock(store) is None
        with pytest.raises(StoreInUse, match="already running"):
            hold_console_lock(store)
    finally:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.close()  # the holder ends normally
        process.wait(30)
        process.stdout.close()
    with hold_console_lock(store) as lock:
        assert lock.held and lock.path == lock_path(store)
        assert try_lock(store) is None  # one holder, in this process too
    assert not lock.held
    assert lock_path(store).exists()  # kept: removing it would race with an opener


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    store = tmp_path / "console.sqlite"
    process = holder(store)
    process.kill()
    process.wait(30)
    assert process.stdin is not None and process.stdout is not None
    process.stdin.close()
    process.stdout.close()
    lock = try_lock(store)
    assert lock is not None
    lock.release()
