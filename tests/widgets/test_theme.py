"""Light and dark ISA-101 themes: palette roles change live, state hues and shapes stay;
the diagram and the trend plots repaint in the theme's greys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from models.states import State
from tests.widgets.conftest import PlantFeed
from widgets import palette, theme
from widgets.selection import CiSelection
from widgets.topology import TopologyView
from widgets.topology import paint as topology_paint
from widgets.trends import TrendPanel

Role = QPalette.ColorRole


@pytest.fixture
def light_after(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    theme.apply_theme(qapp, "light")


def _luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_switch_changes_palette_roles_live(light_after: QApplication, qtbot: Any) -> None:
    label = QLabel("x")
    qtbot.addWidget(label)
    theme.apply_theme(light_after, "light")
    assert light_after.palette().color(Role.Window).name() == palette.WINDOW_BG.lower()
    with qtbot.waitSignal(theme.notifier().changed) as changed:
        theme.apply_theme(light_after, "dark")
    assert changed.args == ["dark"]
    app_palette = light_after.palette()
    assert app_palette.color(Role.Window).name() == palette.DARK_WINDOW_BG.lower()
    assert app_palette.color(Role.Base).name() == palette.DARK_PANEL_BG.lower()
    assert app_palette.color(Role.WindowText).name() == palette.DARK_TEXT.lower()
    dark_bg = palette.DARK_WINDOW_BG.lower()
    qtbot.waitUntil(lambda: label.palette().color(Role.Window).name() == dark_bg)
    theme.apply_theme(light_after, "light")
    assert light_after.palette().color(Role.Text).name() == palette.TEXT.lower()
    assert light_after.palette().color(Role.ToolTipBase) != QColor(palette.DARK_PANEL_BG)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_high_contrast_and_neutral_chrome(light_after: QApplication, name: str) -> None:
    theme.apply_theme(light_after, name)
    p = light_after.palette()
    assert contrast(p.color(Role.WindowText), p.color(Role.Window)) >= 7
    assert contrast(p.color(Role.Text), p.color(Role.Base)) >= 7
    for role in (Role.Window, Role.Base, Role.Button, Role.Highlight):
        assert p.color(role).hsvSaturationF() < 0.05, role  # colour only for abnormal


def test_dark_keeps_hue_and_shape_and_stays_readable(light_after: QApplication) -> None:
    panel = QColor(palette.DARK_PANEL_BG)
    for state, light in palette.LIGHT_STYLES.items():
        dark = palette.DARK_STYLES[state]
        assert dark.shape == light.shape
        if state is State.OK:
            continue
        hue_light = QColor(light.colour).hslHueF()
        hue_dark = QColor(dark.colour).hslHueF()
        assert abs(hue_light - hue_dark) < 0.01, state
        assert contrast(QColor(dark.colour), panel) >= 4.5, state


def test_state_icons_follow_the_theme(light_after: QApplication) -> None:
    theme.apply_theme(light_after, "light")
    assert palette.colour(State.DOWN).name() == "#c62828"
    light_icon = palette.state_icon(State.DOWN)
    theme.apply_theme(light_after, "dark")
    assert palette.colour(State.DOWN).name() == palette.DARK_STYLES[State.DOWN].colour.lower()
    assert palette.state_icon(State.DOWN) is not light_icon
    assert palette.colour(State.OK).name() == palette.NEUTRAL.lower()


def test_unknown_theme_is_light(light_after: QApplication) -> None:
    assert theme.apply_theme(light_after, "purple") == "light"


def test_topology_and_trends_follow_a_live_switch_to_dark(
    light_after: QApplication, plant_feed: Any, qtbot: Any
) -> None:
    feed: PlantFeed = plant_feed
    theme.apply_theme(light_after, "light")
    view = TopologyView(feed.service, CiSelection())
    trends = TrendPanel(feed.service)
    for widget in (view, trends):
        qtbot.addWidget(widget)
    plot = trends.add_tag("AR-042-PLC", "vibration")
    feed.switch_down("SW-L3-043")
    feed.flush()

    def backgrounds() -> tuple[str, str, str]:
        return (
            view.scene.backgroundBrush().color().name(),
            view.view.backgroundBrush().color().name(),
            plot.plot.backgroundBrush().color().name(),
        )

    def marks() -> dict[State, tuple[float, str]]:
        """Hue and shape of each state mark as the diagram draws it."""
        return {
            state: (palette.colour(state).hslHueF(), palette.STYLES[state].shape) for state in State
        }

    light = palette.WINDOW_BG.lower()
    assert backgrounds() == (light, light, palette.PANEL_BG.lower())
    light_marks = marks()
    switch_item = view.scene.item_for("SW-L3-043")
    assert switch_item is not None and switch_item.face.state is State.DOWN

    theme.apply_theme(light_after, "dark")
    dark = palette.DARK_WINDOW_BG.lower()
    assert backgrounds() == (dark, dark, palette.DARK_PANEL_BG.lower())
    assert topology_paint.NODE_FILL != "#FFFFFF" and topology_paint.TEXT == palette.DARK_TEXT
    assert contrast(QColor(topology_paint.TEXT), QColor(topology_paint.NODE_FILL)) >= 7
    axis = plot.plot.getPlotItem().getAxis("left")
    assert axis.textPen().color().name() == palette.DARK_TEXT.lower()
    assert plot.curve.opts["pen"].color().name() != "#4d4d4d"  # no dark curve on dark
    # state colours: same hue and shape (OK and warning exactly the same colour)
    dark_marks = marks()
    for state in State:
        assert dark_marks[state][1] == light_marks[state][1]
        if state is not State.OK:
            assert abs(dark_marks[state][0] - light_marks[state][0]) < 0.01, state
    assert palette.colour(State.OK).name() == palette.NEUTRAL.lower()
    assert palette.colour(State.WARNING).name() == "#e8a400"
    assert switch_item.face.state is State.DOWN  # the fault still shows, nothing rebuilt
    image = view.view.grab().toImage()
    corner = image.pixelColor(2, image.height() - 3).name()
    assert corner == dark, corner  # repainted, not a stale light pixmap

    theme.apply_theme(light_after, "light")
    assert backgrounds() == (light, light, palette.PANEL_BG.lower())
    assert marks() == light_marks
