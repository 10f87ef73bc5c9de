"""A diagnostic attached from the console lands, audited, on the incident of its CI."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from app.incidents.attach import DiagnosticAttacher
from app.incidents.service import IncidentService
from models.cmdb import Plant
from models.store import open_store
from models.store.audit import record_diagnostic
from models.store.outbox import outbox_count


@dataclass
class Run:
    kind: str = "ping"
    target: str = "opc.tcp://127.0.1.1:4840"
    outcome: str = "problem"
    duration_s: float = 1.25


@dataclass
class Note:
    ci_id: str | None
    title: str = "host reachable, OPC UA up, program STOPPED"
    text: str = "ICMP 0.1 ms | TCP 0.2 ms | OPC UA read ServerStatus 3 ms\\nprogram STOPPED"
    raw_json: str = "{}"
    run: Any = field(default_factory=Run)


def service(tmp_path: Path, plant: Plant) -> IncidentService:
    return IncidentService(open_store(tmp_path / "console.sqlite"), plant, user="tech1")


def test_attaches_to_the_open_incident_of_the_ci(tmp_path: Path, demo_plant: Plant) -> None:
    svc = service(tmp_path, demo_plant)
    incident = svc.raise_manual("AR-042-PLC", "Robot AR-042 stopped")
    DiagnosticAttacher(svc)(Note("AR-042-PLC"))
    state = svc.incident(incident.id)
    assert any("program STOPPED" in note.text for note in state.notes)
    assert any(entry.type == "diagnostic_attached" for entry in state.timeline)
    assert outbox_count(svc.store)["audit"] == 1
    svc.store.close()


def test_without_an_incident_one_is_raised(tmp_path: Path, demo_plant: Plant) -> None:
    svc = service(tmp_path, demo_plant)
    DiagnosticAttacher(svc)(Note("AR-051-PLC"))
    heads = svc.heads(open_only=True)
    assert len(heads) == 1 and heads[0].root_ci == "AR-051-PLC"
    svc.store.close()


def test_a_bare_endpoint_is_refused_with_a_reason(tmp_path: Path, demo_plant: Plant) -> None:
    svc = service(tmp_path, demo_plant)
    with pytest.raises(ValueError, match="bare endpoint"):
        DiagnosticAttacher(svc)(Note(None))
    assert svc.heads() == []
    svc.store.close()


def test_a_run_already_audited_is_attached_with_its_record_not_a_second_one(
    tmp_path: Path, demo_plant: Plant
) -> None:
    """Every run is audited in the store as it ends: attaching it reuses that record."""
    svc = service(tmp_path, demo_plant)
    incident = svc.raise_manual("AR-042-PLC", "Robot AR-042 stopped")
    run = Run()
    run.audit_id = str(uuid.uuid4())  # type: ignore[attr-defined]
    record_diagnostic(
        svc.store,
        user="tech1",
        ci="AR-042-PLC",
        kind="ping",
        target=run.target,
        result=run.outcome,
        summary="host reachable, OPC UA up, program STOPPED",
        record_id=run.audit_id,  # type: ignore[attr-defined]
    )
    DiagnosticAttacher(svc)(Note("AR-042-PLC", run=run))
    assert outbox_count(svc.store)["audit"] == 1  # one record, not two
    (attached,) = [e for e in svc.incident(incident.id).timeline if e.type == "diagnostic_attached"]
    assert run.audit_id in str(attached)  # type: ignore[attr-defined]
    svc.store.close()
