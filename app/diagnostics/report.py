"""A diagnostic run as a readable report (en/de), as raw JSON, and as an incident work note."""

from __future__ import annotations

import dataclasses
import enum
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.diagnostics.results import (
    BrowseResult,
    BudgetResult,
    DiagnosticRun,
    Fact,
    Kind,
    LayerResult,
    NodeReading,
    Outcome,
    PingResult,
    ProgramStatus,
    Verdict,
)
from app.diagnostics.texts import FACT_NAMES, LABELS, Lang, number, phrase, pick, when
from app.formatting import duration


def verdict_line(verdict: Verdict, lang: Lang = "en") -> str:
    return ", ".join(phrase(p, lang) for p in verdict.phrases)


def summary(run: DiagnosticRun, lang: Lang = "en") -> str:
    """One line: the verdict of a ping, else the gist of the result."""
    if run.outcome in (Outcome.REFUSED, Outcome.CANCELLED, Outcome.TIMEOUT, Outcome.ERROR):
        label = pick(LABELS, f"outcome_{run.outcome.value}", lang)
        return f"{label}: {run.error}" if run.error else label
    result = run.result
    if isinstance(result, PingResult):
        return verdict_line(result.verdict, lang)
    if isinstance(result, ProgramStatus):
        return _program_gist(result, lang)
    if isinstance(result, BudgetResult):
        near = ", ".join(i.name for i in result.near)
        tag = pick(LABELS, "near_limit", lang)
        return f"{tag}: {near}" if near else pick(LABELS, "ok", lang)
    if isinstance(result, BrowseResult):
        return f"{result.node_id}: {len(result.children)} {pick(LABELS, 'children', lang)}"
    if isinstance(result, NodeReading):
        value = result.get("Value")
        if value is None:
            return result.node_id
        return f"{result.node_id} = {clip(repr(value.value))} ({value.status})"
    if run.kind is Kind.BROWSE and run.options.get("session"):
        o = run.options
        gist = pick(LABELS, "browse_session", lang).format(
            expands=o.get("expands", 0), reads=o.get("reads", 0)
        )
        return f"{gist}; {run.error}" if run.error else gist
    return run.error or ""


