"""DetailsPanel and its ValuesModel: identity, state, values with quality, relations, lines."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QListWidget

from drivers.base import Quality
from widgets.details_panel import DetailsPanel
from widgets.selection import CiSelection
from widgets.values_model import ValuesModel

UNCERTAIN = Quality(0x40000000, "Uncertain")


@pytest.fixture
def panel(plant_feed: Any, qtbot: Any) -> DetailsPanel:
    widget = DetailsPanel(plant_feed.service, CiSelection())
    qtbot.addWidget(widget)
    return widget


def form_text(form: QFormLayout) -> dict[str, str]:
    rows = {}
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
        assert isinstance(label, QLabel) and isinstance(field, QLabel)
        rows[label.text().rstrip(":")] = field.text()
    return rows


def items(widget: QListWidget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def test_values_model_passes_qtmodeltester(qtmodeltester: Any, plant_feed: Any) -> None:
    model = ValuesModel(plant_feed.monitor)
    model.show_ci("AR-042-PLC")
    assert model.rowCount() > 5
    qtmodeltester.check(model)


def test_identity_of_a_plc(panel: DetailsPanel) -> None:
    panel.selection.select("AR-042-PLC")
    rows = form_text(panel.identity_form)
    assert rows["Kind"] == "plc"
    assert rows["Vendor / model"] == "Siemens S7-1500"
    assert rows["Endpoint"].startswith("opc.tcp://")
    assert rows["Profile"] == "Siemens S7-1500 via OPC UA"
    assert rows["Security"] == "None (unencrypted)"
    assert "AR-042-PLC" in panel.title.text()
    assert "OK" in panel.state_label.text()
    assert "SW-L3-043" in items(panel.depends_list)[0]
    assert not panel.line_box.isVisibleTo(panel)


def test_switch_down_shows_in_details(panel: DetailsPanel, plant_feed: Any) -> None:
    panel.selection.select("AR-042-PLC")
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()
    assert "Impacted" in panel.state_label.text()
    assert "unreachable behind SW-L3-043" in panel.state_label.text()
    assert "(Down)" in items(panel.depends_list)[0]
    history = items(panel.history_list)
    assert "Impacted" in history[0] and "OK" in history[1]
    qualities = {
        panel.values.index(r, 0).data(): panel.values.index(r, 3).data()
        for r in range(panel.values.rowCount())
    }
    assert qualities["run_state"].startswith("Bad")


def test_uncertain_quality_is_shown_as_such(panel: DetailsPanel, plant_feed: Any) -> None:
    panel.selection.select("AR-042-PLC")
    plant_feed.drivers["AR-042-PLC"].set_quality("AR-042-PLC:vibration", UNCERTAIN)
    plant_feed.flush()
    model = panel.values
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "vibration")
    assert model.index(row, 3).data() == "Uncertain"
    assert model.index(row, 3).data(Qt.ItemDataRole.ForegroundRole).name().upper() == "#E8A400"
    assert model.index(row, 2).data() == "mm/s"
    assert model.index(row, 1).data(Qt.ItemDataRole.FontRole).italic()


def test_live_values_update_for_the_selected_ci(panel: DetailsPanel, plant_feed: Any) -> None:
    panel.selection.select("AR-042-PLC")
    plant_feed.set("AR-042-PLC", "cabinet_temp", 41.25)
    plant_feed.flush()
    model = panel.values
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "cabinet_temp")
    assert model.index(row, 1).data() == "41.25"
    assert model.index(row, 3).data() == "Good"


def test_line_details_and_what_is_down(panel: DetailsPanel, plant_feed: Any) -> None:
    panel.selection.select("L3")
    assert panel.line_box.isVisibleTo(panel)
    rows = form_text(panel.line_form)
    assert rows["Cost per hour"] == "EUR 3,800/h"
    assert rows["Units per shift"] == "240"
    assert items(panel.down_list) == ["nothing is down"]
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()
    down = items(panel.down_list)
    assert down[0].startswith("SW-L3-043  Down")
    assert any(text.startswith("AR-042-PLC  Impacted") for text in down)


def test_clicking_a_relation_selects_it(panel: DetailsPanel, qtbot: Any) -> None:
    panel.selection.select("SW-L3-043")
    used_by = items(panel.used_by_list)
    assert any(text.startswith("AR-042-PLC") for text in used_by)
    row = next(i for i, text in enumerate(used_by) if text.startswith("AR-042-PLC"))
    with qtbot.waitSignal(panel.selection.changed):
        panel.used_by_list.itemClicked.emit(panel.used_by_list.item(row))
    assert panel.ci == "AR-042-PLC"
