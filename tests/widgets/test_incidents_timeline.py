"""Incident timeline and notes as item models: grown in place, only shown rows formatted,
one line per row; money in the detail views in the console's language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models.impact import ImpactAnalyzer
from models.incidents.state import EntryKind, TimelineEntry
from tests.widgets.conftest import PlantFeed
from tests.widgets.test_incidents_list import SWITCH, Rig, incident_rig
from widgets import i18n
from widgets.impact_dialog import ImpactDialog
from widgets.incidents.detail import IncidentDetail
from widgets.incidents.review_view import ReviewView
from widgets.incidents.timeline import KIND_ROLE, TimelineModel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def rig(plant_feed: PlantFeed, tmp_path: Path) -> Iterator[Rig]:
    with incident_rig(plant_feed, tmp_path) as made:
        yield made


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    assert i18n.install_language(qapp, "de") == "de"
    yield
    i18n.install_language(qapp, "en")


def opened(rig: Rig, qtbot: Any) -> IncidentDetail:
    (head,) = rig.service.heads()
    detail = IncidentDetail(rig.qt, head.id)
    qtbot.addWidget(detail)
    detail.show()
    qtbot.waitExposed(detail)
    return detail


def test_the_timeline_model_passes_qtmodeltester(rig: Rig, qtmodeltester: Any) -> None:
    rig.switch_down()
    (head,) = rig.service.heads()
    for n in range(3):
        rig.service.add_note(head.id, f"note {n}\nsecond line", work_note=n % 2 == 0)
    state = rig.service.incident(head.id)
    for rows in (state.timeline, state.notes):
        model = TimelineModel()
        model.set_rows(rows)
        qtmodeltester.check(model)


def test_a_grown_incident_appends_rows_and_the_view_follows_the_end(rig: Rig, qtbot: Any) -> None:
    rig.switch_down()
    (head,) = rig.service.heads()
    for n in range(200):  # more rows than the view shows
        rig.service.add_note(head.id, f"shift note {n}", work_note=False)
    detail = opened(rig, qtbot)
    model, bar = detail.timeline.rows, detail.timeline.verticalScrollBar()
    assert model.rowCount() == 201 and bar.maximum() > 0
    qtbot.waitUntil(lambda: bar.value() == bar.maximum())
    resets: list[None] = []
    inserted: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(None))
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    with qtbot.wait_signal(rig.qt.incidentsChanged):
        rig.service.add_note(head.id, "spare PSU fitted", work_note=True)
        rig.qt.on_tick()
    assert resets == [] and inserted == [(201, 201)]
    assert "spare PSU fitted" in detail.timeline.texts()[-1]
    qtbot.waitUntil(lambda: bar.value() == bar.maximum())  # still at the end
    assert detail.notes.count() == 201


def test_a_large_timeline_formats_only_the_rows_a_view_asked_for(rig: Rig, qtbot: Any) -> None:
    rig.switch_down()
    (head,) = rig.service.heads()
    for n in range(300):
        rig.service.add_note(head.id, f"note {n}", work_note=False)
    detail = opened(rig, qtbot)

    def made() -> int:
        return sum(text is not None for text in detail.timeline.rows._texts)

    qtbot.waitUntil(lambda: made() > 0)  # painted: the rows on screen were asked for
    assert detail.timeline.count() == 301 and made() < 100


def test_a_note_of_several_lines_is_one_row_with_the_note_whole_in_its_tooltip(
    rig: Rig, qtbot: Any
) -> None:
    rig.switch_down()
    (head,) = rig.service.heads()
    rig.service.add_note(head.id, "PSU dead\r\nspare ordered", work_note=True)
    detail = opened(rig, qtbot)
    (note,) = detail.notes.texts()
    assert note.endswith("anna (work note): PSU dead ⏎ spare ordered")
    tip = detail.notes.rows.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("PSU dead\r\nspare ordered")
    assert detail.timeline.texts()[-1].count("⏎") == 1


def test_entry_kinds_are_marked_in_word_and_style(rig: Rig, qtbot: Any) -> None:
    rig.switch_down()
    (head,) = rig.service.heads()
    rig.service.acknowledge(head.id)
    state = rig.service.incident(head.id)
    model = TimelineModel()
    model.set_rows(state.timeline)
    kinds = [model.index(r).data(KIND_ROLE) for r in range(model.rowCount())]
    assert kinds == [e.kind.value for e in state.timeline]
    assert all(model.index(r).data(Qt.ItemDataRole.FontRole) is None for r in range(len(kinds)))
    events = [e for e in state.timeline if e.kind is EntryKind.EVENT]
    model.set_rows([*events, _as_noop(events[-1])])  # a no-op appended
    last = model.index(model.rowCount() - 1)
    assert last.data().split("  ", 1)[1].startswith("[no effect] ")
    assert last.data(Qt.ItemDataRole.FontRole).italic()


def _as_noop(entry: TimelineEntry) -> TimelineEntry:
    return replace(entry, kind=EntryKind.NOOP, event_id=entry.event_id + "x")


def test_money_in_detail_review_and_impact_speaks_german(
    rig: Rig, qtbot: Any, german: None
) -> None:
    rig.switch_down()
    (head,) = rig.service.heads()
    detail = opened(rig, qtbot)
    assert detail.lines_label.text() == "L3, L4, L5  (EUR 11.400/h)"
    rig.clock.advance(30 * 60)
    detail.on_tick()
    assert detail.cost_label.text().startswith("EUR 5.70")  # 3 x EUR 3,800/h x 0.5 h
    rig.service.resolve(head.id, root_cause="PSU", resolution="replaced")
    review = ReviewView(rig.qt, head.id)
    qtbot.addWidget(review)
    assert review.cost_label.text().startswith("EUR 5.70")
    impact = ImpactAnalyzer(rig.feed.plant).impact_of(SWITCH)
    dialog = ImpactDialog(rig.feed.plant, impact)
    qtbot.addWidget(dialog)
    assert dialog.cost_label.text() == "EUR 11.400/h"
    assert dialog.units_label.text().startswith("720 ")


def test_an_event_arriving_in_the_middle_resets_the_rows(rig: Rig) -> None:
    # Sync can fold an older event in between: the rows are re-made, not appended to.
    rig.switch_down()
    (head,) = rig.service.heads()
    rig.service.acknowledge(head.id)
    first, *rest = rig.service.incident(head.id).timeline
    model = TimelineModel()
    model.set_rows([first, *rest])
    assert model.index(0).data() and model.index(model.rowCount() - 1).data()
    resets: list[None] = []
    model.modelReset.connect(lambda: resets.append(None))
    middle = _as_noop(first)
    model.set_rows([first, middle, *rest])
    assert resets == [None] and model.rowCount() == len(rest) + 2
    assert "[no effect] " in model.index(1).data()
