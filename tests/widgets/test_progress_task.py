"""Long work shows progress and can be cancelled; the job runs off the GUI thread."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtWidgets import QPushButton

from widgets.progress_task import Cancelled, Progress, ProgressTask


def test_result_and_progress_reach_the_dialog(qtbot: Any) -> None:
    seen_threads: list[str] = []

    def job(progress: Progress) -> int:
        seen_threads.append(threading.current_thread().name)
        for step in range(5):
            progress.update(step + 1, 5, f"step {step + 1}")
            time.sleep(0.03)
        return 42

    task = ProgressTask(None, "Working …", job, min_duration_ms=0)
    with qtbot.waitSignal(task.succeeded, timeout=5000) as result:
        task.start()
    assert result.args == [42]
    assert seen_threads and seen_threads[0] != threading.main_thread().name


def test_cancel_stops_a_cooperative_job(qtbot: Any) -> None:
    steps: list[int] = []
    started = threading.Event()

    def job(progress: Progress) -> None:
        for step in range(1000):
            started.set()
            progress.check()
            steps.append(step)
            time.sleep(0.005)

    task = ProgressTask(None, "Importing …", job, min_duration_ms=0)
    task.start()
    assert started.wait(5)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    assert task.future is not None
    assert isinstance(task.future.exception(timeout=5), Cancelled)  # the job stopped itself
    assert len(steps) < 1000


def test_a_failing_job_reports_its_error(qtbot: Any) -> None:
    def job(progress: Progress) -> None:
        raise ValueError("bad plant file")

    task = ProgressTask(None, "Importing …", job)
    with qtbot.waitSignal(task.failed, timeout=5000) as failed:
        task.start()
    assert isinstance(failed.args[0], ValueError)
