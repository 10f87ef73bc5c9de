"""German reaches the incident views too: the strip, the Incidents menu, the list, an editor,
the login dialog, refusal reasons of the role, the header's data/sync words, the machine
tree's filter and the values table. Built with the German translator installed (as a
console started in German) and, for what stays on screen, switched live."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton

from app.auth import Authenticator, Identity
from app.sync.offline_login import OfflineLogins
from app.sync.pinning import MemoryPinStore
from tests.widgets.conftest import PlantFeed
from tests.widgets.test_incidents_list import Rig
from widgets import i18n
from widgets.incidents.list_model import Column
from widgets.login_dialog import LoginDialog
from widgets.main_window import MainWindow
from widgets.values_model import ValuesModel

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    assert i18n.install_language(qapp, "de") == "de"
    yield
    i18n.install_language(qapp, "en")


@pytest.fixture
def window(rig: Rig, qtbot: Any, german: None) -> Iterator[MainWindow]:
    win = MainWindow(rig.feed.service, "de", incidents=rig.qt)
    qtbot.addWidget(win)
    win.show()  # a hidden window's tool bars disable their widgets: the strip with them
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_incident_strip_menu_list_and_editor_speak_german(window: MainWindow, rig: Rig) -> None:
    console = window.incident_console
    assert console is not None
    assert console.menu.title() == "&Störfälle"
    texts = [a.text() for a in console.menu.actions() if not a.isSeparator()]
    assert "Obersten P1/P2 &quittieren" in texts and "&Schichtübergabe…" in texts
    rig.switch_down()  # a P1 line stop: one row in the strip
    (row,) = console.strip.rows.values()
    assert row.ack_button.text() == "Quittieren" and row.open_button.text() == "Öffnen"
    assert row.ack_button.toolTip().endswith(" quittieren")
    assert row.sla.text().startswith("Quitt. ") and " noch " in row.sla.text()
    assert row.cost.text().startswith("bisher EUR")
    # the incident list: headers, the state column, the filter bar
    model = window.incidents.model  # type: ignore[attr-defined]
    assert model.headerData(Column.PRIORITY, Qt.Orientation.Horizontal) == "Priorität"
    assert model.headerData(Column.COST, Qt.Orientation.Horizontal) == "Kosten bisher"
    assert model.index(0, Column.STATE).data() == "Neu - nicht quittiert"
    assert window.incidents.open_only.text() == "Nur offene"  # type: ignore[attr-defined]
    # one editor, opened from the menu (the CI menu's Shelve… is German too)
    editor = console.on_shelve("AR-051-PLC")
    assert editor.windowTitle() == "Alarme zurückstellen"
    assert window.ci_actions.actions["shelve"].text() == "Zurückstellen…"
    editor.close()
    # the header's words and the machine tree's filter
    assert window.header.stale_label.text() == "Daten: live"
    assert window.header.sync_label.text() == "Sync: nur lokal"
    assert window.tree.abnormal_box.text() == "Nur Abweichungen"
    session_button = window.statusBar().findChild(QToolButton, "sessionButton")
    assert session_button is not None and session_button.text().startswith("lokal: ")


def test_refusal_reasons_of_the_role_are_german(window: MainWindow, rig: Rig) -> None:
    console = window.incident_console
    assert console is not None
    window.session.use_server("http://127.0.0.1:1")  # nobody logged in: read-only
    ack_top = console.actions["ack_top"]
    assert ack_top.toolTip() == (
        "Quittieren: als Techniker oder höher anmelden (Datei > Anmelden…)"
    )
    window.session.set_identity(Identity("vera", {"*": "viewer"}, "viewer", None, True, 0))
    refused = "Quittieren: erfordert Techniker oder höher; vera ist als Betrachter angemeldet"
    assert ack_top.toolTip() == refused
    assert window.session.describe() == "vera (Betrachter)"
    console.on_ack_top()  # the keyboard path says why, in the status bar
    assert window.statusBar().currentMessage() == refused


def test_switching_back_to_english_re_renders_what_stays_on_screen(
    window: MainWindow, rig: Rig, qapp: QApplication, qtbot: Any
) -> None:
    console = window.incident_console
    assert console is not None
    i18n.install_language(qapp, "en")
    qtbot.waitUntil(lambda: console.menu.title() == "&Incidents")
    assert window.header.stale_label.text() == "data: live"
    assert window.tree.abnormal_box.text() == "Only abnormal"
    assert window.incidents.open_only.text() == "Open only"  # type: ignore[attr-defined]
    model = window.incidents.model  # type: ignore[attr-defined]
    assert model.headerData(Column.PRIORITY, Qt.Orientation.Horizontal) == "Priority"
    i18n.install_language(qapp, "de")
    qtbot.waitUntil(lambda: console.menu.title() == "&Störfälle")
    assert window.header.sync_label.text() == "Sync: nur lokal"
    assert window.tree.filter_edit.placeholderText().startswith("Filter: ID, Name")


def test_values_table_headers_follow_the_language(
    plant_feed: PlantFeed, qapp: QApplication, german: None
) -> None:
    model = ValuesModel(plant_feed.monitor)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Messpunkt", "Wert", "Einheit", "Qualität"]
    i18n.install_language(qapp, "en")
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Point", "Value", "Unit", "Quality"]


def test_login_dialog_is_german(qtbot: Any, german: None) -> None:
    auth = Authenticator(
        "https://127.0.0.1:1", pins=MemoryPinStore(), offline=OfflineLogins(), timeout_s=1.0
    )
    dialog = LoginDialog(auth, "tina")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Anmelden — PlantConsole"
    assert dialog.server_label.text() == "Server: https://127.0.0.1:1"
    assert dialog.offline_button.text() == "Offline anmelden"
    assert dialog.trust_button.text() == "Diesem Zertifikat vertrauen und es festhalten"
