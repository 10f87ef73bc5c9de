"""A language switch from the settings re-renders everything visible, without a restart:
menus, the CI context menu, reasons in the details panel, tree and diagram, EUR amounts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QListWidget, QMenu

from app.settings import Settings
from tests.widgets.conftest import PlantFeed
from widgets import i18n, settings_dialog
from widgets.main_window import MainWindow
from widgets.topology.items import CiItem
from widgets.tree_model import Column

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def window(plant_feed: PlantFeed, qtbot: Any, qapp: QApplication) -> Iterator[MainWindow]:
    win = MainWindow(plant_feed.service)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    i18n.install_language(qapp, "en")
    win.close()


def switch_to(lang: str) -> None:
    """What the settings dialog does after OK (open_settings -> apply_appearance)."""
    settings_dialog.apply_appearance(Settings(language=lang))


def texts(menu: QMenu) -> list[str]:
    return [action.text() for action in menu.actions() if not action.isSeparator()]


def items(widget: QListWidget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def form_rows(form: QFormLayout) -> dict[str, str]:
    rows = {}
    for row in range(form.rowCount()):
        label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        assert label_item is not None and field_item is not None
        label, field = label_item.widget(), field_item.widget()
        assert isinstance(label, QLabel) and isinstance(field, QLabel)
        rows[label.text()] = field.text()
    return rows


def face_of(window: MainWindow, ci_id: str) -> tuple[str, ...]:
    item = window.topology.scene.item_for(ci_id)
    assert isinstance(item, CiItem), ci_id
    return (item.face.title, *item.face.lines, item.face.alarm)


def test_switching_language_re_renders_menus_reasons_and_money(
    window: MainWindow, plant_feed: PlantFeed, qtbot: Any
) -> None:
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()
    window.selection.select("AR-042-PLC")
    assert "unreachable behind SW-L3-043" in window.details.state_label.text()
    assert "EUR 11,400/h" in window.header.risk_label.text()

    switch_to("de")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&Datei")
    # menu bar, including the CI menu's shared actions
    assert window.view_menu.title() == "&Ansicht"
    assert "Auswirkungsanalyse" in texts(window.ci_menu)
    # the context menu of a CI, built when it pops up
    menu = window.ci_actions.menu_for("AR-042-PLC", window)
    assert {"Programmstatus", "Störfall melden", "Messwert als Trend…"} <= set(texts(menu))
    menu.close()
    # a reason in the details panel, its labels and its history
    qtbot.waitUntil(lambda: "Betroffen" in window.details.state_label.text())
    state = window.details.state_label.text()
    assert "nicht erreichbar hinter SW-L3-043" in state and " seit " in state
    assert window.details.identity.title() == "Identität"
    assert items(window.details.history_list)[0].split("  ")[1] == "Betroffen"
    # the same reason in the machine tree and its header
    model = window.tree_model
    index = model.index_of("AR-042-PLC", Column.REASON)
    assert index.data() == "nicht erreichbar hinter SW-L3-043"
    assert model.headerData(Column.STATE, Qt.Orientation.Horizontal) == "Zustand"
    # EUR per locale: the header and a line's details
    qtbot.waitUntil(lambda: "3 Linien gefährdet" in window.header.risk_label.text())
    assert "EUR 11.400/h" in window.header.risk_label.text()
    window.selection.select("L3")
    assert form_rows(window.details.line_form)["Kosten pro Stunde:"] == "EUR 3.800/h"
    # the diagram's words (the overview shows the lines as blocks)
    window.topology.show_level(plant_feed.plant.root)
    assert "STILLSTAND — EUR 3.800/h gefährdet" in face_of(window, "L3")
    assert "gefährdet" in window.topology.summary.text()
    assert window.topology.back_action.text() == "Zurück"

    switch_to("en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File")
    assert "Impact analysis" in texts(window.ci_menu)
    menu = window.ci_actions.menu_for("AR-042-PLC", window)
    assert "Trend tag..." in texts(menu)
    menu.close()
    assert "STOPPED — EUR 3,800/h at risk" in face_of(window, "L3")
    assert model.headerData(Column.STATE, Qt.Orientation.Horizontal) == "State"
    qtbot.waitUntil(lambda: "EUR 11,400/h" in window.header.risk_label.text())
    assert form_rows(window.details.line_form)["Cost per hour:"] == "EUR 3,800/h"


def test_unknown_language_in_the_settings_falls_back_to_english(
    window: MainWindow, qtbot: Any
) -> None:
    settings, issues = Settings.from_dict({"language": "fr"})
    assert any("language" in issue for issue in issues)  # named, and not taken
    settings_dialog.apply_appearance(settings)
    assert i18n.current_language() == "en"
    switch_to("fr")  # even if it got through: English, not a crash or a half-switch
    assert i18n.current_language() == "en"
    assert window.file_menu.title() == "&File"
    assert window.details.title.text() == "Select a CI in the tree or the diagram"
