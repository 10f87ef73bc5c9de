"""Look at a database file before anything writes to it.

A file that is not ours or is damaged must reach a person as it is: SQLite
would happily replay a journal into it, checkpoint into it or add our tables
to someone else's database. So every check here reads only (plain file reads,
then a read-only SQLite connection), and `open_store` writes only after they
pass.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from models.store.errors import StoreError, damaged, unwritable

SQLITE_MAGIC = b"SQLite format 3\x00"
# PRAGMA application_id of a PlantConsole store ("PLNC"): marks the file as ours.
APPLICATION_ID = 0x504C4E43


@dataclass(frozen=True)
class FileState:
    """What the file holds: nothing yet (`fresh`), or our store at `revisions`."""

    fresh: bool
    revisions: tuple[str, ...] = ()


def inspect_file(path: Path) -> FileState:
    """Check the file is absent, empty or a sound PlantConsole store; never writes to it."""
    if path.is_dir():
        raise StoreError(path, f"{path} is a folder, not a PlantConsole database file")
    _check_folder_writable(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return FileState(fresh=True)
    except OSError as exc:
        raise unwritable(path, _reason(exc)) from None
    _check_file_writable(path)
    if size == 0:
        return FileState(fresh=True)
    _check_header(path, size)
    return _inspect_database(path)


def _check_folder_writable(path: Path) -> None:
    """SQLite needs to create `-wal` and `-shm` files beside the database."""
    folder = path.parent
    probe = folder / f".{path.name}.{os.getpid()}.probe"
    try:
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise unwritable(path, f"{_reason(exc)} (folder {folder})") from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)


def _check_file_writable(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError as exc:
        raise unwritable(path, _reason(exc)) from None
    os.close(fd)


def _check_header(path: Path, size: int) -> None:
    """The 100-byte SQLite header: magic string, page size, and no truncation."""
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except OSError as exc:
        raise unwritable(path, _reason(exc)) from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise damaged(path, "no SQLite header")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise damaged(path, f"invalid page size {page_size}")
    # The page count in the header is valid when the two change counters agree.
    if header[24:28] == header[92:96]:
        pages = int.from_bytes(header[28:32], "big")
        if size < pages * page_size:
            raise damaged(path, f"file is truncated: {size:,} of {pages * page_size:,} bytes")


def _inspect_database(path: Path) -> FileState:
    created = [c for c in (Path(f"{path}-wal"), Path(f"{path}-shm")) if not c.exists()]
    try:
        return _read_state(path)
    except StoreError:
        # Leave the folder as found: the read-only look may have made an empty -wal and a -shm.
        for companion in created:
            with contextlib.suppress(OSError):
                if companion.name.endswith("-shm") or companion.stat().st_size == 0:
                    companion.unlink()
        raise


def _read_state(path: Path) -> FileState:
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise unwritable(path, str(exc)) from None
    try:
        return _inspect_connection(path, connection)
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_BUSY":
            raise StoreError(path, f"{path} is locked by another program: {exc}") from None
        raise damaged(path, str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise damaged(path, str(exc)) from None
    finally:
        connection.close()


def _inspect_connection(path: Path, connection: sqlite3.Connection) -> FileState:
    problems = [row[0] for row in connection.execute("PRAGMA quick_check(5)")]
    if problems != ["ok"]:
        details = "; ".join(str(p) for p in problems).replace("\n", "; ")
        raise damaged(path, details)
    (application_id,) = connection.execute("PRAGMA application_id").fetchone()
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if application_id == 0 and not tables:
        return FileState(fresh=True)
    if application_id != APPLICATION_ID:
        raise damaged(path, "it belongs to another program")
    if "alembic_version" not in tables:
        raise damaged(path, "its schema version is missing")
    revisions = tuple(r[0] for r in connection.execute("SELECT version_num FROM alembic_version"))
    return FileState(fresh=False, revisions=revisions)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
