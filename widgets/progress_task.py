"""Long work off the GUI thread with a progress dialog and a working Cancel.

    task = ProgressTask(parent, "Importing plant …", job)   # job(progress) -> result
    task.start()                                            # or: await task.wait()

`job` runs in a worker thread (the one executor helper) and never touches widgets:
it reports through `Progress.update(done, total, text)` and looks at
`Progress.cancelled` between steps; a timer on the GUI thread carries the numbers
into the QProgressDialog. Cancel sets the flag and, for a job that never looks,
stops waiting for it (its result is then dropped).

Signals:
    succeeded(object): the job's result
    failed(object): the exception the job raised
    cancelled(): the user pressed Cancel (or `cancel()` was called)
    done(): after any of the three
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

_executor = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="progress")


class Cancelled(Exception):
    """Raised by `Progress.check()` inside a job once the user pressed Cancel."""


class Progress:
    """Thread-safe progress numbers and the cancel flag, shared by job and dialog."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self.done, self.total, self.text = 0, 0, ""

    def update(self, done: int, total: int = 0, text: str = "") -> None:
        with self._lock:
            self.done, self.total = done, total
            if text:
                self.text = text

    def snapshot(self) -> tuple[int, int, str]:
        with self._lock:
            return self.done, self.total, self.text

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled


Job = Callable[[Progress], Any]


class ProgressTask(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    done = Signal()

    def __init__(
        self, parent: QWidget | None, label: str, job: Job, *, min_duration_ms: int = 400
    ) -> None:
        super().__init__(parent)
        self.job = job
        self.progress = Progress()
        self.future: concurrent.futures.Future[Any] | None = None
        self.dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, parent)
        self.dialog.setObjectName("progressTask")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(min_duration_ms)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self.on_tick)
        self._finished = False

    def start(self) -> None:
        self.future = _executor.submit(self.job, self.progress)
        self.timer.start()

    async def wait(self) -> Any:
        """Start and await the result (qasync); raises the job's error or CancelledError."""
        loop = asyncio.get_running_loop()
        outcome: asyncio.Future[Any] = loop.create_future()

        def settle(kind: str, value: object = None) -> None:
            if outcome.done():
                return
            if kind == "ok":
                outcome.set_result(value)
            elif kind == "error":
                outcome.set_exception(value)  # type: ignore[arg-type]
            else:
                outcome.cancel()

        self.succeeded.connect(lambda value: settle("ok", value))
        self.failed.connect(lambda exc: settle("error", exc))
        self.cancelled.connect(lambda: settle("cancel"))
        self.start()
        return await outcome

    def cancel(self) -> None:
        if self._finished:
            return
        self.progress.cancel()
        self._finish()
        self.cancelled.emit()
        self.done.emit()

    def on_tick(self) -> None:
        done, total, text = self.progress.snapshot()
        if total:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        if text:
            self.dialog.setLabelText(text)
        future = self.future
        if future is None or not future.done() or self._finished:
            return
        self._finish()
        error = future.exception()
        if isinstance(error, Cancelled):
            self.cancelled.emit()
        elif error is not None:
            self.failed.emit(error)
        else:
            self.succeeded.emit(future.result())
        self.done.emit()

    def _finish(self) -> None:
        self._finished = True
        self.timer.stop()
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()
