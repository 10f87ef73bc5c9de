"""Incident list: one incident's change touches one row (never a re-sort of all), the
ticker only the rows on screen, the SLA and age filters, duplicates as the console
converges them, and money in the console's language."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.incidents.builders import created_payload
from app.incidents.qt_service import IncidentServiceQt
from app.incidents.service import IncidentService
from models.cmdb import Plant
from models.incidents.dedup import dedup_key
from models.store import open_store
from models.store.incident_repo import load_events
from tests.app.incidents.conftest import T0, Clock
from tests.widgets.conftest import PlantFeed
from tests.widgets.test_incidents_list import Rig
from widgets import i18n
from widgets.header_bar import HeaderBar
from widgets.incidents.list_model import AGE_EVERY, HEAD_ROLE, Column, IncidentListModel
from widgets.incidents.list_proxy import IncidentFilterProxy
from widgets.incidents.list_view import IncidentListView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
CIS = ("AR-042-PLC", "PB-101-PLC", "SW-L3-043")


def order(model: IncidentListModel) -> list[str]:
    return [model.head_at(row).id for row in range(model.rowCount())]


def fill(rig: Rig, count: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    ids = []
    for n in range(count):
        rig.clock.advance(rng.randint(1, 90))
        impact, urgency = rng.randint(1, 3), rng.randint(1, 3)
        ci = CIS[n % 3]
        ids.append(rig.service.raise_manual(ci, f"fault {n}", impact=impact, urgency=urgency).id)
    rig.qt.on_tick()
    return ids


class Signals:
    """Which structural signals a model emitted."""

    def __init__(self, model: Any) -> None:
        self.seen: list[str] = []
        for name in ("layoutChanged", "modelReset", "rowsMoved", "rowsInserted", "rowsRemoved"):
            getattr(model, name).connect(lambda *_a, n=name: self.seen.append(n))
        model.dataChanged.connect(
            lambda top, bottom, *_r: self.seen.append(f"dataChanged {top.row()}-{bottom.row()}")
        )


@pytest.mark.parametrize("column", [Column.PRIORITY, Column.STATE, Column.SLA, Column.AGE])
@pytest.mark.parametrize("descending", [False, True])
def test_one_change_moves_one_row_to_where_a_full_sort_puts_it(
    rig: Rig, column: Column, descending: bool, qtmodeltester: Any
) -> None:
    ids = fill(rig, 40)
    model = IncidentListModel(rig.qt)
    proxy = IncidentFilterProxy(model)
    direction = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    proxy.sort(column, direction)
    proxy.set_filters(open_only=True)
    qtmodeltester.check(proxy)
    rng = random.Random(int(column) * 2 + descending)
    for step in range(25):
        target = rng.choice(ids)
        signals = Signals(model)
        action = step % 5
        try:
            if action == 0:
                rig.service.acknowledge(target)
            elif action == 1:
                rig.service.set_urgency(target, rng.randint(1, 3))
            elif action == 2:
                rig.service.resolve(target, "fixed")
            elif action == 3:
                rig.service.reopen(target, "back again")
            else:
                rig.service.add_note(target, "looked at it")
        except ValueError:
            continue  # not possible in its state now (ActionError)
        rig.qt.on_tick()
        assert "layoutChanged" not in signals.seen and "modelReset" not in signals.seen
        assert len([s for s in signals.seen if not s.startswith("dataChanged")]) <= 1
        fresh = IncidentListModel(rig.qt)
        fresh_proxy = IncidentFilterProxy(fresh)
        fresh_proxy.sort(column, direction)
        fresh_proxy.set_filters(open_only=True)
        assert order(model) == order(fresh), f"step {step}"
        fresh.timer.stop()
    qtmodeltester.check(proxy)


def test_a_change_keeps_the_selection_on_its_incident(rig: Rig, qtbot: Any) -> None:
    ids = fill(rig, 30)
    view = IncidentListView(rig.qt)
    qtbot.addWidget(view)
    view.proxy.set_filters()
    chosen = ids[7]
    view.select(chosen)
    rig.service.set_urgency(chosen, 1)  # moves its row
    rig.service.set_impact(chosen, 1)
    rig.qt.on_tick()
    assert view.current_id() == chosen
    assert view.model.row_of(chosen) == view.table.currentIndex().row()


def test_the_ticker_touches_only_the_rows_on_screen(rig: Rig, qtbot: Any) -> None:
    fill(rig, 12)
    model = IncidentListModel(rig.qt)
    model.set_visible_rows(lambda: (2, 5))
    with qtbot.wait_signal(model.dataChanged) as changed:
        model.on_tick()
    top, bottom = changed.args[0], changed.args[1]
    assert (top.row(), bottom.row()) == (2, 5)
    assert (top.column(), bottom.column()) == (Column.COST, Column.SLA)
    model.set_visible_rows(lambda: (0, -1))  # nothing on screen: nothing to say
    signals = Signals(model)
    model.on_tick()
    assert signals.seen == []


def test_sla_filter_follows_the_clock(rig: Rig) -> None:
    rig.switch_down()  # P1: acknowledge within 5 min
    minor = rig.service.raise_manual("AR-042-PLC", "gripper slow", impact=3, urgency=3).id
    rig.qt.on_tick()
    model = IncidentListModel(rig.qt)
    proxy = IncidentFilterProxy(model)
    proxy.set_filters(sla="ok")
    assert proxy.rowCount() == 2
    rig.clock.advance(4 * 60)  # 4 min 2 s of 5: the P1 warns
    for _ in range(AGE_EVERY):  # time-based filters are applied again every 30 ticks
        model.on_tick()
    assert [model.head_at(0).id] == [minor]
    proxy.set_filters(sla="warning")
    assert proxy.rowCount() == 1 and model.head_at(0).priority == "P1"
    rig.clock.advance(60)
    proxy.set_filters(sla="breached")
    assert proxy.rowCount() == 1 and model.head_at(0).priority == "P1"
    p1 = model.head_at(0).id
    rig.service.acknowledge(p1)  # stopped late: still breached
    rig.qt.on_tick()
    assert model.row_of(p1) == 0
    proxy.set_filters(sla="warning")
    assert proxy.rowCount() == 0


def test_age_filter_hour_shift_day_older(rig: Rig) -> None:
    old = rig.service.raise_manual("AR-042-PLC", "gripper slow", impact=3, urgency=3).id
    rig.clock.advance(2 * 86_400)
    new = rig.service.raise_manual("PB-101-PLC", "paint HMI slow", impact=3, urgency=3).id
    rig.qt.on_tick()
    model = IncidentListModel(rig.qt)
    proxy = IncidentFilterProxy(model, shift_start=lambda now: now - 3_600_000 * 3)
    shown = {}
    for age in ("hour", "shift", "day", "older"):
        proxy.set_filters(age=age)
        shown[age] = {model.head_at(r).id for r in range(proxy.rowCount())}
    assert shown == {"hour": {new}, "shift": {new}, "day": {new}, "older": {old}}
    rig.clock.advance(2 * 3600)
    proxy.set_filters(age="hour")
    assert proxy.rowCount() == 0


def test_unknown_filter_values_are_refused_and_the_list_stays(rig: Rig) -> None:
    fill(rig, 3)
    model = IncidentListModel(rig.qt)
    proxy = IncidentFilterProxy(model)
    with pytest.raises(ValueError, match="SLA filter 'late': use one of breached, warning, ok"):
        proxy.set_filters(sla="late")
    with pytest.raises(ValueError, match="age filter 'week'"):
        proxy.set_filters(age="week")
    assert proxy.rowCount() == 3


def test_filter_bar_offers_sla_and_age(rig: Rig, qtbot: Any) -> None:
    fill(rig, 4)
    view = IncidentListView(rig.qt)
    qtbot.addWidget(view)
    view.open_only.setChecked(False)
    assert [view.sla_box.itemData(i) for i in range(view.sla_box.count())] == [
        "any",
        "breached",
        "warning",
        "ok",
    ]
    view.age_box.setCurrentIndex(view.age_box.findData("older"))
    assert view.proxy.filters.age == "older" and view.proxy.rowCount() == 0
    assert view.count_label.text() == "0 of 4 incidents"
    view.age_box.setCurrentIndex(view.age_box.findData("hour"))
    view.sla_box.setCurrentIndex(view.sla_box.findData("ok"))
    assert view.proxy.rowCount() == 4 and view.count_label.text() == "4 of 4 incidents"


# -- duplicates: two consoles raise the same stop offline -------------------------------


def raise_stop(service: IncidentService, at_ms: int) -> str:
    switch = "SW-L3-043"
    payload = created_payload(
        service.plant,
        ci=switch,
        title="LINE STOP — 3 lines",
        fault_at_ms=at_ms,
        impact=1,
        urgency=1,
        local_ref=service.local_ref(switch, ["L3"]),
        lines=["L3", "L4", "L5"],
        dedup_key=dedup_key(switch, "no_answer"),
        origin="auto",
    )
    return service.create(payload, user="system").id


@pytest.fixture
def two_consoles(
    tmp_path: Path, demo_plant: Plant, qapp: QApplication
) -> Iterator[list[IncidentServiceQt]]:
    with open_store(tmp_path / "a.db") as one, open_store(tmp_path / "b.db") as two:
        made = []
        for store, name, start in ((one, "CR1", T0), (two, "PC-2", T0 + 2000)):
            service = IncidentService(store, demo_plant, console_id=name, now_ms=Clock(start))
            made.append(IncidentServiceQt(service))
        yield made
        for qt in made:
            qt.deleteLater()


def test_both_lists_show_one_p1_and_one_duplicate(
    two_consoles: list[IncidentServiceQt], plant_feed: PlantFeed, qtbot: Any
) -> None:
    room, pc = two_consoles
    models = [IncidentListModel(qt) for qt in two_consoles]
    bars = [HeaderBar(plant_feed.service) for _qt in two_consoles]
    for bar, qt in zip(bars, two_consoles, strict=True):
        qtbot.addWidget(bar)
        bar.set_incidents(qt)
    first = raise_stop(room.service, T0)
    second = raise_stop(pc.service, T0 + 2000)
    pc.service.add_note(second, "HMI on L4 shows no PLC")
    room.service.apply_remote(load_events(pc.service.store, second), None)
    pc.service.apply_remote(load_events(room.service.store, first), None)
    for qt, model, bar in zip(two_consoles, models, bars, strict=True):
        qt.on_tick()
        assert bar.incidents_label.text() == "P1 x1 (1 not acknowledged)"  # not x2
        assert order(model) == [first, second]  # the duplicate sorts after every incident
        assert model.index(0, Column.STATE).data().startswith("New")
        assert model.index(0, Column.TITLE).data().endswith("(duplicates: 1)")
        assert model.index(1, Column.STATE).data() == "Duplicate of L3-tmp-1"
        assert model.index(1, Column.COST).data() == "-" and model.index(1, Column.SLA).data() == ""
        assert model.index(1, Column.PRIORITY).data() == "P1"  # no "not acknowledged" mark
        tip = model.index(1, Column.COST).data(Qt.ItemDataRole.ToolTipRole)
        assert "its cost, SLA and notes count on L3-tmp-1" in tip
        assert model.index(1, 0).data(HEAD_ROLE).duplicate_of == first
        assert len(qt.service.heads(open_only=True, priorities=("P1",), duplicates=False)) == 1
        notes = [(i, n.text) for i, n in qt.service.merged(first).notes]
        assert (second, "HMI on L4 shows no PLC") in notes
        proxy = IncidentFilterProxy(model)
        proxy.set_filters(sla="ok")  # its SLA counts on the survivor: not listed by SLA
        assert [model.head_at(r).id for r in range(proxy.rowCount())] == [first]


# -- money in the console's language --------------------------------------------------


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    assert i18n.install_language(qapp, "de") == "de"
    yield
    i18n.install_language(qapp, "en")


def test_money_and_filters_in_german(rig: Rig, german: None, qtbot: Any) -> None:
    view = IncidentListView(rig.qt)
    qtbot.addWidget(view)
    assert [view.sla_box.itemText(i) for i in range(4)] == [
        "alle",
        "verletzt",
        "Warnung (75 %)",
        "im Ziel",
    ]
    assert view.age_box.itemText(4) == "älter als 24 h"
    rig.switch_down()
    model = IncidentListModel(rig.qt)
    tip = model.index(0, Column.COST).data(Qt.ItemDataRole.ToolTipRole)
    assert "EUR 11.400/h" in tip
    rig.clock.advance(3600)
    model.on_tick()
    text = model.index(0, Column.COST).data()
    assert text.startswith("EUR ") and "," not in text
