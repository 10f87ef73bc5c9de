"""A snapshot of the plant's health as data (for --json) and as text (for people)."""

from __future__ import annotations

from typing import Any

from app.formatting import eur
from app.monitor.plant_monitor import PlantMonitor
from models.reasons import render, state_name
from models.states import State


def snapshot(monitor: PlantMonitor, lang: str = "en") -> dict[str, Any]:
    """Every CI's state, reason, since and values; every line's state and cost at risk."""
    plant, engine = monitor.plant, monitor.engine
    cis = []
    for ci_id in plant.walk():
        node = plant.nodes[ci_id]
        health = engine.rolled[ci_id]
        entry = monitor.readings.cis.get(ci_id)
        values = {}
        if entry is not None:
            for name, value in sorted(entry.points.items()):
                values[name] = {
                    "value": value.sample.value,
                    "quality": value.sample.quality.name,
                    "unit": value.spec.unit if value.spec else "",
                }
        cis.append(
            {
                "id": ci_id,
                "name": node.name,
                "kind": node.kind,
                "state": health.state.value,
                "reason": render(health.reason, lang, health.source),
                "reason_code": health.reason.as_dict(),
                "since": monitor.since[ci_id].isoformat(timespec="seconds"),
                "link": entry.status.error if entry and entry.status else None,
                "values": values,
            }
        )
    lines = []
    for line_id, line in plant.lines.items():
        health = engine.rolled[line_id]
        stopped = health.state.is_out
        lines.append(
            {
                "id": line_id,
                "name": line.name,
                "state": health.state.value,
                "stopped": stopped,
                "reason": render(health.reason, lang, health.source),
                "cost_per_hour": line.cost_per_hour,
                "cost_at_risk_per_hour": line.cost_per_hour if stopped else 0,
                "units_per_shift": line.units_per_shift,
            }
        )
    return {
        "site": plant.source.site.name,
        "console_offline": engine.console_offline,
        "cost_at_risk_per_hour": engine.cost_at_risk(),
        "lines_stopped": engine.stopped_lines(),
        "links": {
            p: {"up": up, "total": total} for p, (up, total) in monitor.link_counts().items()
        },
        "lines": lines,
        "cis": cis,
    }


def stopping_down(monitor: PlantMonitor) -> list[str]:
    """stops_line CIs that are DOWN or IMPACTED (the --once exit condition)."""
    plant, engine = monitor.plant, monitor.engine
    return [
        ci_id
        for ci_id, node in plant.nodes.items()
        if node.ci is not None
        and node.criticality.value == "stops_line"
        and engine.effective[ci_id].state.is_out
    ]


def text_report(data: dict[str, Any], lang: str = "en") -> list[str]:
    out = [f"{data['site']}"]
    if data["console_offline"]:
        out.append("!! STALE: this console has lost its path to the plant; states are UNKNOWN")
    stopped = data["lines_stopped"]
    if stopped:
        out.append(
            f"{len(stopped)} line(s) stopped: {', '.join(stopped)} - "
            f"{eur(data['cost_at_risk_per_hour'], per_hour=True)} at risk"
        )
    else:
        out.append("all lines running")
    links = ", ".join(f"{p} {v['up']}/{v['total']}" for p, v in sorted(data["links"].items()))
    out.append(f"connections up: {links}")
    out.append("")
    out.append("LINES")
    for line in data["lines"]:
        state = state_name(State(line["state"]), lang)
        risk = f"  {eur(line['cost_per_hour'], per_hour=True)} at risk" if line["stopped"] else ""
        out.append(f"  {line['id']:<8} {line['name']:<26} {state:<18} {line['reason']}{risk}")
    out.append("")
    out.append("CONFIGURATION ITEMS")
    for ci in data["cis"]:
        state = state_name(State(ci["state"]), lang)
        values = " ".join(
            f"{k}={_value(v['value'])}{v['unit']}"
            + ("" if v["quality"] == "Good" else f"[{v['quality']}]")
            for k, v in ci["values"].items()
            if k not in ("method",)
        )
        since = ci["since"][11:19]
        out.append(f"  {ci['id']:<14} {state:<18} since {since}  {ci['reason']}  {values}".rstrip())
    return out


def _value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
