"""Payloads of the events the service writes that need the plant or an audit record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models.cmdb import Plant
from models.store.audit import DiagnosticRecord


def created_payload(
    plant: Plant,
    *,
    ci: str,
    title: str,
    fault_at_ms: int,
    impact: int,
    urgency: int,
    local_ref: str,
    lines: Sequence[str] = (),
    affected: Sequence[str] = (),
    fault_code: str | None = None,
    fault_text: str = "",
    dedup_key: str = "",
    origin: str = "manual",
) -> dict[str, Any]:
    """A `created` payload with the lines' cost models as they are now."""
    node = plant.nodes.get(ci)
    profile = node.profile.id if node is not None and node.profile is not None else None
    return {
        "title": title[:200],
        "ci": ci,
        "fault_at_ms": fault_at_ms,
        "impact": impact,
        "urgency": urgency,
        "local_ref": local_ref[:32],
        "fault_code": fault_code,
        "fault_text": fault_text[:500],
        "profile": profile,
        "affected_cis": list(affected),
        "lines": [
            {
                "id": line,
                "cost_per_hour": plant.lines[line].cost_per_hour,
                "units_per_shift": plant.lines[line].units_per_shift,
            }
            for line in lines
        ],
        "dedup_key": dedup_key,
        "origin": origin,
    }


# A run's outcome (diagnostics) -> the `diagnostic_attached` result an incident keeps.
ATTACHED_RESULT = {"ok": "ok", "cancelled": "cancelled", "timeout": "partial", "partial": "partial"}


def diagnostic_payload(report: DiagnosticRecord, ci_fallback: str) -> dict[str, Any]:
    """The `diagnostic_attached` payload: the audit record's id, result and a summary."""
    data = dict(report.result_json)
    if len(repr(data)) > 16_000:
        data = {"truncated": True, "see_audit": report.id}
    return {
        "ci": report.ci or ci_fallback,
        "kind": report.kind[:64],
        "result": ATTACHED_RESULT.get(report.result, "failed"),
        "summary": report.result_summary[:500],
        "run_id": report.id,
        "data": data,
    }
