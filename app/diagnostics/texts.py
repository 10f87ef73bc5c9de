"""Words of the diagnostics report in English and German (codes in, sentences out)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.diagnostics.results import Phrase

Lang = str

PHRASES: dict[str, dict[str, str]] = {
    "host_reachable": {"en": "host reachable", "de": "Host erreichbar"},
    "host_silent": {"en": "host does not answer", "de": "Host antwortet nicht"},
    "host_unknown_no_icmp": {
        "en": "host not pinged (ICMP not permitted)",
        "de": "Host nicht gepingt (ICMP nicht erlaubt)",
    },
    "nothing_answers": {
        "en": "nothing answers: no ICMP echo, TCP {port} times out (switch, cable or power down?)",
        "de": "nichts antwortet: kein ICMP-Echo, TCP {port} ohne Antwort "
        "(Switch, Kabel oder Versorgung ausgefallen?)",
    },
    "tcp_silent_no_icmp": {
        "en": "TCP {port} times out; ICMP not permitted here, so host and path "
        "cannot be told apart",
        "de": "TCP {port} ohne Antwort; ICMP hier nicht erlaubt, Host und Weg "
        "sind nicht zu unterscheiden",
    },
    "port_silent": {
        "en": "host answers ping, but TCP {port} gives no answer (firewall or hung stack?)",
        "de": "Host antwortet auf Ping, TCP {port} aber nicht (Firewall oder hängender Stack?)",
    },
    "port_refused": {
        "en": "{protocol} server stopped (TCP {port} refused)",
        "de": "{protocol}-Server gestoppt (TCP {port} abgewiesen)",
    },
    "port_closed": {
        "en": "nothing listens on TCP {port} (connection refused)",
        "de": "auf TCP {port} hört nichts (Verbindung abgewiesen)",
    },
    "dns": {"en": "{error}", "de": "{error}"},
    "tcp_error": {"en": "TCP: {error}", "de": "TCP: {error}"},
    "port_open": {"en": "TCP {port} open", "de": "TCP {port} offen"},
    "icmp_unavailable": {
        "en": "ICMP not permitted (needs root or ping_group_range) and no port to test",
        "de": "ICMP nicht erlaubt (braucht root oder ping_group_range), kein Port zum Testen",
    },
    "cert_untrusted": {
        "en": "server certificate not trusted (thumbprint {thumbprint}): check it, "
        "then run `plantconsole trust add {thumbprint}`",
        "de": "Serverzertifikat nicht vertraut (Fingerabdruck {thumbprint}): prüfen, "
        "dann `plantconsole trust add {thumbprint}` ausführen",
    },
    "auth_failed": {
        "en": "{protocol} login refused: {error}",
        "de": "{protocol}-Anmeldung abgelehnt: {error}",
    },
    "protocol_silent": {
        "en": "TCP {port} open, but {protocol} does not answer: {error} (slow or hung?)",
        "de": "TCP {port} offen, aber {protocol} antwortet nicht: {error} (langsam oder hängt?)",
    },
    "protocol_error": {
        "en": "{protocol} answers wrongly: {error}",
        "de": "{protocol} antwortet fehlerhaft: {error}",
    },
    "modbus_exception": {
        "en": "Modbus answers with {error}",
        "de": "Modbus antwortet mit {error}",
    },
    "protocol_slow": {
        "en": "{protocol} up but slow (avg {avg_ms} ms)",
        "de": "{protocol} erreichbar, aber langsam (Mittel {avg_ms} ms)",
    },
    "protocol_up": {"en": "{protocol} up", "de": "{protocol} erreichbar"},
    "program_unknown": {
        "en": "program state not exposed",
        "de": "Programmzustand nicht verfügbar",
    },
    "program_fault": {
        "en": "program FAULT {code} {text_en}{since}",
        "de": "Programm STÖRUNG {code} {text_de}{since}",
    },
    "program_stopped": {"en": "program STOPPED{since}", "de": "Programm GESTOPPT{since}"},
    "program_state": {"en": "program {state}{since}", "de": "Programm {state}{since}"},
    "last_change": {"en": "last change {when}", "de": "letzte Änderung {when}"},
}

SINCE = {"en": " since {t}", "de": " seit {t}"}

LABELS: dict[str, dict[str, str]] = {
    "ping": {"en": "Ping (layered)", "de": "Ping (mehrschichtig)"},
    "program": {"en": "Program status", "de": "Programmstatus"},
    "budget": {"en": "Server budget", "de": "Server-Budget"},
    "browse": {"en": "Browse", "de": "Durchsuchen"},
    "read": {"en": "Read node", "de": "Knoten lesen"},
    "verdict": {"en": "Verdict", "de": "Befund"},
    "by": {"en": "by", "de": "von"},
    "layer": {"en": "Layer", "de": "Schicht"},
    "loss": {"en": "loss", "de": "Verlust"},
    "not_exposed": {"en": "not exposed by this device", "de": "vom Gerät nicht bereitgestellt"},
    "no_profile": {
        "en": "unknown: no device profile names it (diagnose the CI id with --config)",
        "de": "unbekannt: kein Geräteprofil nennt es (CI-ID mit --config diagnostizieren)",
    },
    "bad": {"en": "unreadable", "de": "nicht lesbar"},
    "near_limit": {"en": "NEAR LIMIT", "de": "NAHE AM LIMIT"},
    "reused": {"en": "monitor session reused", "de": "Sitzung des Monitors genutzt"},
    "own_session": {"en": "short-lived session", "de": "kurzlebige Sitzung"},
    "skipped": {"en": "skipped", "de": "übersprungen"},
    "unavailable": {"en": "not available", "de": "nicht verfügbar"},
    "ok": {"en": "ok", "de": "ok"},
    "partial": {"en": "answers with errors", "de": "antwortet mit Fehlern"},
    "failed": {"en": "FAILED", "de": "FEHLGESCHLAGEN"},
    "of": {"en": "of", "de": "von"},
    "children": {"en": "children", "de": "Kinder"},
    "browse_session": {
        "en": "browse session: {expands} nodes expanded, {reads} read",
        "de": "Browse-Sitzung: {expands} Knoten aufgeklappt, {reads} gelesen",
    },
    "console_items": {
        "en": "this console monitors {n} items on this server",
        "de": "diese Konsole überwacht {n} Werte auf diesem Server",
    },
    "outcome_refused": {"en": "refused", "de": "abgelehnt"},
    "outcome_cancelled": {"en": "cancelled", "de": "abgebrochen"},
    "outcome_timeout": {"en": "timed out", "de": "Zeit überschritten"},
    "outcome_error": {"en": "could not run", "de": "nicht ausführbar"},
}

FACT_NAMES: dict[str, dict[str, str]] = {
    "run_state": {"en": "Run state", "de": "Betriebszustand"},
    "fault_code": {"en": "Fault code", "de": "Störungscode"},
    "fault_flag": {"en": "Fault flag", "de": "Störungsbit"},
    "program_name": {"en": "Program name", "de": "Programmname"},
    "program_version": {"en": "Program version", "de": "Programmversion"},
    "cycle_time": {"en": "Cycle time", "de": "Zykluszeit"},
    "last_change": {"en": "Last program change", "de": "Letzte Programmänderung"},
    "firmware": {"en": "Firmware", "de": "Firmware"},
    "firmware_documented": {"en": "Firmware (plant file)", "de": "Firmware (Anlagendatei)"},
    "uptime": {"en": "Uptime", "de": "Laufzeit"},
    "server_state": {"en": "Server state", "de": "Serverzustand"},
    "server_start_time": {"en": "Server started", "de": "Server gestartet"},
    "server_current_time": {"en": "Server clock", "de": "Serveruhr"},
    "server_uptime_s": {"en": "Server uptime", "de": "Server-Laufzeit"},
    "manufacturer": {"en": "Manufacturer", "de": "Hersteller"},
    "product_name": {"en": "Product", "de": "Produkt"},
    "software_version": {"en": "Software version", "de": "Softwareversion"},
    "build_number": {"en": "Build number", "de": "Build-Nummer"},
    "build_date": {"en": "Build date", "de": "Build-Datum"},
    "service_level": {"en": "Service level", "de": "Service-Level"},
    "vendor": {"en": "Vendor (43/14)", "de": "Hersteller (43/14)"},
    "product_code": {"en": "Product code (43/14)", "de": "Produktcode (43/14)"},
    "revision": {"en": "Revision (43/14)", "de": "Revision (43/14)"},
    "device_identification": {"en": "Device identification", "de": "Geräte-Identifikation"},
}


def pick(table: dict[str, dict[str, str]], key: str, lang: Lang) -> str:
    entry = table.get(key)
    if entry is None:
        return key
    return entry.get(lang, entry["en"])


def when(value: Any, lang: Lang = "en", now: datetime | None = None) -> str:
    """'14:02' for today, else '2024-03-11 06:42' (local, 24-hour); text passes through."""
    if isinstance(value, str):
        text: str = value
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            return text
    if not isinstance(value, datetime):
        return str(value)
    local = value.astimezone() if value.tzinfo else value
    today = (now or datetime.now().astimezone()).date()
    return local.strftime("%H:%M" if local.date() == today else "%Y-%m-%d %H:%M")


def number(value: float, lang: Lang = "en", digits: int = 1) -> str:
    text = f"{value:,.{digits}f}"
    if lang == "de":
        text = text.replace(",", "\u2009").replace(".", ",")
    return text


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def phrase(p: Phrase, lang: Lang = "en") -> str:
    params: dict[str, Any] = dict(p.params)
    since = params.get("since")
    params["since"] = SINCE.get(lang, SINCE["en"]).format(t=when(since, lang)) if since else ""
    if "when" in params and params["when"] is not None:
        params["when"] = when(params["when"], lang)
    if isinstance(params.get("avg_ms"), float):
        params["avg_ms"] = number(params["avg_ms"], lang, 0)
    for key in ("text_en", "text_de"):
        params.setdefault(key, params.get("text_en", ""))
    template = pick(PHRASES, p.code, lang)
    text: str = template.format_map(_Missing(params))
    return " ".join(text.split())
