"""The settings dialog: edits round-trip, passwords go to the keyring, bad input is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from PySide6.QtWidgets import QApplication, QDialog

from app.settings import SERVER_PASSWORD, Settings
from models.cmdb import Plant
from tests.app.test_settings import MemoryKeyring
from widgets import i18n, settings_dialog, theme
from widgets.settings_dialog import SettingsDialog, plant_password_refs


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def restore_look(qapp: QApplication) -> Iterator[None]:
    yield
    theme.apply_theme(qapp, "light")
    i18n.install_language(qapp, "en")


def test_edits_become_settings_and_passwords_go_to_the_keyring(
    qtbot: Any, memory_keyring: MemoryKeyring, private_home: Path
) -> None:
    dialog = SettingsDialog(
        Settings(), ["keyring:plantconsole-opcua/operator"], choose_plant=lambda _: "/p/w.toml"
    )
    qtbot.addWidget(dialog)
    dialog.browse_button.click()
    dialog.server_edit.setText("https://console.example:8443")
    dialog.user_edit.setText("mmeier")
    dialog.password_edit.setText("server-pw-1")
    dialog.opcua_edits["keyring:plantconsole-opcua/operator"].setText("opc-pw-2")
    dialog.poll_spin.setValue(1500)
    dialog.sound_check.setChecked(False)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("de"))
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    result = dialog.result_settings
    assert result is not None
    assert (result.plant_file, result.user, result.poll_ms) == ("/p/w.toml", "mmeier", 1500)
    assert (result.sound, result.language, result.theme) == (False, "de", "dark")
    assert result.secret(SERVER_PASSWORD) == "server-pw-1"
    assert memory_keyring.passwords[("plantconsole-opcua", "operator")] == "opc-pw-2"
    result.save()
    text = "".join(p.read_text("utf-8") for p in private_home.rglob("*.json"))
    assert "server-pw-1" not in text and "opc-pw-2" not in text
    assert dialog.password_edit.text() == ""


def test_invalid_input_is_named_and_not_accepted(qtbot: Any) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.server_edit.setText("ftp://somewhere")
    dialog.accept()
    assert dialog.result_settings is None
    assert "server_url" in dialog.error_label.text()


def test_open_settings_saves_and_applies_language_and_theme_live(
    qtbot: Any,
    qapp: QApplication,
    monkeypatch: pytest.MonkeyPatch,
    restore_look: None,
    memory_keyring: MemoryKeyring,
) -> None:
    def fake_exec(self: SettingsDialog) -> int:
        self.language_combo.setCurrentIndex(self.language_combo.findData("de"))
        self.theme_combo.setCurrentIndex(self.theme_combo.findData("dark"))
        self.accept()
        return int(self.result())

    monkeypatch.setattr(SettingsDialog, "exec", fake_exec)
    saved = settings_dialog.open_settings(None)
    assert saved is not None and (saved.language, saved.theme) == ("de", "dark")
    assert Settings.load()[0] == saved  # survives a restart
    assert i18n.current_language() == "de" and theme.current_theme() == "dark"
    assert settings_dialog.QCoreApplication.translate("MainWindow", "&File") == "&Datei"


def test_dialog_texts_follow_the_language(
    qtbot: Any, qapp: QApplication, restore_look: None
) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Settings"
    i18n.install_language(qapp, "de")
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Einstellungen")
    assert dialog._labels["language"].text() == "Sprache"
    assert dialog.theme_combo.itemText(1) == "Dunkel"


def test_password_refs_come_from_the_plant(demo_plant: Plant) -> None:
    refs = plant_password_refs(demo_plant)
    assert all(ref.startswith("keyring:") for ref in refs)


def test_console_credential_is_shown_with_the_register_hint(qtbot: Any) -> None:
    bare = SettingsDialog(Settings())
    qtbot.addWidget(bare)
    assert "not registered" in bare.console_label.text()
    assert "plantconsole register" in bare.console_label.text()
    registered = Settings(server_url="https://srv.example:8443", console_id="CR1-PC")
    dialog = SettingsDialog(registered)
    qtbot.addWidget(dialog)
    text = dialog.console_label.text()
    assert "CR1-PC" in text and "https://srv.example:8443" in text
    dialog.server_edit.setText("https://srv.example:8443")
    settings, issues = dialog.edited()
    assert issues == [] and settings.console_id == "CR1-PC"  # kept through an edit


def test_the_pinned_server_certificate_is_shown(qtbot: Any) -> None:
    """Issue 6: the sync state includes the pinned certificate, not only at first connect."""
    from app.sync.pinning import Pin, pretty, user_pin_store

    registered = Settings(server_url="https://srv.example:8443", console_id="CR1-PC")
    before = SettingsDialog(registered)
    qtbot.addWidget(before)
    assert "not pinned yet" in before.console_label.text()
    user_pin_store().save("srv.example:8443", Pin("ab" * 32, "PEM"))
    after = SettingsDialog(registered)
    qtbot.addWidget(after)
    assert f"SHA-256 {pretty('ab' * 32)}" in after.console_label.text()
    assert "trust-server" in after.console_label.text()
    plain = SettingsDialog(Settings(server_url="http://127.0.0.1:8080", console_id="CR1-PC"))
    qtbot.addWidget(plain)
    assert "plain http" in plain.console_label.text()
    user_pin_store().path.write_text("not json", encoding="utf-8")
    damaged = SettingsDialog(registered)
    qtbot.addWidget(damaged)
    assert "cannot be read" in damaged.console_label.text()
