"""A real server process on a real database (SQLite file, or PostgreSQL when
PLANTCONSOLE_TEST_PG_URL names an admin URL: a fresh database per run, dropped after)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import create_engine, text

from server.process import ServerProcess
from tests.server.site import Site

PG_ENV = "PLANTCONSOLE_TEST_PG_URL"
PG_SKIP = (
    f"PostgreSQL not configured: set {PG_ENV}=postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def create_pg_database() -> tuple[str, str]:
    """A fresh database: (its URL, its name)."""
    admin = pg_admin_url()
    assert admin is not None
    name = f"pc_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    base = admin.rsplit("/", 1)[0]
    return f"{base}/{name}", name


def drop_pg_database(name: str) -> None:
    admin = pg_admin_url()
    assert admin is not None
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'server.sqlite'}"
        return
    if pg_admin_url() is None:
        pytest.skip(PG_SKIP)
    url, name = create_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture(scope="module")
def site(database_url: str) -> Iterator[Site]:
    """A running server with an admin, shared by one test module."""
    process = ServerProcess(database_url)
    process.create_admin("root", "root-password")
    process.start()
    try:
        yield Site(process, "root", "root-password")
    finally:
        process.stop()


@pytest.fixture
def http(site: Site) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site.url, timeout=30) as client:
        yield client
