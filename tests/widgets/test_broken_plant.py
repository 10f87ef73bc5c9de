"""Issue 8: a plant file with problems never traps a user without a terminal.

`plantconsole` (the Start-menu shortcut) with a broken configured plant file, or a broken
file opened on the welcome page: the problems are logged and shown in the dialog's
details, the welcome page comes back with a notice, and the settings keep what they had.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.settings import Settings
from tests.widgets.launcher_rig import INVALID, SYNTAX_ERROR, Dialogs, Pages, home_args, run_in_loop
from widgets import launcher


def test_a_broken_configured_plant_file_brings_the_welcome_page_back(
    qapp: QApplication,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """TOML syntax error in the configured file: shown, logged, welcome page, settings kept."""
    broken = tmp_path / "werk.toml"
    broken.write_text(SYNTAX_ERROR, encoding="utf-8")
    configured = Settings(plant_file=str(broken), language="en")
    configured.save()
    pages = Pages([None])
    monkeypatch.setattr(launcher, "WelcomePage", pages.page_class())

    with caplog.at_level(logging.ERROR, logger="plantconsole.plant"):
        assert run_in_loop(qapp, launcher.home(home_args(configured))) == 0

    (text, details), *_ = dialogs.seen
    assert str(broken) in text and "welcome page" in text
    assert "not valid TOML" in details and f"{broken}:1" in details
    assert "not valid TOML" in caplog.text  # in the log file too (no stderr on Windows)
    assert len(pages.notices) == 1
    assert "has problems and was not loaded" in pages.notices[0]
    assert "not valid TOML" in pages.notices[0]
    assert "choose another plant file" in pages.intros[0]
    assert Settings.load()[0] == configured


def test_a_broken_file_opened_on_the_welcome_page_is_not_remembered(
    qapp: QApplication, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file that fails validation, chosen with "Open": the page comes back with the
    problem, and the settings still have no plant file."""
    invalid = tmp_path / "invalid.toml"
    invalid.write_text(INVALID, encoding="utf-8")
    pages = Pages([("open", str(invalid)), None])
    monkeypatch.setattr(launcher, "WelcomePage", pages.page_class())

    assert run_in_loop(qapp, launcher.home(home_args(Settings()))) == 0

    (text, details), *_ = dialogs.seen
    assert str(invalid) in text
    assert "unknown CI 'NOPE'" in details
    assert pages.notices[0] == ""  # first start: nothing configured yet
    assert "unknown CI 'NOPE'" in pages.notices[1]
    assert Settings.load()[0].plant_file == ""


def test_a_long_problem_list_is_cut_on_the_page(tmp_path: Path, qapp: QApplication) -> None:
    problems = [f"werk.toml:{n}: problem {n}" for n in range(1, 12)]
    notice = launcher.problems_notice(tmp_path / "werk.toml", problems)
    assert "problem 5" in notice and "problem 6" not in notice
    assert "… and 6 more (see the log:" in notice


def test_run_with_a_broken_plant_file_shows_every_problem(
    qapp: QApplication, dialogs: Dialogs, tmp_path: Path
) -> None:
    """`plantconsole run --config FILE` (from a terminal): exit 1, problems in the details."""
    invalid = tmp_path / "invalid.toml"
    invalid.write_text(INVALID, encoding="utf-8")
    args = argparse.Namespace(
        command="run", config=str(invalid), timeout=None, lang="en", settings=Settings()
    )
    assert run_in_loop(qapp, launcher.run(args)) == 1
    (text, details), *_ = dialogs.seen
    assert "has problems and was not loaded" in text and "unknown CI 'NOPE'" in details
