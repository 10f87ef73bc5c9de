"""Tables of the console's local store: one metadata, versioned by alembic.

Every change here needs a migration in `models/migrations/versions/`; the
test `test_store_migrations.py` fails while the two disagree.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect, Float, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Named constraints: alembic's batch mode on SQLite recreates tables and can
# only drop or alter a constraint it can name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class RawJson(str):
    """Text that is already JSON: a JSON column stores it as it is (see `dump_json`)."""

    __slots__ = ()


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dump_json(value: Any) -> str:
    """The store's JSON serializer: compact UTF-8; RawJson passes through unchanged."""
    return value if isinstance(value, RawJson) else _ENCODER.encode(value)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as naive UTC text; comes back aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime has no time zone: pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads it as a class attribute
        datetime: UtcDateTime,
        dict[str, Any]: JSON,
        list[str]: JSON,
        str: String,
        float: Float,
    }


class PlantImportRow(Base):
    """One import of a plant file: when, from where, what it changed."""

    __tablename__ = "plant_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    imported_at: Mapped[datetime]
    source_path: Mapped[str]
    sha256: Mapped[str] = mapped_column(String(64))
    site_id: Mapped[str]
    ci_count: Mapped[int]
    summary: Mapped[dict[str, Any]]


class CiRow(Base):
    """A configuration item (site, area, line, machine or device) as last imported.

    The columns are what views filter and sort on; `attrs` is the CI's whole
    entry in the plant file, `content_hash` a digest of both that tells a
    changed CI from an unchanged one without comparing every field.
    """

    __tablename__ = "ci"

    id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int]
    """Order in the plant file (site, areas, lines, then CIs), for trees in file order."""
    kind: Mapped[str]
    name: Mapped[str]
    parent: Mapped[str | None] = mapped_column(index=True)
    criticality: Mapped[str]
    line_id: Mapped[str | None] = mapped_column(index=True)
    protocol: Mapped[str | None]
    endpoint: Mapped[str]
    vendor: Mapped[str]
    model: Mapped[str]
    depends_on: Mapped[list[str]]
    members: Mapped[list[str]]
    min_up: Mapped[int]
    attrs: Mapped[dict[str, Any]]
    content_hash: Mapped[str] = mapped_column(String(64))


class LineServiceRow(Base):
    """A production line as a business service, with its cost model."""

    __tablename__ = "line_service"

    id: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str]
    area: Mapped[str]
    cost_per_hour: Mapped[float]
    units_per_shift: Mapped[int]
    product: Mapped[str]
    shifts: Mapped[list[str]]
    running_tag: Mapped[str | None]


def table(name: str) -> Table:
    """A table of the store's metadata by name (typed, for Core statements)."""
    return Base.metadata.tables[name]
