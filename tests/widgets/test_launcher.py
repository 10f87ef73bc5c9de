"""The GUI entry point: which commands open the window, which go to app.cli; no silent errors."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

import pytest

from widgets import crash, launcher


@pytest.fixture
def gui_calls(monkeypatch: pytest.MonkeyPatch) -> list[argparse.Namespace]:
    calls: list[argparse.Namespace] = []
    monkeypatch.setattr(launcher, "start_gui", lambda args: calls.append(args) or 0)
    return calls


def test_demo_and_run_open_the_window(gui_calls: list[argparse.Namespace]) -> None:
    assert launcher.main(["demo"]) == 0
    assert launcher.main(["run", "--config", "plant.toml", "--lang", "de"]) == 0
    assert [(a.command, a.lang) for a in gui_calls] == [("demo", "en"), ("run", "de")]


def test_other_commands_go_to_app_cli(
    gui_calls: list[argparse.Namespace], demo_path: Path, tmp_path: Path, capsys: Any
) -> None:
    assert launcher.main(["check-config", str(demo_path)]) == 0
    assert launcher.main(["run", "--config", str(tmp_path / "missing.toml"), "--headless"]) == 1
    assert gui_calls == []
    assert "missing.toml" in capsys.readouterr().err


def test_unhandled_exceptions_are_logged_and_shown(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(crash, "show_error", lambda *a: shown.append(a))
    try:
        raise ValueError("broken slot")
    except ValueError as exc:
        with caplog.at_level(logging.ERROR):
            crash.excepthook(ValueError, exc, exc.__traceback__)
    assert "unhandled exception" in caplog.text
    assert shown[0][1] == "ValueError: broken slot"
    assert "Traceback" in shown[0][2]


def test_gc_paused_while_building_and_frozen_after(automatic_gc: None) -> None:
    """Start-up builds without collections; afterwards the collector runs again and no
    longer re-scans what start-up built (gc.freeze)."""
    import gc

    assert gc.isenabled()
    try:
        launcher.pause_gc()
        assert not gc.isenabled()
        built = [[n] for n in range(1000)]  # long-lived objects made during start-up
        launcher.settle_gc()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(built)
    finally:
        gc.unfreeze()
        gc.enable()
