"""TrendPanel over a real monitor with fake drivers (plant_feed), offscreen."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.trends import TrendRecorder
from widgets.trends import TAG_MIME, TrendPanel, style

from .conftest import PlantFeed

PLC = "AR-042-PLC"


@pytest.fixture
def panel(plant_feed: PlantFeed, qtbot: QtBot) -> TrendPanel:
    panel = TrendPanel(plant_feed.service)
    qtbot.addWidget(panel)
    panel.resize(800, 500)
    return panel


def curve_values(panel: TrendPanel, ci_id: str = PLC, point: str = "vibration") -> list[float]:
    _, y = panel.plots[(ci_id, point)].curve.getOriginalDataset()
    return [] if y is None else list(y)


def test_curve_gets_the_fed_values_and_limits_are_drawn(
    panel: TrendPanel, plant_feed: PlantFeed, qtbot: QtBot
) -> None:
    plot = panel.add_tag(PLC, "vibration")
    assert curve_values(panel) == [3.0]  # seeded from the current reading
    for v in (1.0, 2.5, 4.0, 5.25):
        plant_feed.set(PLC, "vibration", v)
    plant_feed.flush()
    assert curve_values(panel) == [3.0]  # drawn half a tick later, in a frame of its own
    qtbot.waitUntil(lambda: curve_values(panel) == [3.0, 1.0, 2.5, 4.0, 5.25], timeout=5000)
    times, _ = plot.curve.getOriginalDataset()
    assert times is not None and np.all(np.diff(times) >= 0)
    assert abs(times[-1] - panel.recorder.now()) < 60  # wall-clock seconds
    warn, alarm = plot.limit_lines["warn_high"], plot.limit_lines["alarm_high"]
    assert (warn.value(), alarm.value()) == (4.5, 7.1)
    assert warn.pen.color() == QColor(style.WARNING)
    assert alarm.pen.color() == QColor(style.ALARM)
    assert warn.pen.style() == Qt.PenStyle.DashLine
    assert alarm.pen.style() == Qt.PenStyle.DashDotLine
    assert plot.limit_labels == ["warning 4.5", "alarm 7.1"]
    assert plot.value_label.text() == "now 5.25 mm/s  -  above warning"
    y0, y1 = plot.view_box.viewRange()[1]
    assert y0 < 1.0 and y1 > 7.1  # data and limits in view


def test_redraws_once_per_coalesced_tick_and_only_for_trended_cis(
    panel: TrendPanel, plant_feed: PlantFeed, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    panel.add_tag(PLC, "vibration")
    calls: list[int] = []
    monkeypatch.setattr(panel, "refresh", lambda: calls.append(1))
    plant_feed.set("AR-042-RC", "vibration", 2.0)
    plant_feed.flush()
    assert not panel._redraw.isActive()  # no trended CI changed: nothing due
    for k in range(20):
        plant_feed.set(PLC, "vibration", k / 10)
    plant_feed.flush()
    assert calls == []  # not in the frame of the tick that brought the values
    qtbot.waitUntil(lambda: calls == [1], timeout=5000)


def test_pause_freezes_the_view_while_recording_goes_on(
    panel: TrendPanel, plant_feed: PlantFeed
) -> None:
    panel.add_tag(PLC, "vibration")
    panel.pause_button.click()
    assert panel.paused and panel.pause_button.text() == "Resume live"
    plant_feed.set(PLC, "vibration", 6.0)
    plant_feed.flush()
    assert curve_values(panel) == [3.0]
    assert panel.recorder.history(PLC, "vibration").last[1] == 6.0  # type: ignore[index]
    panel.pause_button.click()
    assert not panel.paused
    assert curve_values(panel) == [3.0, 6.0]


def test_window_choice_sets_the_time_span(panel: TrendPanel) -> None:
    plot = panel.add_tag(PLC, "vibration")
    for index, seconds in enumerate((60, 300, 3600, 8 * 3600)):
        panel.window_box.setCurrentIndex(index)
        x0, x1 = plot.view_box.viewRange()[0]
        assert x1 - x0 == pytest.approx(seconds * 1.02, rel=1e-3)
        assert x1 == pytest.approx(panel.recorder.now(), abs=seconds * 0.03)


def test_paused_scroll_back_shows_older_thinned_data(plant_feed: PlantFeed, qtbot: QtBot) -> None:
    recorder = TrendRecorder(raw_capacity=100, bucket_s=5.0, bucket_capacity=2000)
    plant_feed.monitor.add_sample_tap(recorder.on_sample)
    history = recorder.watch(PLC, "vibration")
    now = recorder.now()
    for k in range(3600):  # the last hour at 1 Hz, a spike 40 min ago
        history.append(now - 3600 + k, 9.5 if k == 1200 else 2.0 + math.sin(k / 30))
    panel = TrendPanel(plant_feed.service, recorder=recorder)
    qtbot.addWidget(panel)
    plot = panel.add_tag(PLC, "vibration")
    assert max(curve_values(panel)) < 9.5  # not in the live 5 min
    plot.view_box.sigRangeChangedManually.emit([True, False])  # the user drags
    assert panel.paused
    plot.view_box.setXRange(now - 2700, now - 2100, padding=0)
    qtbot.waitUntil(lambda: max(curve_values(panel)) == 9.5, timeout=2000)
    times, values = plot.curve.getOriginalDataset()
    assert times is not None and values is not None
    assert times[0] < now - 2700 and times[-1] > now - 2100
    shown = (times >= now - 2700) & (times <= now - 2100)
    assert shown.sum() <= 2 * 600 / 5 + 2  # thinned: two points per 5 s bucket, not 600


def test_drop_of_tags(panel: TrendPanel) -> None:
    mime = QMimeData()
    mime.setData(TAG_MIME, b"AR-042-PLC:vibration\nAR-042-RC:axis_temp\nAR-042-PLC:program_name")
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.dropEvent(drop)
    assert set(panel.plots) == {(PLC, "vibration"), ("AR-042-RC", "axis_temp")}
    assert "AR-042-PLC:program_name" in panel.status.text()
    other = QMimeData()
    other.setText("AR-042-PLC:vibration")
    refused = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        other,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.dragEnterEvent(refused)
    assert not refused.isAccepted()


def test_remove_tag_stops_recording(panel: TrendPanel, plant_feed: PlantFeed) -> None:
    plot = panel.add_tag(PLC, "vibration")
    plot.on_remove()
    assert panel.plots == {}
    assert not panel.recorder.is_watched(PLC, "vibration")
    assert not panel.hint.isHidden()
    plant_feed.set(PLC, "vibration", 1.0)
    plant_feed.flush()  # no error, nothing recorded
    assert panel.recorder.nbytes == 0
    with pytest.raises(KeyError):
        panel.add_tag(PLC, "program_name")


def test_memory_bounded_after_100k_appends(panel: TrendPanel) -> None:
    panel.add_tag(PLC, "vibration")
    history = panel.recorder.history(PLC, "vibration")
    bound = history.nbytes
    assert bound < 200_000
    now = panel.recorder.now()
    for k in range(100_000):
        history.append(now - 10_000 + k * 0.1, float(k % 101))
    assert history.nbytes == bound
    panel.window_box.setCurrentIndex(3)  # whole shift
    assert len(curve_values(panel)) <= len(history) <= 4096 + 2 * 2880


def test_renders_readable_and_not_blank(panel: TrendPanel, plant_feed: PlantFeed) -> None:
    plot = panel.add_tag(PLC, "vibration")
    for v in (1.0, 5.0, 2.0):
        plant_feed.set(PLC, "vibration", v)
    plant_feed.flush()
    image = panel.grab().toImage()
    colours = {image.pixelColor(x, y).getRgb()[:3] for x in range(100, 700, 7) for y in range(500)}

    def drawn(hex_colour: str) -> bool:  # antialiasing blends edges: allow a little
        want = QColor(hex_colour).getRgb()[:3]
        return any(sum(abs(a - b) for a, b in zip(c, want, strict=True)) < 45 for c in colours)

    assert drawn(style.PANEL_BG) and drawn(style.CURVE)
    assert drawn(style.WARNING) and drawn(style.ALARM)
    assert panel.font().pointSize() >= 10
    assert plot.plot.getPlotItem().getAxis("bottom").style["tickFont"].pointSize() >= 10


def test_live_redraws_at_most_once_per_second_and_not_while_hidden(
    panel: TrendPanel, plant_feed: PlantFeed, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    panel.add_tag(PLC, "vibration")
    calls: list[int] = []
    monkeypatch.setattr(panel, "refresh", lambda: calls.append(1))
    for k in range(3):  # three coalesced ticks within a second: one redraw, soon
        plant_feed.set(PLC, "vibration", k / 10)
        plant_feed.flush()
    qtbot.waitUntil(lambda: calls == [1], timeout=5000)
    for k in range(3):  # more within the second: left to the scroll tick
        plant_feed.set(PLC, "vibration", k / 5)
        plant_feed.flush()
    assert not panel._redraw.isActive()
    panel.on_scroll_tick()  # the tick draws what came in since
    assert calls == [1, 1]
    panel.on_scroll_tick()  # nothing new: the axis moves, no data redraw
    assert calls == [1, 1]
    window = QWidget()  # a shown window in which the panel is hidden (a closed dock)
    qtbot.addWidget(window)
    panel.setParent(window)
    window.show()
    panel.hide()
    panel._last_draw = -10.0  # long after the last redraw
    plant_feed.set(PLC, "vibration", 7.0)
    plant_feed.flush()
    panel.on_scroll_tick()
    assert calls == [1, 1]  # recorded only
    assert panel.recorder.history(PLC, "vibration").last[1] == 7.0  # type: ignore[index]
    panel.show()
    assert calls == [1, 1, 1]  # caught up when shown
    panel.setParent(None)  # the fixture closes it
