"""The consoles' diagnostic audit: upload (consoles), list (supervisors and admins)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import select

from server.api.deps import Caller, EngineDep, Uploading, require
from server.api.schemas import MAX_BATCH, EventResult, Responses, Strict
from server.clock import now_ms
from server.db.engine import read
from server.db.tables import diagnostic_records
from server.diagnostics import ingest_records
from server.rights import Uploader
from server.security.roles import Role

router = APIRouter(prefix="/v1", tags=["diagnostics"])
AUTH: Responses = {401: {"description": "no valid token"}, 403: {"description": "role too low"}}
Supervisor = Annotated[Caller, require(Role.SUPERVISOR)]


class DiagnosticBatch(Strict):
    records: list[dict[str, Any]] = Field(max_length=MAX_BATCH)


class DiagnosticUploadResult(BaseModel):
    results: list[EventResult]


class DiagnosticRecordOut(BaseModel):
    rid: int
    id: str
    at_ms: int
    user: str
    console_id: str
    ci: str
    kind: str
    target: str
    result: str
    result_summary: str
    result_json: dict[str, Any]
    duration_ms: int
    uploaded_by_console: str
    received_ms: int
    flags: list[str]


@router.post("/diagnostics", responses={**AUTH, 413: {"description": "batch too large"}})
def upload_diagnostics(
    body: DiagnosticBatch, who: Uploading, engine: EngineDep
) -> DiagnosticUploadResult:
    """Store a batch of diagnostic audit records: per record accepted, duplicate, or
    rejected (422 schema, 403 rights) and quarantined. The reply comes after the
    commit; record ids are idempotency keys, so a retried batch is harmless."""
    assert who.console_id is not None and who.site is not None
    uploader = Uploader(who.console_id, who.site, who.user)
    results = ingest_records(engine, body.records, uploader, now_ms())
    return DiagnosticUploadResult.model_validate({"results": results})


@router.get("/diagnostics", responses={**AUTH})
def list_diagnostics(
    who: Supervisor,
    engine: EngineDep,
    ci: Annotated[str | None, Query(max_length=64)] = None,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[DiagnosticRecordOut]:
    """Diagnostic runs of every console (of one CI when `ci` is given), in the order
    they arrived; page with `after` = the last `rid` seen. Supervisors and admins."""
    query = select(diagnostic_records).where(diagnostic_records.c.rid > after)
    if ci is not None:
        query = query.where(diagnostic_records.c.ci == ci)
    with read(engine) as conn:
        rows = conn.execute(query.order_by(diagnostic_records.c.rid).limit(limit)).all()
    out = []
    for row in rows:
        data = row._asdict()
        data["result_json"] = json.loads(data["result_json"])
        data["flags"] = data["flags"].split(",") if data["flags"] else []
        out.append(DiagnosticRecordOut.model_validate(data))
    return out
