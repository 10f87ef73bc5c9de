"""Incident views in the window: shift handover (HTML/PDF export), post-incident review, sound."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.widgets.conftest import PlantFeed
from tests.widgets.test_incidents_list import Rig, incident_rig
from widgets.incidents.handover_view import HandoverView
from widgets.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


@pytest.fixture
def rig(plant_feed: PlantFeed, tmp_path: Path) -> Iterator[Rig]:
    with incident_rig(plant_feed, tmp_path) as made:
        yield made


@pytest.fixture
def window(rig: Rig, qtbot: Any) -> Iterator[MainWindow]:
    win = MainWindow(rig.feed.service, incidents=rig.qt)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_handover_view_lists_the_line_stop_and_exports(
    window: MainWindow, rig: Rig, tmp_path: Path
) -> None:
    rig.switch_down()
    rig.clock.advance(600)
    console = window.incident_console
    assert console is not None
    console.actions["handover"].trigger()
    view = console.editors["handover"]
    assert isinstance(view, HandoverView) and view.isVisible()
    text = view.browser.toPlainText()
    assert "Shift handover" in text and "LINE STOP" in text and "Still open" in text
    assert view.report is not None and len(view.report.still_open) == 1
    assert view.report.cost_eur > 0
    html_path, pdf_path = tmp_path / "handover.html", tmp_path / "handover.pdf"
    assert view.export_html(html_path)
    assert "LINE STOP" in html_path.read_text(encoding="utf-8")
    assert view.export_pdf(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert view.status_label.text() == f"Saved {pdf_path}"
    # a folder that does not exist: said, nothing pretended
    bad = tmp_path / "no" / "such" / "handover.pdf"
    assert not view.export_pdf(bad) and "Not saved" in view.status_label.text()
    assert not view.export_html(bad.with_suffix(".html"))
    assert not bad.exists()
    view.shift_box.setCurrentIndex(view.shift_box.findData("early"))
    assert "early shift" in view.browser.toPlainText()
