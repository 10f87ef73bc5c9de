"""Plant file versions in the database: the REST upload and the command line share them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from server.db.tables import plant_versions


@dataclass(frozen=True)
class PlantVersion:
    version: int
    sha256: str
    uploaded_by: str
    uploaded_ms: int
    text: str

    @property
    def bytes(self) -> int:
        return len(self.text.encode("utf-8"))


def latest_plant(conn: Connection) -> PlantVersion | None:
    row = conn.execute(
        select(plant_versions).order_by(plant_versions.c.version.desc()).limit(1)
    ).first()
    if row is None:
        return None
    return PlantVersion(row.version, row.sha256, row.uploaded_by, row.uploaded_ms, row.text)


def store_plant(conn: Connection, text: str, uploaded_by: str, now_ms: int) -> PlantVersion:
    """Add `text` (already checked with the plant loader) as the next version."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    top = conn.execute(select(func.max(plant_versions.c.version))).scalar()
    version = int(top or 0) + 1
    conn.execute(
        plant_versions.insert().values(
            version=version, sha256=digest, text=text, uploaded_by=uploaded_by, uploaded_ms=now_ms
        )
    )
    return PlantVersion(version, digest, uploaded_by, now_ms, text)
