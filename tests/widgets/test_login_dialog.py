"""The login dialog and the role gating, against a real server process (plain HTTP on
loopback; one TLS server for pin-on-first-connect and a changed certificate).

pytest-qt does not drive asyncio: each scenario runs on a qasync loop of its own."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from app.auth import Authenticator, Identity, LoginPlan, effective_role
from app.session import ConsoleSession
from app.sync.offline_login import OfflineLogins
from app.sync.pinning import FilePinStore, MemoryPinStore, Pin, pretty
from server.process import ServerProcess, free_port
from tests.app.sync.test_pinning_and_login import self_signed
from tests.server.site import PASSWORD, Site
from widgets.login_dialog import LoginDialog, offline_logins, pin_store
from widgets.main_window import MainWindow
from widgets.status_bar import ConsoleStatusBar

T = TypeVar("T")
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def on_qt_loop(qapp: QApplication, coro: Coroutine[Any, Any, T], timeout: float = 30) -> T:
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    try:
        result: T = loop.run_until_complete(asyncio.wait_for(coro, timeout))
        return result
    finally:
        loop.close()
        asyncio.set_event_loop(None)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    process = ServerProcess(f"sqlite:///{tmp_path_factory.mktemp('db') / 'server.sqlite'}")
    process.create_admin("root", "root-password")
    with process:
        yield Site(process, "root", "root-password")


def authenticator(url: str, offline: OfflineLogins | None = None) -> Authenticator:
    return Authenticator(
        url, pins=MemoryPinStore(), offline=offline or OfflineLogins(), timeout_s=5.0
    )


def test_wrong_password_is_said_plainly_and_the_right_one_logs_in_with_the_server_role(
    site: Site, qapp: QApplication, qtbot: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    tech = site.add_user("technician")
    cache = tmp_path / "offline.json"
    dialog = LoginDialog(authenticator(site.url, OfflineLogins(cache)), tech)
    qtbot.addWidget(dialog)

    async def scenario() -> None:
        dialog.password_edit.setText("")
        assert await dialog.attempt() is None  # bad input: nothing sent
        assert dialog.message.text() == "Enter your user name and password."
        dialog.password_edit.setText("not-the-password")
        assert await dialog.attempt() is None
        assert dialog.message.text() == "Wrong user name or password."
        assert dialog.offline_button.isHidden()
        dialog.password_edit.setText(PASSWORD)
        with qtbot.waitSignal(dialog.loggedIn) as logged:
            identity = await dialog.attempt()
        assert identity is not None and logged.args == [identity]
        assert (identity.user, identity.role, identity.online) == (tech, "technician", True)

    on_qt_loop(qapp, scenario())
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.password_edit.text() == ""
    assert PASSWORD not in cache.read_text(encoding="utf-8")  # a salted hash only
    assert f"{tech} logged in online as technician" in caplog.text
    assert PASSWORD not in caplog.text and "not-the-password" not in caplog.text


def test_too_many_wrong_passwords_are_throttled_with_a_clear_message(
    site: Site, qapp: QApplication, qtbot: Any
) -> None:
    user = site.add_user("viewer")
    dialog = LoginDialog(authenticator(site.url), user)
    qtbot.addWidget(dialog)

    async def scenario() -> str:
        dialog.password_edit.setText("wrong")
        for _ in range(6):  # the server allows 5 failures per window
            await dialog.attempt()
        return dialog.message.text()

    text = on_qt_loop(qapp, scenario())
    assert text.startswith("Too many failed logins for this user from this console: wait ")
    assert "try again" in text


def test_unreachable_server_offers_offline_login_with_bounded_validity(
    site: Site, qapp: QApplication, qtbot: Any
) -> None:
    tech = site.add_user("technician")
    cache = OfflineLogins(max_age_s=3600)
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there: refused at once
    session = ConsoleSession()
    session.use_server(dead)

    async def scenario() -> None:
        await authenticator(site.url, cache).login(tech, PASSWORD)  # the last verified login
        dialog = LoginDialog(authenticator(dead, cache), tech)
        qtbot.addWidget(dialog)
        dialog.loggedIn.connect(session.set_identity)
        dialog.password_edit.setText(PASSWORD)
        assert await dialog.attempt() is None
        text = dialog.message.text()
        assert text.startswith(f"The server {dead} cannot be reached")
        assert "offline login, valid until" in text
        assert dialog.offline_button.isVisibleTo(dialog)
        dialog.password_edit.setText("wrong")
        assert dialog.on_offline() is None
        assert dialog.message.text().startswith("Wrong password for the offline login")
        dialog.password_edit.setText(PASSWORD)
        identity = dialog.on_offline()
        assert identity is not None and not identity.online and identity.role == "technician"

        stranger = LoginDialog(authenticator(dead, cache), "nobody")
        qtbot.addWidget(stranger)
        stranger.password_edit.setText("whatever")
        assert await stranger.attempt() is None
        assert "Offline login is not possible" in stranger.message.text()
        assert stranger.offline_button.isHidden()

    on_qt_loop(qapp, scenario())
    assert session.role() == "technician"
    assert ", offline login, valid until " in session.describe()
    session.logout()
    assert session.role() == "viewer"


@pytest.fixture
def window(plant_feed: Any, qtbot: Any) -> Iterator[MainWindow]:
    win = MainWindow(plant_feed.service)
    qtbot.addWidget(win)
    yield win
    win.close()


def test_the_server_role_gates_diagnostics_and_a_viewer_is_told_why(
    site: Site, window: MainWindow, qapp: QApplication
) -> None:
    viewer, tech = site.add_user("viewer"), site.add_user("technician")
    diagnose = window.ci_actions.actions["diagnose"]
    window.selection.select("AR-042-PLC")
    assert diagnose.isEnabled()  # local mode (no server): a technician, as before

    async def login_as(user: str) -> None:
        window.start_session(LoginPlan(site.url, auto_user=user, auto_password=PASSWORD))
        assert window.login._task is not None
        await window.login._task

    on_qt_loop(qapp, login_as(viewer))
    assert window.session.role() == "viewer"
    assert not diagnose.isEnabled() and not window.ci_actions.actions["browse"].isEnabled()
    assert "needs a technician or above" in diagnose.toolTip()
    assert window.diagnostics.core._role() == "viewer"
    status_bar = window.statusBar()
    assert isinstance(status_bar, ConsoleStatusBar)
    assert status_bar.session_button.text() == f"{viewer} (viewer)"

    on_qt_loop(qapp, login_as(tech))
    assert diagnose.isEnabled() and window.diagnostics.core._role() == "technician"
    window.login.on_logout()
    assert not diagnose.isEnabled() and "log in as a technician" in diagnose.toolTip()


def test_a_configured_server_opens_the_dialog_and_local_mode_has_no_login(
    window: MainWindow, qapp: QApplication, qtbot: Any
) -> None:
    assert not window.login.login_action.isEnabled()  # local: nothing to log in to
    url = f"http://127.0.0.1:{free_port()}"

    async def scenario() -> None:
        window.start_session(LoginPlan(url, user="alice"))
        await asyncio.sleep(0.05)

    on_qt_loop(qapp, scenario())
    dialog = window.login.dialog
    assert dialog is not None and dialog.isVisible() and dialog.user_edit.text() == "alice"
    assert window.session.describe() == "not logged in" and window.login.login_action.isEnabled()
    dialog.reject()


def test_incident_actions_follow_the_server_rights() -> None:
    session = ConsoleSession()
    assert session.may("close") is None  # local mode
    session.use_server("http://127.0.0.1:1")
    assert "log in as a technician" in (session.may("acknowledge") or "")
    for role, allowed in (
        ("viewer", set()),
        ("technician", {"acknowledge", "note", "resolve"}),
        ("supervisor", {"acknowledge", "note", "resolve", "close", "link_problem"}),
    ):
        session.set_identity(Identity("u", {"*": role}, role, None, True, 0))
        for action in ("acknowledge", "note", "resolve", "close", "link_problem"):
            assert (session.may(action) is None) == (action in allowed), (role, action)


def test_effective_role_never_exceeds_a_grant_at_the_site() -> None:
    assert effective_role({"*": "viewer", "S1": "supervisor"}, "S1") == "supervisor"
    assert effective_role({"S2": "admin"}, "S1") is None
    assert effective_role({"S2": "admin", "S3": "technician"}, None) == "technician"
    assert effective_role({"S1": "emperor"}, "S1") is None  # unknown role: none


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, Path]]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = self_signed(folder, "plant-server")
    process = ServerProcess(cert=cert, key=key)
    process.create_admin("root", "root-password")
    with process:
        yield Site(process, "root", "root-password"), folder


def test_first_tls_connect_shows_the_thumbprint_and_pins_it_a_changed_one_is_refused(
    tls_server: tuple[Site, Path], qapp: QApplication, qtbot: Any
) -> None:
    site, folder = tls_server
    user = site.add_user("supervisor")
    pins = FilePinStore(folder / "pins.json")
    auth = Authenticator(site.url, pins=pins, offline=OfflineLogins(), timeout_s=5.0)
    dialog = LoginDialog(auth, user)
    qtbot.addWidget(dialog)

    async def first() -> None:
        dialog.password_edit.setText(PASSWORD)
        assert await dialog.attempt() is None  # nothing sent before the pin
        assert dialog.cert_box.isVisibleTo(dialog) and dialog.pending_pin is not None
        assert dialog.thumbprint.text().replace("\n", ":") == pretty(dialog.pending_pin.sha256)
        identity = await dialog.trust_and_login()
        assert identity is not None and identity.role == "supervisor"

    on_qt_loop(qapp, first())
    pinned = pins.load(auth.server)
    assert pinned is not None and len(pinned.sha256) == 64

    other_cert, _ = self_signed(folder, "impostor")
    impostor = Pin("ab" * 32, other_cert.read_text(encoding="utf-8"))
    pins.save(auth.server, impostor)  # as if the server's certificate had changed since
    changed = LoginDialog(auth, user)
    qtbot.addWidget(changed)

    async def second() -> None:
        changed.password_edit.setText(PASSWORD)
        assert await changed.attempt() is None

    on_qt_loop(qapp, second())
    text = changed.message.text()
    assert text.startswith(f"REFUSED: the certificate of {auth.server} has CHANGED")
    assert pretty(pinned.sha256) in text and "no password was sent" in text
    assert changed.offline_button.isHidden() and changed.cert_box.isHidden()


def test_damaged_pin_and_offline_files_give_clear_messages_not_crashes(
    qapp: QApplication, qtbot: Any, private_home: Path
) -> None:
    pins, offline = pin_store(), offline_logins()
    pins.path.parent.mkdir(parents=True, exist_ok=True)
    pins.path.write_text("{not json", encoding="utf-8")
    offline.path.parent.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
    offline.path.write_text(json.dumps({"u": {"user": "u"}}), encoding="utf-8")  # type: ignore[union-attr]
    assert offline_logins().valid_until_ms("u") is None  # unreadable: no offline login
    auth = Authenticator("https://127.0.0.1:1", pins=pins, offline=offline_logins())
    dialog = LoginDialog(auth, "u")
    qtbot.addWidget(dialog)

    async def scenario() -> None:
        dialog.password_edit.setText("pw")
        assert await dialog.attempt() is None

    on_qt_loop(qapp, scenario())
    text = dialog.message.text()
    assert "cannot be read" in text and "nothing is trusted" in text


def test_incident_detail_buttons_follow_the_logged_in_role(
    plant_feed: Any, qtbot: Any, tmp_path: Path
) -> None:
    from tests.widgets.test_incidents_list import incident_rig

    with incident_rig(plant_feed, tmp_path) as rig:
        rig.switch_down()
        win = MainWindow(plant_feed.service, incidents=rig.qt)
        qtbot.addWidget(win)
        (head,) = rig.service.heads()
        win.session.use_server("http://127.0.0.1:1")
        win.on_open_incident(head.id)
        detail = win.incident_details[head.id]
        ack, close = detail.buttons["acknowledge"], detail.buttons["close"]
        assert not ack.isEnabled() and "log in as a technician" in ack.toolTip()
        win.session.set_identity(Identity("tina", {"*": "technician"}, "technician", None, True, 0))
        assert ack.isEnabled() and rig.service.user == "tina"  # events written as tina
        assert not close.isEnabled()
        assert (
            close.toolTip() == "Close: needs a supervisor or above; tina is logged in as technician"
        )
        ack.click()
        state = rig.service.incident(head.id)
        assert state.acknowledged_at_ms is not None and state.timeline[-1].user == "tina"
        win.close()


def test_an_offline_login_ends_when_its_validity_does(qtbot: Any) -> None:
    session = ConsoleSession()
    session.use_server("http://127.0.0.1:1")
    soon = time.time_ns() // 1_000_000 + 200
    with qtbot.waitSignal(session.changed, timeout=5000):
        session.set_identity(
            Identity("olga", {"*": "technician"}, "technician", None, False, 0, soon)
        )
    assert session.role() == "technician"
    with qtbot.waitSignal(session.changed, timeout=5000):
        pass  # the expiry timer fires
    assert session.role() == "viewer" and session.identity is None
    assert session.describe() == "not logged in (the offline login of olga expired: log in again)"
