"""Settings: plant file, server, user, polling, sound, language, theme; passwords to the keyring.

Passwords typed here go straight to the OS keyring (`Settings.with_secret`,
`app.secrets.store_secret`); the settings file only ever gets their references.
`open_settings(parent)` runs the dialog, saves, and applies language, theme and sound
live (`widgets.live_settings`); poll interval and timeout apply at the next start, as the
dialog says beside them.

Signals: none (the dialog's `accepted` / `rejected`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.logging_setup import register_secret
from app.secrets import store_secret
from app.settings import SERVER_PASSWORD, Settings
from models.cmdb import Plant
from widgets import i18n, theme
from widgets.live_settings import save_settings

PathChooser = Callable[[QWidget], str]
log = logging.getLogger("plantconsole.settings")


def _choose_plant(parent: QWidget) -> str:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("SettingsDialog", "Plant file"),
        "",
        QCoreApplication.translate("SettingsDialog", "Plant files (*.toml);;All files (*)"),
    )
    return path


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        opcua_refs: Sequence[str] = (),
        parent: QWidget | None = None,
        *,
        choose_plant: PathChooser = _choose_plant,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.original = settings
        self.choose_plant = choose_plant
        self.result_settings: Settings | None = None
        # passwords the OS keyring refused at the last OK: (SERVER_PASSWORD or the OPC UA
        # reference, why); they are stored nowhere
        self.keyring_refused: list[tuple[str, str]] = []

        self.plant_edit = QLineEdit(settings.plant_file)
        self.browse_button = QPushButton()
        self.server_edit = QLineEdit(settings.server_url)
        self.server_edit.setPlaceholderText("https://console-server.example:8443")
        self.user_edit = QLineEdit(settings.user)
        # issue 6: this console's server credential, set by `plantconsole register` (read-only)
        self.console_label = QLabel()
        self.console_label.setObjectName("consoleCredential")
        self.console_label.setWordWrap(True)
        self.console_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.poll_spin = QSpinBox()
        self.poll_spin.setRange(100, 3_600_000)
        self.poll_spin.setSingleStep(100)
        self.poll_spin.setSuffix(" ms")
        self.poll_spin.setValue(settings.poll_ms)
        self.timeout_spin = QDoubleSpinBox()
        self.timeout_spin.setRange(0.1, 300.0)
        self.timeout_spin.setDecimals(1)
        self.timeout_spin.setSuffix(" s")
        self.timeout_spin.setValue(settings.timeout_s)
        # the monitor's drivers are made with these at start: changed, they apply then
        self.restart_note = QLabel()
        self.restart_note.setObjectName("restartNote")
        self.restart_note.setWordWrap(True)
        self.sound_check = QCheckBox()
        self.sound_check.setChecked(settings.sound)
        self.language_combo = QComboBox()
        self.language_combo.addItem("English", "en")
        self.language_combo.addItem("Deutsch", "de")
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        self.theme_combo = QComboBox()
        self.theme_combo.addItem("", "light")
        self.theme_combo.addItem("", "dark")
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.theme)))
        self.opcua_edits: dict[str, QLineEdit] = {}
        for ref in opcua_refs:
            if ref.startswith("keyring:"):
                edit = QLineEdit()
                edit.setEchoMode(QLineEdit.EchoMode.Password)
                self.opcua_edits[ref] = edit
        self.error_label = QLabel()
        self.error_label.setObjectName("settingsError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._labels: dict[str, QLabel] = {}
        self._build()
        self.browse_button.clicked.connect(self.on_browse)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.retranslate()

    def _build(self) -> None:
        plant_row = QHBoxLayout()
        plant_row.addWidget(self.plant_edit, 1)
        plant_row.addWidget(self.browse_button)
        self.general = QGroupBox()
        form = QFormLayout(self.general)
        rows: list[tuple[str, QWidget | QHBoxLayout]] = [
            ("plant", plant_row),
            ("server", self.server_edit),
            ("console", self.console_label),
            ("user", self.user_edit),
            ("password", self.password_edit),
            ("poll", self.poll_spin),
            ("timeout", self.timeout_spin),
            ("sound", self.sound_check),
            ("language", self.language_combo),
            ("theme", self.theme_combo),
        ]
        for key, field in rows:
            label = QLabel()
            self._labels[key] = label
            form.addRow(label, field)
            if key == "timeout":
                form.addRow("", self.restart_note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general)
        self.opcua_box = QGroupBox()
        opcua_form = QFormLayout(self.opcua_box)
        for ref, edit in self.opcua_edits.items():
            opcua_form.addRow(QLabel(ref), edit)
        self.opcua_box.setVisible(bool(self.opcua_edits))
        layout.addWidget(self.opcua_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.general.setTitle(self.tr("Console"))
        self.opcua_box.setTitle(self.tr("OPC UA passwords (kept in the OS keyring)"))
        texts = {
            "plant": self.tr("Plant file"),
            "server": self.tr("Central server"),
            "console": self.tr("This console"),
            "user": self.tr("User"),
            "password": self.tr("Server password"),
            "poll": self.tr("Poll interval"),
            "timeout": self.tr("Request timeout"),
            "sound": self.tr("Sound"),
            "language": self.tr("Language"),
            "theme": self.tr("Theme"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        self.browse_button.setText(self.tr("Browse…"))
        self.sound_check.setText(self.tr("Sound for new P1/P2 incidents and SLA breaches"))
        self.restart_note.setText(
            self.tr(
                "Poll interval and request timeout apply from the next start of the console. "
                "Sound, language and theme apply at once."
            )
        )
        stored = SERVER_PASSWORD in self.original.secret_refs
        self.password_edit.setPlaceholderText(
            self.tr("stored in the OS keyring: leave empty to keep")
            if stored
            else self.tr("kept in the OS keyring, never in a file")
        )
        for edit in self.opcua_edits.values():
            edit.setPlaceholderText(self.tr("leave empty to keep"))
        command = "plantconsole register --server URL --console-id ID"
        if self.original.console_id:
            self.console_label.setText(
                self.tr("%1, registered at %2 (secret in the OS keyring); to change it: %3")
                .replace("%1", self.original.console_id)
                .replace("%2", self.original.server_url or "?")
                .replace("%3", command)
                + "\n"
                + self._pinned_certificate()
            )
        else:
            self.console_label.setText(
                self.tr("not registered: its incidents stay local. Register…: %1").replace(
                    "%1", command
                )
            )
        self.theme_combo.setItemText(0, self.tr("Light"))
        self.theme_combo.setItemText(1, self.tr("Dark"))

    def _pinned_certificate(self) -> str:
        """The server certificate this console trusts (pinned at the first connect)."""
        from app.sync.pinning import PinStoreError, pretty, user_pin_store
        from app.sync.repin import RepinRefused, pin_key

        url = self.original.server_url or ""
        try:
            host, port = pin_key(url)
            pin = user_pin_store().load(f"{host}:{port}")
        except RepinRefused:
            return self.tr("Server certificate: none (plain http, allowed on loopback only)")
        except PinStoreError as exc:
            return self.tr(
                "Server certificate: the pinned certificates cannot be read (%1)"
            ).replace("%1", str(exc))
        if pin is None:
            return self.tr(
                "Server certificate: not pinned yet (its thumbprint is shown at the first connect)"
            )
        return self.tr(
            "Server certificate pinned: SHA-256 %1; renewed: plantconsole trust-server"
        ).replace("%1", pretty(pin.sha256))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- values --------------------------------------------------------------------

    def edited(self) -> tuple[Settings, list[str]]:
        """The settings as edited (validated like a loaded file)."""
        values = {
            **self.original.to_dict(),
            "plant_file": self.plant_edit.text().strip(),
            "server_url": self.server_edit.text().strip(),
            "user": self.user_edit.text().strip(),
            "poll_ms": self.poll_spin.value(),
            "timeout_s": round(self.timeout_spin.value(), 1),
            "sound": self.sound_check.isChecked(),
            "language": self.language_combo.currentData(),
            "theme": self.theme_combo.currentData(),
        }
        return Settings.from_dict(values)

    def on_browse(self) -> None:
        path = self.choose_plant(self)
        if path:
            self.plant_edit.setText(path)

    def accept(self) -> None:
        settings, issues = self.edited()
        if issues:
            self.show_error("\n".join(issues))
            return
        self.result_settings = self.store_passwords(settings)
        self.password_edit.clear()
        for edit in self.opcua_edits.values():
            edit.clear()
        super().accept()

    def store_passwords(self, settings: Settings) -> Settings:
        """Each typed password into the OS keyring; `settings` with the references of those
        stored. One the keyring refuses (locked, no backend, ...) is kept nowhere: it is
        named in `keyring_refused` and the other settings are saved all the same."""
        self.keyring_refused = []
        typed = [(SERVER_PASSWORD, self.password_edit.text())]
        typed += [(ref, edit.text()) for ref, edit in self.opcua_edits.items()]
        for name, password in typed:
            if not password:
                continue
            register_secret(password)  # masked in the log, whatever the keyring says
            try:
                if name == SERVER_PASSWORD:
                    settings = settings.with_secret(SERVER_PASSWORD, password)
                else:
                    store_secret(name, password)
            # any backend's error (locked, no backend, D-Bus, Windows vault) means the
            # same to the user: not stored
            except Exception as exc:
                reason = str(exc) or type(exc).__name__
                log.warning("the OS keyring refused the password '%s': %s", name, reason)
                self.keyring_refused.append((name, reason))
        return settings

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()


def plant_password_refs(plant: Plant) -> list[str]:
    """The keyring references of the plant's OPC UA logins (for the password fields)."""
    refs = {
        ci.opcua.login.password_ref
        for ci in plant.source.ci
        if ci.opcua is not None and ci.opcua.login is not None
    }
    return sorted(ref for ref in refs if ref.startswith("keyring:"))


