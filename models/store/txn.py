"""Write transactions that fail with a `StoreError` a person can act on.

A failed write is rolled back as a whole: the caller must not change its in-memory
state then (the action did not happen). A full disk gets its own message, since it is
the one a control room can fix on the spot.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, exc

from models.store.engine import Store
from models.store.errors import StoreError


@contextmanager
def guarded_write(store: Store, what: str, *, refetchable: bool = False) -> Iterator[Connection]:
    """`store.write()`, with database errors turned into StoreError naming `what`."""
    try:
        with store.write(refetchable=refetchable) as connection:
            yield connection
    except exc.DBAPIError as error:
        raise write_failed(store, what, error) from None


def write_failed(store: Store, what: str, error: exc.DBAPIError) -> StoreError:
    code = getattr(error.orig, "sqlite_errorname", "")
    if code == "SQLITE_FULL":
        detail = "the disk (or the database's size limit) is full"
    elif code in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        detail = "the database is locked by another program"
    elif code in ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR"):
        detail = f"it cannot be written ({error.orig})"
    else:
        detail = str(error.orig)
    return StoreError(store.path, f"could not save {what} in {store.path}: {detail}; not saved")
