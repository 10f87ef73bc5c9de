"""Import a plant file (the welcome page's choice) with progress and a Cancel that undoes it.

The job runs in a worker thread (`widgets.progress_task`): it checks the file, imports it
into the local store in one transaction and keeps a copy in the data folder. Cancel is
looked at between steps, before every SQL statement of the import and before its commit;
raised there, it rolls the transaction back, so a cancelled import leaves the store as it
was. The copy is written beside its place first and moved there only after the commit.

One import at a time: after a Cancel, `import_plant_file` returns only once the worker
has stopped (no second import can start while the first still writes), and a call while
one runs is refused with a message.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.paths import data_dir, default_store_path
from models.plant_loader import load_plant
from widgets import crash
from widgets.progress_task import Cancelled, Progress, ProgressTask
from widgets.splash import splash

if TYPE_CHECKING:
    from models.store import Store

log = logging.getLogger("plantconsole.import")
STEPS = 3
_running: ProgressTask | None = None  # the import whose worker has not ended yet


def imported_copy(source: Path) -> Path:
    """Where the data folder keeps the imported plant file."""
    return data_dir() / "plants" / source.name


@contextlib.contextmanager
def cancel_points(store: Store, check: Callable[[], None]) -> Iterator[None]:
    """`check()` before every SQL statement on `store` and before each commit.

    What `check` raises (Cancelled) aborts the statement or the commit inside the
    transaction, which then rolls back: nothing of a cancelled import is kept."""
    from sqlalchemy import event  # the store's library loads with the import only

    engine = store.engine

    def before_statement(*_: Any) -> None:
        check()

    def before_commit(_connection: Any) -> None:
        check()

    event.listen(engine, "before_cursor_execute", before_statement)
    event.listen(engine, "commit", before_commit)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", before_statement)
        event.remove(engine, "commit", before_commit)


def import_job(source: Path, store_path: Path | None = None) -> Callable[[Progress], Path]:
    """The worker's job: check `source`, import it into the store, keep its copy."""

    def job(progress: Progress) -> Path:
        from models.store import import_plant, open_store

        progress.update(
            0,
            STEPS,
            QCoreApplication.translate("launcher", "Checking %1 …").replace("%1", source.name),
        )
        plant = load_plant(source)
        data = source.read_bytes()  # the copy and the recorded hash are of these bytes
        progress.check()
        progress.update(
            1, STEPS, QCoreApplication.translate("launcher", "Copying into the data folder …")
        )
        target = imported_copy(source)
        staged = _stage_copy(source, target, data)
        try:
            progress.check()
            progress.update(
                2, STEPS, QCoreApplication.translate("launcher", "Importing into the local store …")
            )
            path = store_path or default_store_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            with open_store(path) as store, cancel_points(store, progress.check):
                report = import_plant(store, plant, str(target), data)
            if staged is not None:  # committed: the copy takes its place (a rename)
                os.replace(staged, target)
                staged = None
        finally:
            if staged is not None:
                staged.unlink(missing_ok=True)
        log.info("imported %s into %s: %s", source, path, "; ".join(report.summary()))
        progress.update(STEPS, STEPS)
        return target

    return job


def _stage_copy(source: Path, target: Path, data: bytes) -> Path | None:
    """`data` written beside `target` (None when `source` already is the kept copy)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and target.resolve() == source.resolve():
        return None
    staged = target.with_name(f".{target.name}.importing")
    staged.write_bytes(data)
    return staged


async def import_plant_file(
    source: Path, parent: QWidget | None = None, store_path: Path | None = None
) -> Path | None:
    """Import with a progress dialog; the kept copy, or None when cancelled, refused or
    the file has problems (said in a dialog and the log)."""
    global _running
    if _running is not None:
        crash.show_error(
            "PlantConsole",
            QCoreApplication.translate(
                "launcher", "An import is still running: wait for it to finish."
            ),
        )
        return None
    task = ProgressTask(
        parent,
        QCoreApplication.translate("launcher", "Importing plant file …"),
        import_job(source, store_path),
    )
    _running = task
    try:
        result: Path = await task.wait()
        return result
    except (asyncio.CancelledError, Cancelled):
        log.info("import of %s cancelled: waiting for the worker to roll back", source)
        await worker_stopped(task)
        future = task.future
        if future is not None and not future.cancelled() and future.exception() is None:
            # Cancel came after the commit (or as the job ended): the import is done
            log.info("import of %s finished before the cancel took effect", source)
            done: Path = future.result()
            return done
        log.info("import of %s cancelled; the store is as it was", source)
        return None
    except Exception as exc:
        log.warning("import of %s failed: %s", source, exc)
        crash.show_error(
            "PlantConsole",
            QCoreApplication.translate("launcher", "Could not import %1.").replace(
                "%1", str(source)
            ),
            str(exc),
        )
        return None
    finally:
        await worker_stopped(task)
        _running = None


async def worker_stopped(task: ProgressTask) -> None:
    """Until the job's thread has ended (after a Cancel: at its next cancel point)."""
    future = task.future
    if future is None or future.done():
        return
    note = splash(
        QCoreApplication.translate("launcher", "Cancelling the import …"), "importCancelling"
    )
    try:
        with contextlib.suppress(Exception):
            await asyncio.wrap_future(future)
    finally:
        note.close()
        note.deleteLater()
