"""Bring a store's schema to the newest version this code knows (alembic, in code).

No alembic.ini is needed at run time: the configuration is built here and the
migration scripts ship inside the `models` package (`models/migrations`).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from models.store.errors import StoreError
from models.store.preflight import APPLICATION_ID

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An alembic Config for the packaged migrations, bound to `connection` if given."""
    config = Config()
    # The value goes through ConfigParser interpolation: a '%' in the path must be doubled.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revisions() -> tuple[str, ...]:
    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())


def check_known(path: Path, revisions: tuple[str, ...]) -> None:
    """A revision this code has no script for comes from a newer PlantConsole."""
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = [rev for rev in revisions if rev not in known]
    if unknown:
        raise StoreError(
            path,
            f"{path} was created by a newer PlantConsole (database schema "
            f"{', '.join(unknown)}; this version knows up to {', '.join(head_revisions())}). "
            "Update PlantConsole to open it; the file was left untouched.",
        )


def upgrade(engine: Engine, path: Path) -> None:
    """Migrate to head in one IMMEDIATE transaction; a no-op when already there.

    Foreign keys are off while migrating (PRAGMA foreign_keys is ignored inside a
    transaction, so it is set before): batch mode rebuilds tables by copy, drop
    and rename, which must neither cascade nor fail half-way. `foreign_key_check`
    then proves the result consistent before the commit.
    """
    with engine.connect() as connection:
        # Outside any transaction, on the driver's connection (SQLAlchemy would autobegin).
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.execution_options(begin_immediate=True).begin():
                _upgrade_in_transaction(connection, path)
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def _upgrade_in_transaction(connection: Connection, path: Path) -> None:
    current = tuple(MigrationContext.configure(connection).get_current_heads())
    check_known(path, current)
    if set(current) == set(head_revisions()):
        return
    if not current:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    command.upgrade(alembic_config(connection), "heads")
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise StoreError(path, f"migrating {path} broke references: {problems[:5]}")
