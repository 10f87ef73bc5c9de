"""Store an uploaded batch: each event once, numbered in commit order, then acknowledged.

Sequence numbers come from the single `counters` row 'seq', locked (SELECT ... FOR
UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite) from the moment they are handed out
until the commit. A later transaction can only number its events after an earlier one
committed, so a reader that sees seq n has already been able to see every seq < n:
the feed's cursor never skips an event that commits late.

The lock is the ingest's bottleneck (one transaction at a time across every server
process), so everything that can happen before it does (parsing), and while it is
held a transaction costs a fixed handful of statements whatever its size: one lookup
of the ids already stored, one multi-row insert of the events, one of the new incident
numbers, one upsert of the escalation watch, one counters update, the commit. Uploads
that arrive while one commits are committed together (`GroupCommit`).
"""

from __future__ import annotations

import json
import logging
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, case, select, update

from models.incidents.events import Event, to_json
from models.incidents.hlc import HlcClock
from models.incidents.ids import uuid7
from server.audit import audit
from server.db.engine import write
from server.db.tables import counters, events, incident_numbers, incident_watch, quarantine
from server.identity import grants_of
from server.rights import Checked, Uploader, check_author, parse
from server.upsert import upsert

SERVER_CONSOLE = "server"
SERVER_USER = "server"
NUMBER_FORMAT = "INC-{:06d}"
_CHUNK = 500
log = logging.getLogger("plantconsole.server")
_AHEAD_SAID: set[str] = set()  # consoles whose clock far ahead was logged (once each)


@dataclass(frozen=True)
class Outcome:
    results: list[dict[str, Any]]
    head: int  # the feed's last sequence number once this batch was committed


@dataclass
class _Job:
    """One upload waiting to be committed (alone, or with others in one transaction)."""

    items: list[Checked]
    uploader: Uploader
    now_ms: int
    results: list[dict[str, Any]] = field(default_factory=list)
    head: int = 0
    error: BaseException | None = None
    done: bool = False


def ingest(
    engine: Engine,
    raws: Sequence[Any],
    uploader: Uploader,
    now_ms: int,
    ahead_ms: int,
    clock: HlcClock,
    *,
    owned: bool = False,
) -> Outcome:
    """Check and store one uploaded batch; returns once it is committed.

    `owned`: `raws` are a request body just parsed, handed over (no defensive copies).
    Batches uploaded at the same time through this process are committed together
    (`GroupCommit`): the results are exactly those of committing them one by one in
    arrival order, and each reply still comes only after its events are durable."""
    items = [parse(i, raw, uploader, now_ms, ahead_ms, owned=owned) for i, raw in enumerate(raws)]
    job = _Job(items, uploader, now_ms)
    _group_commit(engine).run(job, clock)
    if job.error is not None:
        raise job.error
    return Outcome(job.results, job.head)


class GroupCommit:
    """Group commit: while one thread commits, uploads arriving meanwhile queue up, and
    the next of them commits all that queued in ONE transaction - one lock of the
    counters, one lookup, one insert, one fsync for several batches. Under load this
    is what keeps the serialising seq lock from being the bottleneck. If a group
    fails, its batches are retried one by one, so one bad batch fails alone."""

    MAX_EVENTS = 5000

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._cond = threading.Condition()
        self._pending: list[_Job] = []
        self._leading = False

    def run(self, job: _Job, clock: HlcClock) -> None:
        with self._cond:
            self._pending.append(job)
            while self._leading and not job.done:
                self._cond.wait()
            if job.done:
                return
            self._leading = True
            group = self._take()
        try:
            self._commit(group, clock)
        finally:
            with self._cond:
                self._leading = False
                self._cond.notify_all()

    def _take(self) -> list[_Job]:
        group: list[_Job] = []
        size = 0
        while self._pending:
            if group and size + len(self._pending[0].items) > self.MAX_EVENTS:
                break
            job = self._pending.pop(0)
            group.append(job)
            size += len(job.items)
        return group

    def _commit(self, group: list[_Job], clock: HlcClock) -> None:
        try:
            _commit(self._engine, group, clock)
        except Exception as exc:
            if len(group) == 1:
                group[0].error = exc
            else:
                for job in group:
                    try:
                        _commit(self._engine, [job], clock)
                    except Exception as alone:
                        job.error = alone
        finally:
            for job in group:
                job.done = True


