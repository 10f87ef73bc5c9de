"""How incident numbers, clocks and states read in the views (no widgets here)."""

from __future__ import annotations

from collections.abc import Sequence

from models.incidents.sla import SlaClock, SlaLevel

CLOCK_NAMES = {"acknowledge": "ack", "on_site": "on site", "resolve": "resolve"}
STATUS_TEXT = {
    "new": "New",
    "acknowledged": "Acknowledged",
    "in_progress": "In progress",
    "on_hold": "On hold",
    "resolved": "Resolved",
    "closed": "Closed",
}
UNACK_MARK = "\u25cf"  # a filled dot beside the priority: unacknowledged


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


def sla_text(clock: SlaClock | None) -> str:
    """'ack 03:12 left', 'BREACHED 01:05' (overdue by), '' when no clock runs."""
    if clock is None:
        return ""
    if clock.level is SlaLevel.BREACHED:
        text = f"BREACHED {mmss(-clock.remaining_s)}"
    else:
        text = f"{CLOCK_NAMES.get(clock.name, clock.name)} {mmss(clock.remaining_s)} left"
    return text + (" (paused)" if clock.paused else "")


def clock_line(clock: SlaClock) -> str:
    """One clock in full for the detail header."""
    name = CLOCK_NAMES.get(clock.name, clock.name)
    if clock.stopped_at_ms is not None:
        done = "breached" if clock.level is SlaLevel.BREACHED else "met"
        return f"{name}: {done} ({mmss(clock.elapsed_s)} of {mmss(clock.target_s)})"
    if clock.level is SlaLevel.BREACHED:
        return f"{name}: BREACHED, overdue {mmss(-clock.remaining_s)}"
    mark = " (75 % used)" if clock.level is SlaLevel.WARNING else ""
    pause = " (paused: on hold)" if clock.paused else ""
    return f"{name}: {mmss(clock.remaining_s)} left{mark}{pause}"


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
    return STATUS_TEXT.get(status, status.replace("_", " "))
