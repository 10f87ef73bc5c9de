"""Issue 8: "Sound" is one setting: the Settings dialog and the incident menu's toggle both
change it, it applies at once to every open window, and it is saved."""

from __future__ import annotations

from typing import Any

import pytest

from app.settings import Settings, settings_path
from tests.widgets.test_incidents_list import Rig
from widgets.live_settings import live_settings
from widgets.main_window import MainWindow
from widgets.settings_dialog import SettingsDialog


def test_the_dialogs_sound_applies_to_an_open_console_at_once(
    window: MainWindow, rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    console = window.incident_console
    assert console is not None and console.sound.enabled
    played: list[str] = []
    console.sound.player = lambda: played.append("beep")

    def untick_and_ok(dialog: SettingsDialog) -> int:  # the user, in the modal dialog
        dialog.sound_check.setChecked(False)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(SettingsDialog, "exec", untick_and_ok)
    window.on_settings()  # File > Settings…
    assert not console.sound.enabled and not console.actions["sound"].isChecked()
    assert Settings.load()[0].sound is False
    rig.service.raise_manual("AR-042-PLC", "line stop by hand", impact=1, urgency=1)
    assert played == []


def test_the_menu_toggle_is_saved_and_other_windows_follow(
    window: MainWindow, rig: Rig, qtbot: Any
) -> None:
    other = MainWindow(rig.feed.service, incidents=rig.qt)  # the demo's second console
    qtbot.addWidget(other)
    first, second = window.incident_console, other.incident_console
    assert first is not None and second is not None
    saved: list[Settings] = []
    live_settings().changed.connect(saved.append)
    try:
        first.actions["sound"].setChecked(False)
    finally:
        live_settings().changed.disconnect(saved.append)
    assert [s.sound for s in saved] == [False]  # saved once: the follower does not save again
    assert Settings.load()[0].sound is False
    assert not second.sound.enabled and not second.actions["sound"].isChecked()
    assert not first.sound.enabled


def test_a_toggle_that_cannot_be_saved_still_applies_and_says_so(window: MainWindow) -> None:
    console = window.incident_console
    assert console is not None
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().with_suffix(".tmp").mkdir()  # Settings.save() writes there first: fails
    messages: list[str] = []
    console.statusMessage.connect(messages.append)
    console.actions["sound"].setChecked(False)
    assert not console.sound.enabled
    assert messages and messages[0].startswith("The sound setting could not be saved")


def test_the_dialog_says_polling_changes_need_a_restart(qtbot: Any) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert "next start" in dialog.restart_note.text()
    assert "Sound" in dialog.restart_note.text()
