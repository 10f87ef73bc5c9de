"""German and English: translators installed app-wide, menus translated, locale formatting."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import ModuleType
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


def translations_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "translations", REPO / "scripts" / "translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Panel</name>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>%1 of %2 incidents</source>
        <translation>%1 Störfälle</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>{eur} so far</source>
        <translation>bisher {eur}</translation>
    </message>
</context>
</TS>
"""
PANEL = """from PySide6.QtWidgets import QWidget


class Panel(QWidget):
    def texts(self) -> list[str]:
        return [self.tr("Open"), self.tr("Close"), self.tr("{eur} so far")]
"""


def test_check_finds_a_string_of_the_code_missing_from_the_ts(tmp_path: Path) -> None:
    script = translations_script()
    assert "widgets/incidents/strip.py" in script.SOURCES  # every widgets/ module
    assert "app/session.py" in script.SOURCES  # refusal reasons of the role
    ts = tmp_path / "x_de.ts"
    ts.write_text(TS, encoding="utf-8")
    (tmp_path / "panel.py").write_text(PANEL, encoding="utf-8")
    assert script.missing_from(ts, ["panel.py"], tmp_path) == ["Panel: 'Close'"]
    assert ts.read_text(encoding="utf-8") == TS  # checking never rewrites the .ts


def test_check_finds_lost_placeholders_and_accelerators(tmp_path: Path) -> None:
    script = translations_script()
    ts = tmp_path / "x_de.ts"
    ts.write_text(TS, encoding="utf-8")
    problems = script.placeholder_problems("de", ts)
    assert len(problems) == 2, problems
    assert "placeholders differ: '%1 of %2 incidents'" in problems[0]
    assert "accelerator (&) differs: '&Save'" in problems[1]


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
