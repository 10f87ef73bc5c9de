"""Shared fixtures: the demo plant, a private PLANTCONSOLE_HOME per test."""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from models.cmdb import Plant
from models.plant_loader import load_plant
from resources import demo_plant_path

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo_path() -> Path:
    return demo_plant_path()


@pytest.fixture(scope="session")
def demo_plant() -> Plant:
    return load_plant(demo_plant_path())


@pytest.fixture(autouse=True)
def restore_exception_hooks() -> Iterator[None]:
    """A test that starts the launcher installs the crash hooks; later tests must not inherit
    them (a later test's failing thread would raise a dialog there)."""
    hooks = sys.excepthook, threading.excepthook
    yield
    sys.excepthook, threading.excepthook = hooks


def pytest_configure(config: pytest.Config) -> None:
    """No automatic cyclic garbage collection in the test process (the app's rule too).

    Automatic collection runs in whichever thread allocates when a threshold is crossed:
    the in-process simulator's loop thread (tests/simulator/conftest.py, alive for the rest
    of the worker's run), an asyncio.to_thread worker, asyncua's executor. If it frees
    a cycle holding a Qt test's widgets there, Qt deletes them from the wrong thread while
    the GUI thread walks its widget list, and crashes (a 20-line script shows it). The
    fixture below collects on the main thread between tests instead, as widgets.gc_guard
    does in the app."""
    gc.disable()


@pytest.fixture(autouse=True)
def collect_garbage_on_the_main_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test, collect here, on the main thread (automatic collection is off).

    After a Qt test everything (first what it left to deleteLater()); after others what
    the collector's thresholds ask for, as automatic collection would have."""
    yield
    if {"qapp", "qtbot"} & set(request.fixturenames):
        delete_later_now()
        gc.collect()
    else:
        collect_due()
    gc.disable()  # a test that switched automatic collection on does not leave it on


def collect_due() -> None:
    """The young generation always; an older one when its threshold is passed."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    generation = 2 if counts[2] > thresholds[2] else 1 if counts[1] > thresholds[1] else 0
    gc.collect(generation)


@pytest.fixture
def automatic_gc() -> Iterator[None]:
    """For the tests of the app's own collection rules: automatic collection on meanwhile,
    as in a process that has not changed it."""
    gc.enable()
    try:
        yield
    finally:
        gc.disable()


def delete_later_now() -> None:
    """Delete now what the test left to deleteLater() (pytest-qt closes its widgets so).

    No event loop runs between tests, so those deletions would wait for the next one a
    later test starts (a qasync loop, a dialog's exec()) and happen inside it. A main
    window's own windows (incident details, editors) stay visible until the window is
    deleted; deleted inside a later test's loop, the last of them closing quits the
    application and stops that loop ("Event loop stopped before Future completed")."""
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets its own settings/data folders: nothing leaks into the user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PLANTCONSOLE_HOME", str(home))
    yield home
