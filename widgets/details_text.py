"""Texts the details panel shows, computed from plant, engine and monitor (no widgets).

Labels go through Qt's translators (context "DetailsPanel"); reasons and state names
are rendered in `lang`; numbers and EUR follow the console's language (widgets.i18n).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication

from app.monitor.plant_monitor import PlantMonitor, StateEntry
from models.reasons import render, state_name
from widgets import i18n


def shift_start(monitor: PlantMonitor, now: datetime) -> datetime:
    """Start of the shift running at `now` (local time); 8 h ago if the calendar has none."""
    best: datetime | None = None
    for shift in monitor.plant.source.calendar.shifts.values():
        start_t = datetime.strptime(shift.start, "%H:%M").time()
        end_t = datetime.strptime(shift.end, "%H:%M").time()
        for days_back in (0, 1):
            start = datetime.combine(now.date() - timedelta(days=days_back), start_t, now.tzinfo)
            end = datetime.combine(start.date(), end_t, now.tzinfo)
            if end <= start:
                end += timedelta(days=1)
            if start <= now < end and (best is None or start > best):
                best = start
    return best or now - timedelta(hours=8)


def history_lines(monitor: PlantMonitor, ci_id: str, lang: str, now: datetime) -> list[str]:
    """State changes of this shift, newest first: '14:02:11  Down  no answer within 1.0 s'."""
    since = shift_start(monitor, now)
    entries: list[StateEntry] = []
    for entry in monitor.history.get(ci_id, ()):
        if entries and entries[-1].health.state is entry.health.state:
            continue  # reason-only updates: keep the first entry of each state
        entries.append(entry)
    lines: list[str] = []
    for entry in reversed(entries):
        if entry.at < since and lines:
            break
        reason = render(entry.health.reason, lang, entry.health.source)
        stamp = entry.at.astimezone().strftime("%H:%M:%S")
        lines.append(f"{stamp}  {state_name(entry.health.state, lang)}  {reason}".rstrip())
    return lines


def identity_rows(monitor: PlantMonitor, ci_id: str) -> list[tuple[str, str]]:
    """Kind, vendor/model, endpoint, firmware, profile, link security and state."""
    node = monitor.plant.nodes[ci_id]
    translate = QCoreApplication.translate
    rows = [(translate("DetailsPanel", "Kind"), node.kind.replace("_", " "))]
    vendor_model = " ".join(p for p in (node.vendor, node.model) if p)
    if vendor_model:
        rows.append((translate("DetailsPanel", "Vendor / model"), vendor_model))
    if node.endpoint:
        rows.append((translate("DetailsPanel", "Endpoint"), node.endpoint))
    if node.ci is not None and node.ci.firmware:
        rows.append((translate("DetailsPanel", "Firmware"), node.ci.firmware))
    if node.profile is not None:
        rows.append((translate("DetailsPanel", "Profile"), node.profile.name))
    driver = monitor.driver_for(ci_id)
    if driver is not None:
        status = driver.status
        rows.append((translate("DetailsPanel", "Security"), status.security or "-"))
        link = status.state.value
        rows.append(
            (translate("DetailsPanel", "Link"), f"{link}: {status.error}" if status.error else link)
        )
    return rows


def line_rows(monitor: PlantMonitor, line_id: str) -> list[tuple[str, str]]:
    line = monitor.plant.lines[line_id]
    translate = QCoreApplication.translate
    return [
        (translate("DetailsPanel", "Cost per hour"), i18n.eur(line.cost_per_hour, per_hour=True)),
        (translate("DetailsPanel", "Units per shift"), i18n.number(line.units_per_shift)),
        (translate("DetailsPanel", "Product"), line.product or "-"),
        (translate("DetailsPanel", "Shifts"), ", ".join(line.shifts) or "-"),
    ]


def down_under(monitor: PlantMonitor, ci_id: str, lang: str) -> list[tuple[str, str]]:
    """CIs under `ci_id` that are out themselves (DOWN or IMPACTED), with their reason."""
    engine = monitor.engine
    out = []
    for child in monitor.plant.walk(ci_id):
        health = engine.effective[child]
        if child != ci_id and health.state.is_out:
            reason = render(health.reason, lang)
            out.append((child, f"{child}  {state_name(health.state, lang)}  {reason}".rstrip()))
    return out
