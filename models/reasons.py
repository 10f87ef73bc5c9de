"""Reason codes rendered as text in the reader's language (English, German).

Reasons travel between consoles as codes with parameters; each console turns
them into words here, so a German console and an English one agree on facts.
"""

from __future__ import annotations

from typing import Any

from models.states import Reason, State

Lang = str  # "en" or "de"; anything else falls back to English

_TEMPLATES: dict[str, dict[str, str]] = {
    "ok": {"en": "", "de": ""},
    "no_data": {"en": "no reading yet", "de": "noch kein Messwert"},
    "console_offline": {
        "en": "console has lost its path to the plant",
        "de": "Konsole hat keine Verbindung zur Anlage",
    },
    "stale": {"en": "value is {age_s} s old", "de": "Wert ist {age_s} s alt"},
    "maintenance": {
        "en": "maintenance {window} until {until}",
        "de": "Wartung {window} bis {until}",
    },
    "shelved": {
        "en": "alarms shelved until {until}: {why}",
        "de": "Alarme zurückgestellt bis {until}: {why}",
    },
    "program_stopped": {
        "en": "PLC program {state}",
        "de": "SPS-Programm {state}",
    },
    "fault": {"en": "fault {code}: {text}", "de": "Störung {code}: {text}"},
    "fault_flag": {"en": "fault flag set ({point})", "de": "Störungsbit gesetzt ({point})"},
    "no_answer": {"en": "no answer within {s} s", "de": "keine Antwort innerhalb {s} s"},
    "refused": {
        "en": "connection refused: {detail}",
        "de": "Verbindung abgewiesen: {detail}",
    },
    "link_error": {"en": "{detail}", "de": "{detail}"},
    "cert_untrusted": {
        "en": "server certificate not trusted ({thumbprint})",
        "de": "Serverzertifikat nicht vertraut ({thumbprint})",
    },
    "auth_failed": {"en": "login refused by the device", "de": "Anmeldung vom Gerät abgelehnt"},
    "threshold": {
        "en": "{tag} = {value} {unit} beyond {level} limit {limit}",
        "de": "{tag} = {value} {unit} jenseits der {level}grenze {limit}",
    },
    "quality": {
        "en": "{tag} quality {status}",
        "de": "{tag} Qualität {status}",
    },
    "unreachable_behind": {
        "en": "unreachable behind {ci}",
        "de": "nicht erreichbar hinter {ci}",
    },
    "redundancy_lost": {
        "en": "redundancy lost: {up} of at least {min_up} up",
        "de": "Redundanz verloren: {up} von mindestens {min_up} aktiv",
    },
    "redundancy_reduced": {
        "en": "redundancy reduced: {up} of {of} up",
        "de": "Redundanz eingeschränkt: {up} von {of} aktiv",
    },
    "line_stopped": {
        "en": "line stopped ({tag} says not running)",
        "de": "Linie steht ({tag} meldet Stillstand)",
    },
}

_LEVELS = {"warning": {"en": "warning", "de": "Warn"}, "alarm": {"en": "alarm", "de": "Alarm"}}

_STATE_NAMES = {
    State.OK: {"en": "OK", "de": "OK"},
    State.WARNING: {"en": "Warning", "de": "Warnung"},
    State.DEGRADED: {"en": "Degraded", "de": "Beeinträchtigt"},
    State.DOWN: {"en": "Down", "de": "Ausgefallen"},
    State.IMPACTED: {"en": "Impacted", "de": "Betroffen"},
    State.UNKNOWN: {"en": "Unknown / no data", "de": "Unbekannt / keine Daten"},
    State.MAINTENANCE: {"en": "Maintenance", "de": "Wartung"},
}


def state_name(state: State, lang: Lang = "en") -> str:
    names = _STATE_NAMES[state]
    return names.get(lang, names["en"])


def render(reason: Reason, lang: Lang = "en", source: str = "") -> str:
    """The reason as a sentence; `source` (the CI it stems from) is prefixed when given."""
    templates = _TEMPLATES.get(reason.code)
    params: dict[str, Any] = dict(reason.params)
    if templates is None:
        inner = ", ".join(f"{k}={v}" for k, v in reason.params)
        text = f"{reason.code}({inner})" if inner else reason.code
    else:
        params = {key: _format(key, value, lang) for key, value in params.items()}
        if reason.code == "fault":
            params["text"] = params.get(lang) or params.get("en") or "no text in device profile"
        template = templates.get(lang, templates["en"])
        text = template.format_map(_Missing(params)).replace("  ", " ").strip()
    return f"{source}: {text}" if source and text else text


def _format(key: str, value: Any, lang: Lang) -> Any:
    if key == "level" and value in _LEVELS:
        return _LEVELS[value].get(lang, _LEVELS[value]["en"])
    if isinstance(value, float):
        text = f"{value:,.1f}" if abs(value) < 1e6 else f"{value:,.0f}"
        if lang == "de":
            text = text.replace(",", "\u2009").replace(".", ",")
        return text
    return value


class _Missing(dict[str, Any]):
    """format_map helper: a missing parameter shows as '?', never a KeyError."""

    def __missing__(self, key: str) -> str:
        return "?"
