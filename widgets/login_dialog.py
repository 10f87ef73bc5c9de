"""Login to the central server: the dialog, and the window's login/logout actions.

`LoginDialog` asks for user and password and runs the login on the asyncio loop
(qasync in the window: the GUI never waits on the network). What can happen, each with
its own plain message:
- wrong password (401), too many failed logins (429, with how long to wait);
- server unreachable: if this user has a recent verified login on this console, the
  dialog offers an offline login ("offline login, valid until 18:30");
- first connect over TLS: the server certificate's SHA-256 thumbprint is shown, to be
  compared with the one the administrator gave; "Trust and pin" pins it and logs in,
  Cancel sends nothing;
- the pinned certificate changed: refused, loudly (red, no way around it here).

`LoginController` owns the File menu's "Log in…"/"Log out" actions, opens the dialog at
start when a server is configured, or logs in without one with the demo's credentials.

Signals:
    LoginDialog.loggedIn(object): the `Identity` (online or offline)
    LoginController.statusMessage(str): a short message for the status bar
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.auth import (
    Authenticator,
    CertificateMismatch,
    CertificateUnknown,
    Identity,
    LoginError,
    ServerUnreachable,
)
from app.logging_setup import register_secret
from app.paths import data_dir
from app.session import ConsoleSession, LoginPlan, when
from app.sync.offline_login import OfflineLogins
from app.sync.pinning import FilePinStore, Pin, PinStore, pretty, user_pin_store
from models.states import State
from widgets.palette import STYLES

log = logging.getLogger("plantconsole.login")

ERROR_STYLE = f"color: {STYLES[State.DOWN].colour};"
ALARM_STYLE = (
    f"background: {STYLES[State.DOWN].colour}; color: white; font-weight: bold; padding: 6px;"
)
INFO_STYLE = ""


def pin_store() -> FilePinStore:
    return user_pin_store()


def offline_logins() -> OfflineLogins:
    return OfflineLogins(data_dir() / "offline-logins.json")


def thumbprint_lines(sha256: str) -> str:
    """The SHA-256 thumbprint as two lines of 16 bytes ('AB:CD:…'), easy to compare."""
    text = pretty(sha256)
    half = len(text) // 2 + 1  # 16 'AB:' groups
    return f"{text[: half - 1]}\n{text[half:]}"


class LoginDialog(QDialog):
    loggedIn = Signal(object)

    def __init__(self, auth: Authenticator, user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Log in — PlantConsole"))
        self.auth = auth
        self.identity: Identity | None = None
        self.pending_pin: Pin | None = None
        self._task: asyncio.Future[Identity | None] | None = None

        self.server_label = QLabel(self.tr("Server: %1").replace("%1", auth.server_url))
        self.user_edit = QLineEdit(user)
        self.user_edit.setObjectName("loginUser")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("loginPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        self.cert_box = QFrame()
        self.cert_box.setObjectName("loginCertificate")
        self.cert_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.cert_text = QLabel()
        self.cert_text.setWordWrap(True)
        self.thumbprint = QLabel()
        self.thumbprint.setObjectName("loginThumbprint")
        self.thumbprint.setWordWrap(True)
        self.thumbprint.setStyleSheet("font-family: monospace;")
        self.thumbprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.trust_button = QPushButton(self.tr("Trust and pin this certificate"))
        self.trust_button.setObjectName("loginTrust")
        self.trust_button.clicked.connect(self.on_trust)
        cert_layout = QVBoxLayout(self.cert_box)
        cert_layout.addWidget(self.cert_text)
        cert_layout.addWidget(self.thumbprint)
        cert_layout.addWidget(self.trust_button, 0, Qt.AlignmentFlag.AlignRight)
        self.cert_box.hide()

        self.offline_button = QPushButton(self.tr("Log in offline"))
        self.offline_button.setObjectName("loginOffline")
        self.offline_button.clicked.connect(self.on_offline)
        self.offline_button.hide()
        self.login_button = QPushButton(self.tr("Log in"))
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.on_login)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("User"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.offline_button)
        buttons.addStretch(1)
        buttons.addWidget(self.login_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.server_label)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.cert_box)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        (self.password_edit if user else self.user_edit).setFocus()

    # -- messages ------------------------------------------------------------------------
    def show_message(self, text: str, style: str = ERROR_STYLE) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
        self.message.setVisible(bool(text))
        self.adjustSize()

    def _busy(self, busy: bool) -> None:
        for widget in (self.login_button, self.offline_button, self.trust_button):
            widget.setEnabled(not busy)
        self.user_edit.setReadOnly(busy)
        self.password_edit.setReadOnly(busy)

    # -- actions -------------------------------------------------------------------------
    def _run(self, coro: Coroutine[Any, Any, Identity | None]) -> None:
        if self._task is not None and not self._task.done():
            coro.close()
            return
        self._task = asyncio.ensure_future(coro)

    def on_login(self) -> None:
        self._run(self.attempt())

    def on_trust(self) -> None:
        self._run(self.trust_and_login())

    async def attempt(self) -> Identity | None:
        """Log in online; on failure say why (and offer what is possible). The identity
        when it worked (the dialog is then accepted)."""
        user, password = self.user_edit.text().strip(), self.password_edit.text()
        if password:
            register_secret(password)  # masked should any log line ever carry it
        self.offline_button.hide()
        self.cert_box.hide()
        self.show_message(
            self.tr("Connecting to %1 …").replace("%1", self.auth.server_url), INFO_STYLE
        )
        self._busy(True)
        try:
            identity = await self.auth.login(user, password)
        except CertificateUnknown as exc:
            self._ask_trust(exc)
            return None
        except CertificateMismatch as exc:
            self.show_message(str(exc), ALARM_STYLE)
            log.error("login refused: %s", exc)
            return None
        except ServerUnreachable as exc:
            self._unreachable(exc, user)
            return None
        except LoginError as exc:
            self.show_message(str(exc))
            return None
        finally:
            self._busy(False)
        self._done(identity)
        return identity

    async def trust_and_login(self) -> Identity | None:
        pin = self.pending_pin
        if pin is None:
            return None
        try:
            self.auth.trust(pin)
        except OSError as exc:
            self.show_message(self.tr("The pin could not be saved: %1").replace("%1", str(exc)))
            return None
        log.info("pinned the certificate of %s: SHA-256 %s", self.auth.server, pin.sha256)
        self.pending_pin = None
        return await self.attempt()

    def on_offline(self) -> Identity | None:
        try:
            identity = self.auth.login_offline(self.user_edit.text(), self.password_edit.text())
        except LoginError as exc:
            self.show_message(str(exc))
            return None
        self._done(identity)
        return identity

    def _ask_trust(self, exc: CertificateUnknown) -> None:
        self.pending_pin = exc.pin
        self.cert_text.setText(
            self.tr(
                "First connection to %1. Its certificate is not trusted yet. Compare this "
                "SHA-256 thumbprint with the one your administrator gave you, and trust it "
                "only if they are the same:"
            ).replace("%1", exc.server)
        )
        self.thumbprint.setText(thumbprint_lines(exc.pin.sha256))
        self.show_message("", INFO_STYLE)
        self.cert_box.show()
        self.adjustSize()

    def _unreachable(self, exc: ServerUnreachable, user: str) -> None:
        text = str(exc)
        if exc.offline_until_ms is not None:
            text += " " + self.tr(
                "You can log in offline with your last verified credentials "
                "(offline login, valid until %1)."
            ).replace("%1", when(exc.offline_until_ms))
            self.offline_button.show()
        else:
            text += " " + self.tr(
                "Offline login is not possible: %1 has no recent verified login on this console."
            ).replace("%1", user or self.tr("this user"))
        self.show_message(text)

    def _done(self, identity: Identity) -> None:
        self.identity = identity
        self.password_edit.clear()
        log.info(
            "%s logged in %s as %s",
            identity.user,
            "online" if identity.online else "offline",
            identity.role or "no role",
        )
        self.loggedIn.emit(identity)
        self.accept()

    def reject(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self.password_edit.clear()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.password_edit.clear()
        super().closeEvent(event)


class LoginController(QObject):
    """The window's "Log in…"/"Log out" actions over its `ConsoleSession`."""

    statusMessage = Signal(str)

    def __init__(self, session: ConsoleSession, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self.window = window
        self.plan: LoginPlan | None = None
        self.auth: Authenticator | None = None
        self.dialog: LoginDialog | None = None
        self._task: asyncio.Task[None] | None = None
        self.login_action = QAction(self.tr("Log &in…"), self)
        self.login_action.setObjectName("loginAction")
        self.login_action.triggered.connect(self.open_dialog)
        self.logout_action = QAction(self.tr("Log &out"), self)
        self.logout_action.triggered.connect(self.on_logout)
        session.changed.connect(self._update_actions)
        self._update_actions()

    def start(
        self,
        plan: LoginPlan,
        *,
        pins: PinStore | None = None,
        offline: OfflineLogins | None = None,
    ) -> None:
        """Log in at `plan.server_url` from now on: without a dialog with the plan's
        credentials (the demo), else the dialog opens once the window shows."""
        self.plan = plan
        if offline is None:
            # the demo's generated password must not replace a real user's offline login
            offline = OfflineLogins() if plan.auto_user else offline_logins()
        self.auth = Authenticator(
            plan.server_url,
            pins=pins if pins is not None else pin_store(),
            offline=offline,
            credential=plan.credential,
            site=plan.site,
            timeout_s=plan.timeout_s,
        )
        self.session.use_server(plan.server_url)
        if plan.auto_user and plan.auto_password:
            self._task = asyncio.ensure_future(self.auto_login(plan.auto_user, plan.auto_password))
        else:
            QTimer.singleShot(0, self.open_dialog)

    async def auto_login(self, user: str, password: str) -> None:
        assert self.auth is not None
        register_secret(password)
        try:
            identity = await self.auth.login(user, password)
        except LoginError as exc:
            log.warning("automatic login of %s failed: %s", user, exc)
            self.statusMessage.emit(self.tr("Automatic login failed: %1").replace("%1", str(exc)))
            return
        log.info("%s logged in automatically as %s", identity.user, identity.role or "no role")
        self.session.set_identity(identity)

    def open_dialog(self) -> LoginDialog | None:
        if self.auth is None:
            self.statusMessage.emit(
                "No central server is configured (File > Settings): this console works locally"
            )
            return None
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        user = self.session.identity.user if self.session.identity else ""
        dialog = LoginDialog(self.auth, user or (self.plan.user if self.plan else ""), self.window)
        dialog.loggedIn.connect(self.session.set_identity)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, _code: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def on_logout(self) -> None:
        who = self.session.user()
        self.session.logout()
        self.statusMessage.emit(f"{who} logged out: read-only until the next login")

    def _update_actions(self) -> None:
        local = self.session.local
        self.login_action.setEnabled(not local)
        self.login_action.setToolTip(
            "No central server is configured (File > Settings)" if local else ""
        )
        self.logout_action.setEnabled(not local and self.session.identity is not None)

    def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        if self.dialog is not None:
            with contextlib.suppress(RuntimeError):
                self.dialog.reject()