def apply_appearance(settings: Settings) -> None:
    """Language and theme from `settings`, applied to the running application."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        theme.apply_theme(app, settings.theme)
        i18n.install_language(app, settings.language)


def open_settings(parent: QWidget | None = None, opcua_refs: Sequence[str] = ()) -> Settings | None:
    """Edit, save and apply the user's settings; None when cancelled. Passwords the OS
    keyring refused are said after the save (the other settings are saved)."""
    current, _ = Settings.load()
    dialog = SettingsDialog(current, opcua_refs, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_settings is None:
            return None
        saved = save_settings(dialog.result_settings)  # open windows follow (the sound)
        apply_appearance(saved)
        if dialog.keyring_refused:
            tell_keyring_refused(parent, dialog.keyring_refused)
        return saved
    finally:
        dialog.deleteLater()


def tell_keyring_refused(parent: QWidget | None, refused: Sequence[tuple[str, str]]) -> None:
    """The settings were saved, these passwords were not (and are in no file either); in
    the language just chosen."""
    server = QCoreApplication.translate("SettingsDialog", "Server password")
    lines = [f"• {server if name == SERVER_PASSWORD else name}: {why}" for name, why in refused]
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "PlantConsole",
        QCoreApplication.translate(
            "SettingsDialog",
            "Your settings were saved, but the OS keyring refused to store these passwords. "
            "They were not saved anywhere:",
        )
        + "\n\n"
        + "\n".join(lines)
        + "\n\n"
        + QCoreApplication.translate(
            "SettingsDialog", "Enter them again in the settings once the OS keyring works."
        ),
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setObjectName("keyringRefused")
    try:
        box.exec()
    finally:
        box.deleteLater()
