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


@pytest.fixture(autouse=True)
def collect_qt_garbage_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a Qt test, free its reference cycles here, on the GUI thread. Left to automatic
    GC, a later test's worker thread (asyncua's executor) frees them, and Qt objects
    destroyed from the wrong thread warn or crash (widgets.gc_guard does this in the app)."""
    yield
    if {"qapp", "qtbot"} & set(request.fixturenames):
        delete_later_now()
        gc.collect()


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
