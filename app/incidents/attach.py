"""Attach a diagnostic to the incident of its CI: "Attach to incident" in the console.

The run is audited in the store first (`record_diagnostic`), then becomes a work
note on the open incident whose root cause is the CI, or on the open incident of
the CI's line; without one, a new incident is raised for the CI so the timeline
shows what was checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # the store (SQLAlchemy, alembic: ~1 s) loads with the first attach
    from app.incidents.service import IncidentService


class NoteLike(Protocol):
    """What the diagnostics side hands over (app.diagnostics.report.WorkNote)."""

    @property
    def ci_id(self) -> str | None: ...

    @property
    def title(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def raw_json(self) -> str: ...

    @property
    def run(self) -> Any: ...


@dataclass
class DiagnosticAttacher:
    service: IncidentService

    def incident_for(self, ci: str) -> str | None:
        """The open incident a diagnostic of `ci` belongs to (None: there is none)."""
        heads = self.service.heads(open_only=True, root_ci=ci)
        if heads:
            return heads[0].id
        line = self.service.plant.line_of(ci)
        if line is not None:
            on_line = self.service.heads(open_only=True, line=line)
            if on_line:
                return on_line[0].id
        return None

    def __call__(self, note: NoteLike) -> None:
        ci = note.ci_id or ""
        if not ci:
            raise ValueError(
                "this diagnostic was run on a bare endpoint, not on a CI of the plant: "
                "there is no incident to attach it to"
            )
        from models.store.audit import diagnostic_record, record_diagnostic

        run = note.run
        audit_id: str | None = getattr(run, "audit_id", None)
        # every run is audited as it ends (app.diagnostics.audit.store_sink): attach that
        # record; only a run whose audit is not in this store gets one here, under its id
        record = diagnostic_record(self.service.store, audit_id) if audit_id else None
        if record is None:
            record = record_diagnostic(
                self.service.store,
                user=self.service.user,
                ci=ci,
                kind=str(getattr(run, "kind", "diagnostic")),
                target=str(getattr(run, "target", ci)),
                result=str(getattr(run, "outcome", "ok")),
                summary=note.title,
                data={"report": note.text, "raw": note.raw_json},
                duration_ms=int(float(getattr(run, "duration_s", 0.0)) * 1000),
                console_id=self.service.console_id,
                record_id=audit_id,
            )
        incident = self.incident_for(ci) if ci else None
        if incident is None:
            state = self.service.raise_manual(ci, f"Diagnostic: {note.title}", note=note.text)
            incident = state.id
        self.service.add_note(incident, note.text, work_note=True)
        self.service.attach_diagnostic(incident, record)
