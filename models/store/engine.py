"""Open the console's local SQLite store: checked, migrated, durable.

Every connection runs in WAL mode with synchronous=FULL (a committed incident
survives a power cut), enforces foreign keys and waits up to 5 s for a lock.
A write of what can be fetched again (`write(refetchable=True)`: events pulled from
the server with their cursor) commits with synchronous=NORMAL: under WAL a power cut
can then lose that last transaction as a whole (never corrupt the file), and the
cursor it carried goes with it, so the pages are pulled again; local actions stay FULL.
SQLAlchemy emits BEGIN itself (the sqlite3 module's implicit transactions are
switched off), so DDL is transactional and writers can take the write lock up
front with BEGIN IMMEDIATE instead of failing half-way on a lock upgrade.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, exc
from sqlalchemy.orm import Session

from models.store.errors import StoreError
from models.store.migrate import check_known, upgrade
from models.store.preflight import inspect_file
from models.store.tables import dump_json

BUSY_TIMEOUT_MS = 5000
SYNC_FULL, SYNC_NORMAL = "PRAGMA synchronous=FULL", "PRAGMA synchronous=NORMAL"
CONNECTION_PRAGMAS = (f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}", SYNC_FULL, "PRAGMA foreign_keys=ON")


class Store:
    """The open store: a migrated SQLite database. Close it (or use `with`)."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self._engine: Engine | None = engine

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise StoreError(self.path, f"the store {self.path} is closed")
        return self._engine

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection in a read transaction: one consistent snapshot while it lasts."""
        with self.engine.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def write(self, *, refetchable: bool = False) -> Iterator[Connection]:
        """A connection in a write transaction (BEGIN IMMEDIATE); commits, or rolls back.
        `refetchable`: everything written can be fetched again (see the module doc), so
        the commit need not wait for the disk (synchronous=NORMAL for this one only)."""
        with self.engine.connect() as connection:
            connection.execution_options(begin_immediate=True)
            if not refetchable:
                with connection.begin():
                    yield connection
                return
            raw = connection.connection.driver_connection
            assert raw is not None
            raw.execute(SYNC_NORMAL)  # outside a transaction: isolation_level is None
            try:
                with connection.begin():
                    yield connection
            finally:
                try:
                    raw.execute(SYNC_FULL)
                except BaseException:
                    connection.invalidate()  # never back in the pool with NORMAL
                    raise

    def session(self, *, write: bool = False) -> Session:
        """An ORM session; `write=True` makes its transactions BEGIN IMMEDIATE."""
        bind = self.engine.execution_options(begin_immediate=True) if write else self.engine
        return Session(bind, expire_on_commit=False)

    def close(self) -> None:
        """Close every pooled connection (the last one checkpoints the WAL)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_store(path: str | Path) -> Store:
    """Open (or create) the store at `path` and migrate it to the current schema.

    Raises StoreError, leaving the file as it was, when the file is not a
    PlantConsole database or is damaged, comes from a newer PlantConsole, or
    cannot be written.
    """
    path = Path(path).absolute()
    state = inspect_file(path)
    check_known(path, state.revisions)
    engine = _create_engine(path)
    try:
        upgrade(engine, path)
    except exc.DBAPIError as error:
        engine.dispose()
        raise StoreError(
            path, f"cannot open the PlantConsole database {path}: {error.orig}"
        ) from None
    except BaseException:
        engine.dispose()
        raise
    return Store(path, engine)


def _create_engine(path: Path) -> Engine:
    engine = create_engine(
        URL.create("sqlite", database=str(path)),  # no URL parsing: '?' or '#' in a path is fine
        # Pooled connections may be used by a worker thread (one at a time each).
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        json_serializer=dump_json,
    )
    event.listen(engine, "connect", partial(_on_connect, path))
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(path: Path, dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # no implicit BEGIN: _on_begin emits it
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(CONNECTION_PRAGMAS[0])
        (mode,) = cursor.execute("PRAGMA journal_mode=WAL").fetchone()
        for pragma in CONNECTION_PRAGMAS[1:]:
            cursor.execute(pragma)
    finally:
        cursor.close()
    if str(mode).lower() != "wal":
        raise StoreError(path, f"{path}: SQLite refused WAL mode (got {mode!r}); is it on a share?")


def _on_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get("begin_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
