"""The plant model, versioned: admins upload the file, consoles fetch it and compare."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Request
from fastapi.responses import Response

from models.plant_loader import PlantFileError, parse_plant
from server.api.deps import Admin, EngineDep, Viewer, client_ip
from server.api.schemas import PlantMeta, Responses
from server.audit import audit
from server.clock import now_ms
from server.db.engine import read, write
from server.plant_store import PlantVersion, latest_plant, store_plant

router = APIRouter(prefix="/v1", tags=["plant"])
AUTH: Responses = {401: {"description": "no valid token"}, 403: {"description": "role too low"}}
NONE: Responses = {404: {"description": "no plant uploaded yet"}}


def _meta(found: PlantVersion) -> PlantMeta:
    return PlantMeta(
        version=found.version,
        sha256=found.sha256,
        uploaded_by=found.uploaded_by,
        uploaded_ms=found.uploaded_ms,
        bytes=found.bytes,
    )


@router.get("/plant/meta", responses={**AUTH, **NONE})
def plant_meta(who: Viewer, engine: EngineDep) -> PlantMeta:
    """Version and SHA-256 of the current plant file (consoles compare theirs)."""
    with read(engine) as conn:
        found = latest_plant(conn)
    if found is None:
        raise HTTPException(404, "no plant file uploaded yet")
    return _meta(found)


@router.get(
    "/plant",
    response_class=Response,
    responses={**AUTH, **NONE, 200: {"content": {"text/plain": {}}}},
)
def get_plant(who: Viewer, engine: EngineDep) -> Response:
    """The current plant file, exactly as uploaded; version and hash in headers."""
    with read(engine) as conn:
        found = latest_plant(conn)
    if found is None:
        raise HTTPException(404, "no plant file uploaded yet")
    headers = {"x-plant-version": str(found.version), "x-plant-sha256": found.sha256}
    return Response(found.text, media_type="text/plain; charset=utf-8", headers=headers)


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
    now = now_ms()
    with write(engine) as conn:
        stored = store_plant(conn, text, who.user or "?", now)
        audit(
            conn,
            "plant_uploaded",
            now,
            user=who.user,
            ip=client_ip(request),
            version=stored.version,
            sha256=stored.sha256,
        )
    return _meta(stored)
