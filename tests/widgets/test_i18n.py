"""German and English: translators installed app-wide, menus translated, locale formatting."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication, QMainWindow

from tests.conftest import REPO
from widgets import i18n


@pytest.fixture
def lang(qapp: QApplication) -> Iterator[Any]:
    yield lambda code: i18n.install_language(qapp, code)
    i18n.install_language(qapp, "en")


def test_shipped_qm_exists_for_german() -> None:
    assert i18n.qm_path("de").is_file()


def test_every_german_text_is_translated_and_the_qm_is_current() -> None:
    script = REPO / "scripts" / "translations.py"
    result = subprocess.run(
        [sys.executable, str(script), "check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_app_wide_translator_renders_menus_in_german(lang: Any, qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)

    def build() -> list[str]:
        window.menuBar().clear()
        for text in ("&File", "&View", "&Help"):
            window.menuBar().addMenu(QCoreApplication.translate("MainWindow", text))
        return [a.text() for a in window.menuBar().actions()]

    assert build() == ["&File", "&View", "&Help"]
    assert lang("de") == "de"
    assert build() == ["&Datei", "&Ansicht", "&Hilfe"]
    assert QCoreApplication.translate("MainWindow", "&Settings…") == "&Einstellungen…"
    assert lang("en") == "en"
    assert build() == ["&File", "&View", "&Help"]


def test_unknown_language_falls_back_to_english(lang: Any) -> None:
    assert lang("fr") == "en"
    assert i18n.current_language() == "en"


def test_eur_and_numbers_per_locale(lang: Any) -> None:
    lang("en")
    assert i18n.eur(11400, per_hour=True) == "EUR 11,400/h"
    assert i18n.eur(2183.4) == "EUR 2,183"
    assert i18n.number(3.5, 1) == "3.5"
    lang("de")
    assert i18n.eur(11400, per_hour=True) == "EUR 11.400/h"
    assert i18n.number(1234567) == "1.234.567"
    assert i18n.number(3.5, 1) == "3,5"
    assert QLocale().name() == "de_DE"


def test_dates_and_times_are_24_hour_per_locale(lang: Any) -> None:
    moment = datetime(2026, 11, 3, 14, 5, 9)
    lang("en")
    assert i18n.date_time(moment) == "03/11/2026 14:05"
    lang("de")
    assert i18n.date_time(moment) == "03.11.2026 14:05"
    assert i18n.time_of_day(moment) == "14:05:09"
