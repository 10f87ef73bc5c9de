"""English and German: Qt translators installed app-wide, and locale-aware formatting.

`install_language(app, "de")` loads `resources/i18n/plantconsole_de.qm` (built from
the .ts sources by `scripts/build_translations.py`) and Qt's own `qtbase_de.qm`, and
sets the default QLocale; Qt then posts every widget a LanguageChange event, on which
widgets re-run their `retranslate()`. Objects that are not widgets (item models, shared
QActions, the diagram's texts) listen to `notifier().changed(lang)` instead, emitted once
the switch is complete. English is the source language: no file needed.

Formatting follows the locale: `eur(11400, per_hour=True)` is "EUR 11,400/h" in
English and "EUR 11.400/h" in German; times are always 24-hour (UI.md).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from resources import RESOURCES

LANGUAGES = ("en", "de")
I18N_DIR = RESOURCES / "i18n"
_LOCALES = {
    # en_GB: thousands separators as in English, 24-hour clock as a control room reads it
    "en": (QLocale.Language.English, QLocale.Country.UnitedKingdom),
    "de": (QLocale.Language.German, QLocale.Country.Germany),
}
_installed: list[QTranslator] = []
_current = "en"


class LanguageNotifier(QObject):
    """One per application: `changed(lang)` after `install_language` switched the language."""

    changed = Signal(str)


_notifier: LanguageNotifier | None = None
_locales: dict[str, QLocale] = {}


def notifier() -> LanguageNotifier:
    global _notifier
    if _notifier is None:
        _notifier = LanguageNotifier()
    return _notifier


def qm_path(lang: str) -> Path:
    return I18N_DIR / f"plantconsole_{lang}.qm"


def current_language() -> str:
    return _current


def locale_for(lang: str) -> QLocale:
    if lang not in _locales:
        language, country = _LOCALES.get(lang, _LOCALES["en"])
        _locales[lang] = QLocale(language, country)
    return _locales[lang]


def install_language(app: QCoreApplication, lang: str) -> str:
    """Switch the whole application to `lang` ('en' or 'de'; anything else: 'en')."""
    global _current
    lang = lang if lang in LANGUAGES else "en"
    _current = lang  # before the translators change: LanguageChange handlers read it
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(locale_for(lang))
    if lang != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, folder in ((f"qtbase_{lang}", qt_dir), (f"plantconsole_{lang}", str(I18N_DIR))):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _installed.append(translator)
    notifier().changed.emit(lang)
    return lang


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark `text` for lupdate under `context` (a typed twin of Qt's); translate when shown."""
    return text


def tr(context: str, text: str) -> str:
    """Translate outside a QObject (lupdate finds QCoreApplication.translate calls only)."""
    return QCoreApplication.translate(context, text)


# -- formatting in the current locale ------------------------------------------------------


def number(value: float, decimals: int = 0) -> str:
    """'11,400' / '11.400'; with decimals '3.5' / '3,5' (the console's language, not the
    system's: a German console on an English Windows still writes 11.400)."""
    return locale_for(_current).toString(float(value), "f", decimals)


def eur(amount: float, per_hour: bool = False) -> str:
    """'EUR 11,400/h' (en) or 'EUR 11.400/h' (de): no decimals, rates are estimates."""
    text = f"EUR {number(round(amount))}"
    return f"{text}/h" if per_hour else text


def date_time(when: datetime) -> str:
    """Local date and 24-hour time: '03/11/2026 14:05' (en), '03.11.2026 14:05' (de)."""
    local = when.astimezone() if when.tzinfo else when
    german = _current == "de"
    return local.strftime("%d.%m.%Y %H:%M" if german else "%d/%m/%Y %H:%M")


def time_of_day(when: datetime) -> str:
    """'14:05:09' in both languages (24-hour)."""
    return (when.astimezone() if when.tzinfo else when).strftime("%H:%M:%S")
