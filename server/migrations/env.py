"""Alembic environment of the central server.

At run time `server.db.engine.migrate` passes an open connection in
`config.attributes["connection"]`; for writing a new revision from the command line
use `alembic -c server/migrations/alembic.ini -x url=sqlite:///x.sqlite revision ...`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from server.db.tables import metadata

config = context.config
target_metadata = metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise RuntimeError("no database: pass -x url=URL")
    engine = create_engine(url)
    try:
        with engine.connect() as own:
            _run(own)
            own.commit()
    finally:
        engine.dispose()


run_online()
