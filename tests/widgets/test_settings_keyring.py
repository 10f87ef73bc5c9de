"""Issue 8: the Settings dialog when the OS keyring refuses a password (locked, failing,
no backend at all): the user is told which password was not stored and why, the password
is in no file (settings, logs), and the other settings are saved. The real dialog, run
by its own exec() and driven from a timer as a user would."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringError, PasswordSetError
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget

from app import logging_setup
from app.settings import SERVER_PASSWORD, Settings
from tests.app.test_settings import MemoryKeyring
from widgets import i18n, settings_dialog, theme
from widgets.settings_dialog import SettingsDialog

SERVER_PW = "srv-Pa55-never-in-a-file"
OPC_PW = "opc-Pa55-never-in-a-file"
OPC_REF = "keyring:plantconsole-opcua/operator"
WAIT_S = 30.0


class LockedKeyring(MemoryKeyring):
    """Refuses every password, as a locked Secret Service or Windows vault does."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("the keyring is locked")


class BrokenKeyring(MemoryKeyring):
    """Fails with keyring's base error (a backend that cannot reach its store)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("cannot reach the session bus")


class OpcRefusingKeyring(MemoryKeyring):
    """Stores the server password, refuses the OPC UA one."""

    def set_password(self, service: str, username: str, password: str) -> None:
        if service == "plantconsole-opcua":
            raise PasswordSetError("no permission for this collection")
        super().set_password(service, username, password)


@pytest.fixture
def use_keyring() -> Iterator[Callable[[KeyringBackend], KeyringBackend]]:
    previous = keyring.get_keyring()

    def use(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(previous)


@pytest.fixture
def log_file() -> Iterator[Path]:
    """The app's masked log file, as the launcher configures it."""
    path = logging_setup.configure(stderr=False)
    yield path
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_plantconsole", False)]:
        root.removeHandler(handler)
        handler.close()
    logging.captureWarnings(False)


@pytest.fixture
def restore_look(qapp: QApplication) -> Iterator[None]:
    yield
    theme.apply_theme(qapp, "light")
    i18n.install_language(qapp, "en")


class User:
    """Fills the open Settings dialog and presses OK, then reads and closes the keyring
    warning: from a timer, while the dialog's (and then the box's) exec() runs."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.filled = False
        self.warnings: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.on_tick)
        self.timer.start()

    def visible(self, kind: type[QWidget]) -> Any:
        return next(
            (w for w in self.app.topLevelWidgets() if isinstance(w, kind) and w.isVisible()),
            None,
        )

    def on_tick(self) -> None:
        dialog = self.visible(SettingsDialog)
        if dialog is not None and not self.filled:
            self.filled = True
            dialog.server_edit.setText("https://console.example:8443")
            dialog.user_edit.setText("mmeier")
            dialog.password_edit.setText(SERVER_PW)
            if OPC_REF in dialog.opcua_edits:
                dialog.opcua_edits[OPC_REF].setText(OPC_PW)
            dialog.poll_spin.setValue(1500)
            dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("de"))
            dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
            return
        box = self.visible(QMessageBox)
        if box is not None and box.objectName() == "keyringRefused":
            self.warnings.append(box.text())
            box.button(QMessageBox.StandardButton.Close).click()


@pytest.fixture
def user(qapp: QApplication) -> Iterator[User]:
    made = User(qapp)
    yield made
    made.timer.stop()


def files_holding(home: Path, secret: str) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        (LockedKeyring, "the keyring is locked"),
        (BrokenKeyring, "cannot reach the session bus"),
        (fail.Keyring, "No recommended backend was available"),
    ],
    ids=["locked", "keyring-error", "no-backend"],
)
def test_a_refused_password_is_said_stored_nowhere_and_the_rest_is_saved(
    qapp: QApplication,
    user: User,
    use_keyring: Callable[[KeyringBackend], KeyringBackend],
    log_file: Path,
    private_home: Path,
    restore_look: None,
    backend: type[KeyringBackend],
    reason: str,
) -> None:
    use_keyring(backend())
    saved = settings_dialog.open_settings(None, [OPC_REF])

    assert user.filled
    (warning,) = user.warnings
    # in the language just chosen (German)
    assert "Einstellungen wurden gespeichert" in warning and "nirgends gespeichert" in warning
    assert f"Server-Passwort: {reason}" in warning
    assert f"{OPC_REF}: {reason}" in warning
    assert saved is not None
    stored, problems = Settings.load()
    assert problems == [] and stored == saved  # the other settings survive a restart
    assert (stored.server_url, stored.user, stored.poll_ms) == (
        "https://console.example:8443",
        "mmeier",
        1500,
    )
    assert (stored.language, stored.theme) == ("de", "dark")
    assert SERVER_PASSWORD not in stored.secret_refs  # no reference to a password not kept
    assert i18n.current_language() == "de" and theme.current_theme() == "dark"
    log_text = log_file.read_text(encoding="utf-8")
    assert "the OS keyring refused the password 'server'" in log_text
    for secret in (SERVER_PW, OPC_PW):
        assert files_holding(private_home, secret) == []


def test_one_password_refused_the_other_stored(
    qapp: QApplication,
    user: User,
    use_keyring: Callable[[KeyringBackend], KeyringBackend],
    private_home: Path,
    restore_look: None,
) -> None:
    backend = use_keyring(OpcRefusingKeyring())
    assert isinstance(backend, OpcRefusingKeyring)
    saved = settings_dialog.open_settings(None, [OPC_REF])
    (warning,) = user.warnings
    assert f"{OPC_REF}: no permission for this collection" in warning
    assert "Server-Passwort" not in warning
    assert saved is not None and saved.secret(SERVER_PASSWORD) == SERVER_PW
    assert Settings.load()[0].secret(SERVER_PASSWORD) == SERVER_PW
    assert list(backend.passwords.values()) == [SERVER_PW]
    for secret in (SERVER_PW, OPC_PW):
        assert files_holding(private_home, secret) == []


def test_a_working_keyring_shows_no_warning(
    qapp: QApplication,
    user: User,
    use_keyring: Callable[[KeyringBackend], KeyringBackend],
    restore_look: None,
) -> None:
    backend = use_keyring(MemoryKeyring())
    assert isinstance(backend, MemoryKeyring)
    saved = settings_dialog.open_settings(None, [OPC_REF])
    assert user.filled and user.warnings == []
    assert saved is not None and saved.secret(SERVER_PASSWORD) == SERVER_PW
    assert backend.passwords[("plantconsole-opcua", "operator")] == OPC_PW