def clip(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _program_gist(status: ProgramStatus, lang: Lang) -> str:
    if status.error:
        return status.error
    fact = status.fact("run_state")
    if status.run_state:
        state = status.run_state
    elif fact is not None:
        state = fact_value(fact, lang)
    else:
        state = pick(LABELS, "not_exposed", lang)
    text = f"{pick(FACT_NAMES, 'run_state', lang)} {state}"
    if status.fault_code is not None:
        text += f" 0x{status.fault_code:02X} {status.fault_text.get(lang, '')}".rstrip()
    if status.since:
        text += f" ({when(status.since, lang)})"
    return text


def header(run: DiagnosticRun, lang: Lang = "en") -> str:
    started = run.started.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    who = f"{pick(LABELS, 'by', lang)} {run.user} ({run.role})"
    took = duration(run.duration_s) if run.duration_s >= 1 else f"{run.duration_s * 1000:.0f} ms"
    return f"{pick(LABELS, run.kind.value, lang)}: {run.target}  {started}  {who}  {took}"


def render(run: DiagnosticRun, lang: Lang = "en") -> str:
    lines = [header(run, lang), f"{pick(LABELS, 'verdict', lang)}: {summary(run, lang)}", ""]
    result = run.result
    if isinstance(result, PingResult):
        lines += layer_lines(result.layers, lang)
        if result.program is not None:
            lines += ["", *program_lines(result.program, lang)]
    elif isinstance(result, ProgramStatus):
        lines += program_lines(result, lang)
    elif isinstance(result, BudgetResult):
        lines += budget_lines(result, lang)
    elif isinstance(result, BrowseResult):
        lines += browse_lines(result)
    elif isinstance(result, NodeReading):
        lines += [
            f"  {a.attribute:<24} {clip(str(a.value)):<32} {a.status}" for a in result.attributes
        ]
    return "\n".join(lines).rstrip() + "\n"


def browse_lines(result: BrowseResult) -> list[str]:
    out = []
    for ref in result.children:
        indent = "  " * ref.level
        name = f"{indent}{ref.display_name}"
        value = ""
        if ref.node_class == "Variable" and ref.status is not None:
            value = f" = {clip(str(ref.value), 60)} ({ref.status})"
        out.append(f"{name:<40} {ref.node_class:<14} {ref.node_id}{value}")
    return out


def _rtt(layer: LayerResult, lang: Lang) -> str:
    if not layer.rtts_ms:
        return ""
    parts = (layer.rtt_min, layer.rtt_avg, layer.rtt_max)
    return " / ".join(number(v or 0.0, lang, 2) for v in parts) + " ms"


def layer_lines(layers: tuple[LayerResult, ...], lang: Lang) -> list[str]:
    out = []
    for layer in layers:
        state = pick(LABELS, layer.outcome, lang)
        loss = ""
        if layer.attempts:
            loss = f"{pick(LABELS, 'loss', lang)} {layer.loss_pct:.0f} % ({layer.attempts}x)"
        out.append(f"  {layer.label:<46} {state:<14} {_rtt(layer, lang):<26} {loss}".rstrip())
        if layer.error:
            out.append(f"      {layer.error}")
        hint = layer.details.get("hint")
        if hint:
            out.append(f"      -> {hint}")
        if layer.details.get("reused_monitor_session") is True:
            out.append(f"      ({pick(LABELS, 'reused', lang)})")
    return out


def fact_value(fact: Fact, lang: Lang) -> str:
    if fact.status == "not_exposed":
        if fact.source == "no device profile":
            return pick(LABELS, "no_profile", lang)
        why = "" if fact.source in ("device profile", "BuildInfo", "ServiceLevel") else fact.source
        return pick(LABELS, "not_exposed", lang) + (f" ({why})" if why else "")
    if fact.status == "bad":
        return f"{pick(LABELS, 'bad', lang)} ({fact.quality})"
    value: Any = fact.value
    if fact.key in ("last_change", "server_start_time", "server_current_time", "build_date"):
        value = when(value, lang)
    elif fact.key in ("server_uptime_s", "uptime") and isinstance(value, int | float):
        value = duration(float(value))
    elif isinstance(value, float):
        value = number(value, lang, 2)
    unit = f" {fact.unit}" if fact.unit and fact.key not in ("server_uptime_s", "uptime") else ""
    return f"{value}{unit}"


def program_lines(status: ProgramStatus, lang: Lang) -> list[str]:
    out = [f"{pick(LABELS, 'program', lang)}:"]
    if status.error:
        out.append(f"  {status.error}")
    state = status.run_state or None
    if state:
        since = f"  ({when(status.since, lang)})" if status.since else ""
        fault = ""
        if status.fault_code is not None:
            fault = f"  0x{status.fault_code:02X} {status.fault_text.get(lang, '')}".rstrip()
        out.append(f"  {pick(FACT_NAMES, 'run_state', lang):<24} {state}{fault}{since}")
    for fact in status.facts:
        if fact.key == "run_state" and state:
            continue
        source = f"  [{fact.source}]" if fact.status == "ok" else ""
        out.append(f"  {pick(FACT_NAMES, fact.key, lang):<24} {fact_value(fact, lang)}{source}")
    return out


def budget_lines(budget: BudgetResult, lang: Lang) -> list[str]:
    out = []
    for item in budget.items:
        value = pick(LABELS, "not_exposed", lang) if item.status != "ok" else str(item.value)
        if item.limit is not None and item.status == "ok":
            of = pick(LABELS, "of", lang)
            value += f" {of} {item.limit}" + (f" ({item.limit_name})" if item.limit_name else "")
        flag = f"  <- {pick(LABELS, 'near_limit', lang)}" if item.near_limit else ""
        out.append(f"  [{item.group}] {item.name:<40} {value}{flag}")
    if budget.console_items is not None:
        out.append("  " + pick(LABELS, "console_items", lang).format(n=budget.console_items))
    return out


# -- raw details ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def raw(run: DiagnosticRun) -> dict[str, Any]:
    """Everything the run found, JSON-ready (the "raw details")."""
    data: dict[str, Any] = _plain(dataclasses.asdict(run))
    data["result_type"] = type(run.result).__name__ if run.result is not None else None
    data["summary"] = summary(run, "en")
    return data


def raw_json(run: DiagnosticRun) -> str:
    return json.dumps(raw(run), indent=2, ensure_ascii=False, default=str)


@dataclass(frozen=True)
class WorkNote:
    """What "Attach to incident" hands to the incidents side: text for people, raw JSON."""

    ci_id: str | None
    title: str
    text: str
    raw_json: str
    run: DiagnosticRun


def work_note(run: DiagnosticRun, lang: Lang = "en") -> WorkNote:
    title = f"{pick(LABELS, run.kind.value, lang)} {run.ci_id or run.target}: {summary(run, lang)}"
    return WorkNote(run.ci_id, title, render(run, lang), raw_json(run), run)