_GROUPS: weakref.WeakKeyDictionary[Engine, GroupCommit] = weakref.WeakKeyDictionary()
_GROUPS_GUARD = threading.Lock()


def _group_commit(engine: Engine) -> GroupCommit:
    with _GROUPS_GUARD:
        group = _GROUPS.get(engine)
        if group is None:
            group = _GROUPS[engine] = GroupCommit(engine)
        return group


def _commit(engine: Engine, jobs: list[_Job], clock: HlcClock) -> None:
    """Store the jobs' events in one transaction, numbered in job order."""
    with write(engine) as conn:
        authors = {
            i.event.user
            for job in jobs
            for i in job.items
            if i.event is not None and i.code is None
        }
        grants = grants_of(conn, authors)
        for job in jobs:
            for item in job.items:
                check_author(item, grants, job.uploader.site)
        seq, number = _lock_counters(conn)
        head, last_number = _store(conn, jobs, seq, number, clock)
        for job in jobs:
            _quarantine(conn, job.items, job.uploader, job.now_ms)
        _save_counters(conn, (seq, head), (number, last_number))
    for job in jobs:
        job.head = head


def _save_counters(conn: Connection, seq: tuple[int, int], number: tuple[int, int]) -> None:
    """Write back the counters that moved, given (before, after) of each: one statement."""
    moved = {
        name: after
        for name, (before, after) in (("seq", seq), ("incident", number))
        if after != before
    }
    if len(moved) == 2:
        value = case((counters.c.name == "seq", moved["seq"]), else_=moved["incident"])
        conn.execute(update(counters).where(counters.c.name.in_(moved)).values(value=value))
    for name, after in moved.items() if len(moved) == 1 else ():
        conn.execute(update(counters).where(counters.c.name == name).values(value=after))


def _lock_counters(conn: Connection) -> tuple[int, int]:
    query = select(counters.c.name, counters.c.value).order_by(counters.c.name).with_for_update()
    values = {row.name: int(row.value) for row in conn.execute(query)}
    return values["seq"], values["incident"]


def _store(
    conn: Connection, jobs: list[_Job], seq: int, number: int, clock: HlcClock
) -> tuple[int, int]:
    """Number and insert the jobs' new events (sets each job's results); returns the
    last seq and incident number handed out."""
    candidates = [
        i.event for job in jobs for i in job.items if i.event is not None and i.code is None
    ]
    stored = _existing(conn, [e.id for e in candidates])
    created = {e.incident_id for e in candidates if e.type == "created"}
    numbered = _numbered(conn, created)
    rows: list[dict[str, Any]] = []
    numbers: list[dict[str, Any]] = []
    for job in jobs:
        job.results = []
        for item in job.items:
            event = item.event
            if event is None or item.code is not None:
                job.results.append(_result(item, "rejected"))
                continue
            body = to_json(event)
            if event.id in stored:
                if stored[event.id] != body and "differs_from_stored" not in item.flags:
                    item.flags.append("differs_from_stored")
                job.results.append(_result(item, "duplicate"))
                continue
            seq += 1
            stored[event.id] = body
            rows.append(_row(event, body, seq, job.now_ms, job.uploader, item.flags))
            job.results.append({**_result(item, "accepted"), "seq": seq})
            if event.type == "created" and event.incident_id not in numbered:
                number += 1
                seq += 1
                numbered.add(event.incident_id)
                ahead = "clock_ahead" in item.flags
                rows.append(_number_row(numbers, event, number, seq, job.now_ms, clock, ahead))
    if rows:
        conn.execute(events.insert(), rows)
        watch = sorted({r["incident_id"] for r in rows})
        upsert(
            conn,
            incident_watch,
            [{"incident_id": i, "dirty": True} for i in watch],
            ["incident_id"],
        )
    if numbers:
        conn.execute(incident_numbers.insert(), numbers)
    return seq, number


