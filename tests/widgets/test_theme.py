"""Light and dark ISA-101 themes: palette roles change live, state hues and shapes stay."""

from __future__ import annotations

import colorsys
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from models.states import State
from widgets import palette, theme

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
        hue_light = colorsys.rgb_to_hls(*QColor(light.colour).getRgbF()[:3])[0]
        hue_dark = colorsys.rgb_to_hls(*QColor(dark.colour).getRgbF()[:3])[0]
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
