"""Migrations and tables never drift apart, run both ways, and ship in the package."""

from __future__ import annotations

import fnmatch
import io
import tomllib
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection

from models.store import open_store
from models.store.migrate import MIGRATIONS_DIR, alembic_config, head_revisions
from models.store.tables import Base

REPO = Path(__file__).parents[2]


def differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "compare_server_default": True}
    )
    return list(compare_metadata(context, Base.metadata))


def test_migrated_schema_matches_the_tables(tmp_path: Path) -> None:
    with open_store(tmp_path / "console.db") as store, store.engine.connect() as connection:
        assert differences(connection) == []
        current = MigrationContext.configure(connection).get_current_heads()
        assert set(current) == set(head_revisions())


def test_downgrade_to_nothing_and_back(tmp_path: Path) -> None:
    with open_store(tmp_path / "console.db") as store, store.engine.connect() as connection:
        with connection.begin():
            command.downgrade(alembic_config(connection), "base")
        with connection.begin():
            tables = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
            assert [row[0] for row in tables] == ["alembic_version"]
        with connection.begin():
            command.upgrade(alembic_config(connection), "heads")
        assert differences(connection) == []


def test_migrations_render_as_sql() -> None:
    output = io.StringIO()
    config = alembic_config()
    config.output_buffer = output
    config.set_main_option("sqlalchemy.url", "sqlite://")

    command.upgrade(config, "heads", sql=True)

    sql = output.getvalue()
    for name in Base.metadata.tables:
        assert f"CREATE TABLE {name} (" in sql


def test_migration_files_are_package_data() -> None:
    """Every file the store needs at run time matches `models` package-data in pyproject."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["models"]
    models_dir = REPO / "models"
    needed = [MIGRATIONS_DIR / "env.py", *sorted((MIGRATIONS_DIR / "versions").glob("*.py"))]
    assert len(needed) > 1
    for path in needed:
        relative = path.relative_to(models_dir).as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), relative