def _result(item: Checked, status: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.event_id, "index": item.index, "status": status}
    if item.code is not None:
        out.update(code=item.code, reason=item.reason)
    if item.flags:
        out["flags"] = list(item.flags)
    return out


def _existing(conn: Connection, ids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        query = select(events.c.id, events.c.body).where(events.c.id.in_(chunk))
        found.update({row.id: row.body for row in conn.execute(query)})
    return found


def _numbered(conn: Connection, incident_ids: set[str]) -> set[str]:
    if not incident_ids:
        return set()
    query = select(incident_numbers.c.incident_id).where(
        incident_numbers.c.incident_id.in_(sorted(incident_ids))
    )
    return {row.incident_id for row in conn.execute(query)}


def _row(
    event: Event, body: str, seq: int, now_ms: int, uploader: Uploader, flags: list[str]
) -> dict[str, Any]:
    return {
        "id": event.id,
        "seq": seq,
        "incident_id": event.incident_id,
        "type": event.type,
        "hlc": str(event.hlc),
        "console_id": event.console_id,
        "author": event.user,
        "uploaded_by_console": uploader.console_id,
        "uploaded_by_user": uploader.user,
        "received_ms": now_ms,
        "flags": ",".join(flags),
        "body": body,
    }


def _number_row(
    numbers: list[dict[str, Any]],
    created: Event,
    number: int,
    seq: int,
    now_ms: int,
    clock: HlcClock,
    ahead: bool,
) -> dict[str, Any]:
    """The server's `number_assigned` event for a newly created incident (its
    `incident_numbers` row goes to `numbers`, inserted with the batch). Stamped after
    the `created` event, unless that one is flagged `clock_ahead`: the server's clock
    does not follow a PC whose clock is wrong (the number is then stamped by the
    server's own time, and every console still folds it)."""
    if ahead:
        hlc = clock.tick()
        if created.console_id not in _AHEAD_SAID:
            _AHEAD_SAID.add(created.console_id)
            log.warning(
                "console %s writes times far ahead of the server's clock (HLC %s): its "
                "events are stored and flagged clock_ahead, the server's clock stays",
                created.console_id,
                created.hlc,
            )
    else:
        hlc = clock.observe(created.hlc)
    text = NUMBER_FORMAT.format(number)
    event = Event(
        uuid7(hlc.wall_ms),
        created.incident_id,
        "number_assigned",
        1,
        hlc,
        SERVER_CONSOLE,
        SERVER_USER,
        {"number": text},
    )
    numbers.append({"incident_id": created.incident_id, "number": text, "event_id": event.id})
    server = Uploader(SERVER_CONSOLE, "", None)
    return _row(event, to_json(event), seq, now_ms, server, [])


def safe_text(text: str) -> str:
    """Text any database takes: lone surrogates and NUL written as escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def _quarantine(conn: Connection, items: list[Checked], uploader: Uploader, now_ms: int) -> None:
    rejected = [i for i in items if i.code is not None]
    if not rejected:
        return
    rows = []
    for item in rejected:
        body = safe_text(json.dumps(item.raw, sort_keys=True, default=repr))
        rows.append(
            {
                "event_id": safe_text(item.event_id) if item.event_id else None,
                "code": item.code,
                "reason": safe_text(item.reason or ""),
                "console_id": uploader.console_id,
                "user": uploader.user,
                "received_ms": now_ms,
                "body": body,
            }
        )
    conn.execute(quarantine.insert(), rows)
    for item in rejected:
        audit(
            conn,
            "event_rejected",
            now_ms,
            user=uploader.user,
            console=uploader.console_id,
            event_id=safe_text(item.event_id or ""),
            code=item.code,
            reason=safe_text(item.reason or ""),
        )
