"""Issue 8: importing a plant file shows progress; Cancel leaves the store as it was; one
import at a time; a bad file gets a clear message. A real store file, a real worker."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QPushButton

from app.paths import default_store_path
from app.settings import Settings
from models.plant_loader import load_plant
from models.store import import_plant, last_import, load_cmdb, open_store
from tests.widgets.launcher_rig import INVALID, Dialogs, Pages, run_in_loop
from widgets import launcher, plant_import
from widgets.progress_task import Cancelled

WAIT_S = 30.0  # generous: the machine is shared


async def until(condition: Callable[[], object]) -> None:
    """Wait (letting Qt and the loop run) until `condition()` holds; fail after WAIT_S."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_S
    while not condition():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


def store_state(path: Path) -> tuple[int | None, list[tuple[str, str]]]:
    """The last import's id and every CI's (id, name)."""
    with open_store(path) as store:
        newest = last_import(store)
        return (newest.id if newest else None), [(r.id, r.name) for r in load_cmdb(store)]


@pytest.fixture
def store_path(tmp_path: Path, demo_path: Path) -> Path:
    """A store holding one import of the demo plant."""
    path = tmp_path / "store.sqlite"
    with open_store(path) as store:
        import_plant(store, load_plant(demo_path), str(demo_path), demo_path.read_bytes())
    return path


@pytest.fixture
def renamed(tmp_path: Path, demo_path: Path) -> Path:
    """The demo plant with its site renamed: importing it would change the store."""
    source = tmp_path / "werk-nord.toml"
    text = demo_path.read_text(encoding="utf-8")
    source.write_text(text.replace('name = "Werk Nord"', 'name = "Werk Nord 2"', 1), "utf-8")
    return source


def test_import_keeps_a_copy_and_updates_the_store(
    qapp: QApplication, store_path: Path, renamed: Path
) -> None:
    before = store_state(store_path)
    result = run_in_loop(qapp, plant_import.import_plant_file(renamed, None, store_path))
    assert result == plant_import.imported_copy(renamed)
    assert result.read_bytes() == renamed.read_bytes()
    after = store_state(store_path)
    assert after[0] != before[0] and ("WN", "Werk Nord 2") in after[1]
    assert plant_import._running is None


def test_cancel_during_the_store_import_leaves_the_store_as_it_was(
    qapp: QApplication, store_path: Path, renamed: Path, dialogs: Dialogs
) -> None:
    """The worker waits for the store's write lock (held here) inside the import; Cancel
    then rolls it back. Meanwhile a second import is refused."""
    before = store_state(store_path)
    holder = sqlite3.connect(store_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the import's first write waits for this lock

    async def scenario() -> tuple[Path | None, Path | None, BaseException | None]:
        first = asyncio.ensure_future(plant_import.import_plant_file(renamed, None, store_path))
        await until(lambda: plant_import._running is not None)
        task = plant_import._running
        assert task is not None
        # progress shown: the dialog, at the store step
        await until(lambda: task.dialog.isVisible() and "local store" in task.dialog.labelText())
        second = await plant_import.import_plant_file(renamed, None, store_path)
        button = task.dialog.findChild(QPushButton)
        assert button is not None
        button.click()  # Cancel
        holder.execute("ROLLBACK")  # the worker gets the lock and meets the cancel
        result = await first
        assert task.future is not None and task.future.done()  # stopped before the return
        return result, second, task.future.exception()

    try:
        result, second, stopped_by = run_in_loop(qapp, scenario())
    finally:
        holder.close()
    assert result is None and second is None
    assert isinstance(stopped_by, Cancelled)  # at a cancel point, not a lock timeout
    assert plant_import._running is None
    assert [text for text, _ in dialogs.seen] == [
        "An import is still running: wait for it to finish."
    ]
    assert store_state(store_path) == before
    copy = plant_import.imported_copy(renamed)
    assert not copy.exists() and list(copy.parent.glob(".*.importing")) == []


def test_a_cancel_after_the_import_finished_reports_the_import(
    qapp: QApplication, store_path: Path, renamed: Path, dialogs: Dialogs
) -> None:
    """Cancel pressed as the job ends (committed, the copy in place, the progress timer
    not there yet): the import is reported done, not "the store is as it was"."""
    before = store_state(store_path)

    async def scenario() -> Path | None:
        first = asyncio.ensure_future(plant_import.import_plant_file(renamed, None, store_path))
        await until(lambda: plant_import._running is not None)
        task = plant_import._running
        assert task is not None
        task.timer.stop()  # the 100 ms check has not seen the end yet
        await until(lambda: task.future is not None and task.future.done())
        button = task.dialog.findChild(QPushButton)
        assert button is not None
        button.click()  # Cancel, a moment too late
        return await first

    result = run_in_loop(qapp, scenario())
    assert result == plant_import.imported_copy(renamed) and result.exists()
    assert store_state(store_path) != before
    assert dialogs.seen == []


def test_a_bad_file_gives_a_clear_message_and_changes_nothing(
    qapp: QApplication, store_path: Path, tmp_path: Path, dialogs: Dialogs
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(INVALID, encoding="utf-8")
    before = store_state(store_path)
    assert run_in_loop(qapp, plant_import.import_plant_file(bad, None, store_path)) is None
    ((text, details),) = dialogs.seen
    assert text == f"Could not import {bad}."
    assert "unknown CI 'NOPE'" in details
    assert store_state(store_path) == before
    assert not plant_import.imported_copy(bad).exists()


def test_import_from_the_welcome_page_remembers_the_copy(
    qapp: QApplication, renamed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Import a plant file…": the copy is imported into the user's store and becomes the
    configured plant file once it loaded (the console itself is not started here)."""
    started: list[str] = []

    async def console(args: argparse.Namespace, plant: Any) -> int:
        started.append(plant.nodes[plant.root].name)
        return 0

    pages = Pages([("import", str(renamed))])
    monkeypatch.setattr(launcher, "WelcomePage", pages.page_class())
    monkeypatch.setattr(launcher, "_run", console)
    args = argparse.Namespace(command=None, verbose=False, lang="en", settings=Settings())
    assert run_in_loop(qapp, launcher.home(args)) == 0
    copy = plant_import.imported_copy(renamed)
    assert started == ["Werk Nord 2"]
    assert Settings.load()[0].plant_file == str(copy)
    assert store_state(default_store_path())[1][0] == ("WN", "Werk Nord 2")
