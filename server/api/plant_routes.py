"""The plant model, versioned: admins upload the file, consoles fetch it and compare."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import func, select

from models.plant_loader import PlantFileError, parse_plant
from server.api.deps import Admin, EngineDep, Viewer, client_ip
from server.api.schemas import PlantMeta, Responses
from server.audit import audit
from server.clock import now_ms
from server.db.engine import read, write
from server.db.tables import plant_versions

router = APIRouter(prefix="/v1", tags=["plant"])
AUTH: Responses = {401: {"description": "no valid token"}, 403: {"description": "role too low"}}
NONE: Responses = {404: {"description": "no plant uploaded yet"}}


def _latest(engine: EngineDep) -> PlantMeta | None:
    with read(engine) as conn:
        row = conn.execute(
            select(plant_versions).order_by(plant_versions.c.version.desc()).limit(1)
        ).first()
    if row is None:
        return None
    return PlantMeta(
        version=row.version,
        sha256=row.sha256,
        uploaded_by=row.uploaded_by,
        uploaded_ms=row.uploaded_ms,
        bytes=len(row.text.encode("utf-8")),
    )


@router.get("/plant/meta", responses={**AUTH, **NONE})
def plant_meta(who: Viewer, engine: EngineDep) -> PlantMeta:
    """Version and SHA-256 of the current plant file (consoles compare theirs)."""
    meta = _latest(engine)
    if meta is None:
        raise HTTPException(404, "no plant file uploaded yet")
    return meta


@router.get(
    "/plant",
    response_class=Response,
    responses={**AUTH, **NONE, 200: {"content": {"text/plain": {}}}},
)
def get_plant(who: Viewer, engine: EngineDep) -> Response:
    """The current plant file, exactly as uploaded; version and hash in headers."""
    with read(engine) as conn:
        row = conn.execute(
            select(plant_versions).order_by(plant_versions.c.version.desc()).limit(1)
        ).first()
    if row is None:
        raise HTTPException(404, "no plant file uploaded yet")
    headers = {"x-plant-version": str(row.version), "x-plant-sha256": row.sha256}
    return Response(row.text, media_type="text/plain; charset=utf-8", headers=headers)


@router.put(
    "/plant",
    responses={
        **AUTH,
        413: {"description": "too large"},
        422: {"description": "invalid plant file"},
    },
)
def put_plant(
    who: Admin,
    request: Request,
    engine: EngineDep,
    text: Annotated[str, Body(media_type="text/plain")],
) -> PlantMeta:
    """Upload a new plant file version (TOML text); it must pass the plant check."""
    try:
        parse_plant(text, "uploaded plant")
    except PlantFileError as exc:
        raise HTTPException(422, [str(issue) for issue in exc.issues]) from None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    now = now_ms()
    with write(engine) as conn:
        top = conn.execute(select(func.max(plant_versions.c.version))).scalar()
        version = int(top or 0) + 1
        conn.execute(
            plant_versions.insert().values(
                version=version,
                sha256=digest,
                text=text,
                uploaded_by=who.user or "?",
                uploaded_ms=now,
            )
        )
        audit(
            conn,
            "plant_uploaded",
            now,
            user=who.user,
            ip=client_ip(request),
            version=version,
            sha256=digest,
        )
    return PlantMeta(
        version=version,
        sha256=digest,
        uploaded_by=who.user or "?",
        uploaded_ms=now,
        bytes=len(text.encode("utf-8")),
    )
