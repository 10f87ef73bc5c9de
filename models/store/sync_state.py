"""The console's small persistent facts (`sync_state`): identity, clock, cursor, counters.

Keys: `console_id` (generated once), `hlc_last` (the newest HLC handed out or seen, so
the clock stays monotonic across restarts), `cursor` (the server's change-feed position
after the last pulled page), `local_seq` (the last temporary incident number).
"""

from __future__ import annotations

import re
import secrets
import socket
import time

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert

from models.incidents.hlc import MAX_AHEAD_MS, Hlc
from models.plant_schema import ID_PATTERN
from models.store.engine import Store
from models.store.tables import table
from models.store.txn import guarded_write

CONSOLE_ID, HLC_LAST, CURSOR, LOCAL_SEQ = "console_id", "hlc_last", "cursor", "local_seq"


def get_value(connection: Connection, key: str) -> str | None:
    t = table("sync_state")
    return connection.execute(select(t.c.value).where(t.c.key == key)).scalar()


def set_value(connection: Connection, key: str, value: str) -> None:
    t = table("sync_state")
    statement = insert(t).values(key=key, value=value)
    connection.execute(
        statement.on_conflict_do_update(index_elements=[t.c.key], set_={"value": value})
    )


def raise_hlc(connection: Connection, newest: Hlc) -> None:
    """Record `newest` as the latest HLC unless a later one is already recorded.

    Not one more than MAX_AHEAD_MS ahead of this machine's clock (some PC's clock years
    ahead): the clock never adopts such a time, and the recorded one seeds it at start and
    after maintenance pulls, where it would then be refused for as long as it stays ahead."""
    if not within_clock_bound(newest):
        return
    current = get_value(connection, HLC_LAST)
    if current is None or str(newest) > current:
        set_value(connection, HLC_LAST, str(newest))


def within_clock_bound(hlc: Hlc) -> bool:
    """Not more than MAX_AHEAD_MS ahead of this machine's wall clock."""
    return hlc.wall_ms - time.time_ns() // 1_000_000 <= MAX_AHEAD_MS


def last_hlc(store: Store) -> Hlc | None:
    with store.read() as connection:
        value = get_value(connection, HLC_LAST)
    return None if value is None else Hlc.parse(value)


def sync_cursor(store: Store) -> str | None:
    """The pull cursor stored with the last applied page (None before the first pull)."""
    with store.read() as connection:
        return get_value(connection, CURSOR)


def console_identity(store: Store, preferred: str | None = None) -> str:
    """This console's id: `preferred` when given (then kept), else the stored one, else a new
    one from the host name (e.g. 'CR1-PC-3f9a'), generated once and kept."""
    if preferred is not None and not re.match(ID_PATTERN, preferred):
        raise ValueError(f"console id {preferred!r} must match {ID_PATTERN}")
    with guarded_write(store, "the console id") as connection:
        stored = get_value(connection, CONSOLE_ID)
        if preferred is not None and preferred != stored:
            set_value(connection, CONSOLE_ID, preferred)
            return preferred
        if stored is not None:
            return stored
        generated = generate_console_id()
        set_value(connection, CONSOLE_ID, generated)
        return generated


def generate_console_id() -> str:
    host = re.sub(r"[^A-Za-z0-9_.\-]", "-", socket.gethostname()).strip("-.")[:40] or "console"
    if not host[0].isalnum():
        host = f"c{host}"
    return f"{host}-{secrets.token_hex(2)}"


def next_local_seq(store: Store) -> int:
    """The next temporary incident number of this console (gaps are harmless)."""
    with guarded_write(store, "the incident number counter") as connection:
        value = int(get_value(connection, LOCAL_SEQ) or 0) + 1
        set_value(connection, LOCAL_SEQ, str(value))
    return value
