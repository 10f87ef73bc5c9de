"""How incident numbers, clocks and states read in the views (no widgets here).

Words go through Qt's translators under the context "IncidentTexts" (German in
resources/i18n): `status_text("on_hold")` is "On hold" or "Angehalten".
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from models.incidents.sla import SlaClock, SlaLevel
from widgets.i18n import QT_TRANSLATE_NOOP

CLOCK_NAMES = {
    "acknowledge": QT_TRANSLATE_NOOP("IncidentTexts", "ack"),
    "on_site": QT_TRANSLATE_NOOP("IncidentTexts", "on site"),
    "resolve": QT_TRANSLATE_NOOP("IncidentTexts", "resolve"),
}
STATUS_TEXT = {
    "new": QT_TRANSLATE_NOOP("IncidentTexts", "New"),
    "acknowledged": QT_TRANSLATE_NOOP("IncidentTexts", "Acknowledged"),
    "in_progress": QT_TRANSLATE_NOOP("IncidentTexts", "In progress"),
    "on_hold": QT_TRANSLATE_NOOP("IncidentTexts", "On hold"),
    "resolved": QT_TRANSLATE_NOOP("IncidentTexts", "Resolved"),
    "closed": QT_TRANSLATE_NOOP("IncidentTexts", "Closed"),
}
UNACK_MARK = "\u25cf"  # a filled dot beside the priority: unacknowledged


translate = QCoreApplication.translate  # the name lupdate looks for


def mmss(seconds: float) -> str:
    """'03:12', '1:02:09' (hours only when needed)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def next_clock(clocks: Sequence[SlaClock]) -> SlaClock | None:
    """The running clock that runs out first (None once every clock has stopped)."""
    running = [c for c in clocks if c.stopped_at_ms is None]
    return min(running, key=lambda c: c.remaining_s) if running else None


def clock_name(name: str) -> str:
    """'ack', 'on site', 'resolve' (translated); an unknown clock by its own name."""
    return translate("IncidentTexts", CLOCK_NAMES[name]) if name in CLOCK_NAMES else name


def sla_text(clock: SlaClock | None) -> str:
    """'ack 03:12 left', 'BREACHED 01:05' (overdue by), '' when no clock runs."""
    if clock is None:
        return ""
    if clock.level is SlaLevel.BREACHED:
        text = translate("IncidentTexts", "BREACHED %1").replace("%1", mmss(-clock.remaining_s))
    else:
        text = translate("IncidentTexts", "%1 %2 left").replace("%1", clock_name(clock.name))
        text = text.replace("%2", mmss(clock.remaining_s))
    return text + (translate("IncidentTexts", " (paused)") if clock.paused else "")


def clock_line(clock: SlaClock) -> str:
    """One clock in full for the detail header."""
    name = clock_name(clock.name)
    if clock.stopped_at_ms is not None:
        if clock.level is SlaLevel.BREACHED:
            done = translate("IncidentTexts", "%1: breached (%2 of %3)")
        else:
            done = translate("IncidentTexts", "%1: met (%2 of %3)")
        return (
            done.replace("%1", name)
            .replace("%2", mmss(clock.elapsed_s))
            .replace("%3", mmss(clock.target_s))
        )
    if clock.level is SlaLevel.BREACHED:
        return (
            translate("IncidentTexts", "%1: BREACHED, overdue %2")
            .replace("%1", name)
            .replace("%2", mmss(-clock.remaining_s))
        )
    mark = translate("IncidentTexts", " (75 % used)") if clock.level is SlaLevel.WARNING else ""
    pause = translate("IncidentTexts", " (paused: on hold)") if clock.paused else ""
    left = (
        translate("IncidentTexts", "%1: %2 left")
        .replace("%1", name)
        .replace("%2", mmss(clock.remaining_s))
    )
    return f"{left}{mark}{pause}"


def age_text(seconds: float) -> str:
    """Coarse on purpose (it changes once a minute): '< 1 min', '12 min', '2 h 5 min', '3 d 4 h'."""
    minutes = int(max(0, seconds) // 60)
    if minutes < 1:
        return "< 1 min"
    hours, mins = divmod(minutes, 60)
    if hours >= 24:
        return f"{hours // 24} d {hours % 24} h"
    return f"{hours} h {mins} min" if hours else f"{mins} min"


def status_text(status: str) -> str:
    """An incident status in words ('on_hold': 'On hold'), in the console's language."""
    if status in STATUS_TEXT:
        return translate("IncidentTexts", STATUS_TEXT[status])
    return status.replace("_", " ")
