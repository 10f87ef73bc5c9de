"""Garbage collection on the GUI thread only (widgets.gc_guard)."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from widgets.gc_guard import GuiThreadCollector

# These tests are about the app switching automatic collection off and back on, so they
# start with it on, as a process that has not changed it does (the test run has it off).
pytestmark = pytest.mark.usefixtures("automatic_gc")


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collector_disables_automatic_gc_and_collects_on_its_timer(
    qapp: QApplication, qtbot: Any
) -> None:
    assert gc.isenabled()
    collector = GuiThreadCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        for _ in range(5_000):
            Cycle()
        qtbot.waitUntil(lambda: collector.collections > 0, timeout=5_000)
        assert gc.get_count()[0] <= collector.thresholds[0] + 100
    finally:
        collector.stop()
    assert gc.isenabled()


def test_stop_leaves_gc_off_when_it_was_off_before(qapp: QApplication) -> None:
    gc.disable()
    try:
        collector = GuiThreadCollector()
        collector.stop()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_start_up_pause_and_settle_keep_collection_on_the_gui_thread(
    qapp: QApplication, qtbot: Any
) -> None:
    """The launcher pauses GC while it builds the console and resumes after: with the
    GUI-thread collector running, resuming must not switch automatic GC back on."""
    from widgets import gc_guard, launcher

    collector = GuiThreadCollector(interval_ms=10)
    try:
        launcher.pause_gc()
        assert not gc.isenabled()
        launcher.settle_gc()
        assert not gc.isenabled()  # still only the GUI-thread timer collects
        for _ in range(5_000):
            Cycle()
        qtbot.waitUntil(lambda: collector.collections > 0, timeout=5_000)
    finally:
        collector.stop()
        gc.unfreeze()
    assert gc.isenabled() and gc_guard._active is None
    launcher.pause_gc()
    launcher.settle_gc()
    gc.unfreeze()
    assert gc.isenabled()  # without a collector: automatic GC as before


def test_full_collections_are_held_back_but_young_ones_go_on(
    qapp: QApplication, monkeypatch: Any
) -> None:
    collector = GuiThreadCollector(interval_ms=60_000)  # driven by hand below
    try:
        calls: list[int] = []
        monkeypatch.setattr(gc, "collect", lambda generation=2: calls.append(generation))
        monkeypatch.setattr(gc, "get_count", lambda: (10_000, 0, 10_000))
        collector.check()  # gen 2 due but a full collection ran "just now": gen 0 instead
        assert calls == [0]
        collector._last_full -= 601
        collector.check()
        assert calls == [0, 2]
    finally:
        collector.stop()
