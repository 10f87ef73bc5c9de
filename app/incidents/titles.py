"""Incident titles and fault texts in the reader's language, from reason codes.

"LINE STOP — 3 lines (SW-L3-043: no answer)", "LINE STOP — Assembly Line 5
(AR-051-PLC: Safety door open)": the fault text comes from the device profile
(the reason's en/de parameters), never a bare code like 0x2A.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.cmdb import Plant
from models.reasons import render
from models.states import Reason

_SHORT = {
    "no_answer": {"en": "no answer", "de": "keine Antwort"},
    "refused": {"en": "connection refused", "de": "Verbindung abgewiesen"},
}
_WORDS = {
    "stop": {"en": "LINE STOP", "de": "LINIENSTOPP"},
    "degraded": {"en": "DEGRADED", "de": "BEEINTRÄCHTIGT"},
    "lines": {"en": "lines", "de": "Linien"},
}


def fault_text(reason: Reason, lang: str = "en") -> str:
    """What is wrong, short: 'Safety door open', 'no answer', 'PLC program STOP'."""
    if reason.code == "fault":
        text = reason.param(lang) or reason.param("en")
        return str(text) if text else f"fault {reason.param('code', '?')}"
    short = _SHORT.get(reason.code)
    if short is not None:
        return short.get(lang, short["en"])
    return render(reason, lang)


def incident_title(
    plant: Plant,
    ci: str,
    reason: Reason,
    stopped: Sequence[str],
    degraded: Sequence[str] = (),
    lang: str = "en",
) -> str:
    def word(key: str) -> str:
        return _WORDS[key].get(lang, _WORDS[key]["en"])

    cause = f"{ci}: {fault_text(reason, lang)}"
    if len(stopped) > 1:
        return f"{word('stop')} — {len(stopped)} {word('lines')} ({cause})"[:200]
    if stopped:
        return f"{word('stop')} — {plant.lines[stopped[0]].name} ({cause})"[:200]
    if degraded:
        names = ", ".join(plant.lines[line].name for line in degraded)
        return f"{word('degraded')} — {names} ({cause})"[:200]
    return cause[:200]
