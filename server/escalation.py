"""Escalation beyond the consoles: P1 incidents and SLA breaches to configured webhooks.

Ingest only marks incidents dirty; this worker (one per server process) folds them with
the consoles' own fold, queues one notification per (incident + kind, webhook) in the
`notifications` table, and delivers them with retries and capped exponential backoff.
Claims are conditional updates, so several processes never send one notification twice
at the same time.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
from collections import Counter
from typing import Any, NamedTuple

import httpx
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import SQLAlchemyError

from models.incidents.events import from_json
from models.incidents.fold import fold
from models.incidents.priority import Priority
from models.incidents.sla import SlaLevel, status
from models.incidents.state import IncidentState
from server.clock import now_ms
from server.config import ServerConfig
from server.db.engine import read, write
from server.db.tables import events, incident_watch, notifications
from server.upsert import insert_ignore

log = logging.getLogger("plantconsole.server.escalation")
BATCH = 100
MAX_SENDING = 16  # notifications in flight at once, per process
PER_HOOK = 4  # of them to one webhook: a hanging gateway leaves room for the others


class Due(NamedTuple):
    nid: int
    url: str
    body: str


class Escalator:
    def __init__(self, engine: Engine, config: ServerConfig) -> None:
        self._engine = engine
        self._config = config
        self._me = f"{os.getpid()}"
        self._next_scan = 0.0
        self._sending: dict[asyncio.Task[None], str] = {}  # in-flight send -> its webhook URL
        self._in_flight: set[int] = set()

    async def run(self) -> None:
        if not self._config.webhooks:
            return  # nothing to escalate to: do not fold anything
        async with httpx.AsyncClient() as client:
            try:
                while True:
                    await self._pass(client)
                    await asyncio.sleep(self._config.escalation_poll_s)
            finally:
                for task in list(self._sending):
                    task.cancel()
                # Cancelled sends keep their claim until it lapses; then they are retried.
                await asyncio.gather(*self._sending, return_exceptions=True)

    async def _pass(self, client: httpx.AsyncClient) -> None:
        """One round; any failure is logged and the next round runs as usual, so a bad
        notification or a database hiccup never ends escalation for the process."""
        try:
            await asyncio.to_thread(self.evaluate_dirty)
            loop_now = asyncio.get_running_loop().time()
            if loop_now >= self._next_scan:
                self._next_scan = loop_now + self._config.sla_scan_s
                await asyncio.to_thread(self.scan_open)
            await self.deliver_due(client)
        except SQLAlchemyError as exc:
            log.warning("escalation pass failed: %s", exc)
        except Exception:
            log.exception("escalation pass failed")

    def _fold(self, incident_id: str) -> IncidentState | None:
        with read(self._engine) as conn:
            bodies = conn.execute(
                select(events.c.body).where(events.c.incident_id == incident_id)
            ).scalars()
            evs = [from_json(b) for b in bodies]
        return fold(evs) if evs else None

    def evaluate_dirty(self) -> None:
        """Fold incidents with new events; queue a P1 notification for an open P1."""
        with read(self._engine) as conn:
            query = select(incident_watch.c.incident_id).where(incident_watch.c.dirty.is_(True))
            dirty = list(conn.execute(query.limit(BATCH)).scalars())
        for incident_id in dirty:
            try:
                self._evaluate(incident_id)
            except SQLAlchemyError:
                raise  # the database is away: the next pass tries again
            except Exception:
                log.exception("incident %s could not be evaluated for escalation", incident_id)

    def _evaluate(self, incident_id: str) -> None:
        with write(self._engine) as conn:
            claimed = conn.execute(
                update(incident_watch)
                .where(
                    incident_watch.c.incident_id == incident_id,
                    incident_watch.c.dirty.is_(True),
                )
                .values(dirty=False)
            ).rowcount
        if not claimed:
            return
        state = self._fold(incident_id)
        if state is None:
            return
        with write(self._engine) as conn:
            conn.execute(
                update(incident_watch)
                .where(incident_watch.c.incident_id == incident_id)
                .values(open=state.created and state.is_open)
            )
        if state.created and state.is_open and state.priority is Priority.P1:
            self._queue("p1", f"p1:{incident_id}", _body("p1", state))

    def scan_open(self) -> None:
        """SLA clocks of every open incident; a breach is notified once per clock."""
        with read(self._engine) as conn:
            query = select(incident_watch.c.incident_id).where(incident_watch.c.open.is_(True))
            open_ids = list(conn.execute(query).scalars())
        now = now_ms()
        for incident_id in open_ids:
            try:
                self._scan(incident_id, now)
            except SQLAlchemyError:
                raise
            except Exception:
                log.exception("SLA clocks of incident %s could not be checked", incident_id)

    def _scan(self, incident_id: str, now: int) -> None:
        state = self._fold(incident_id)
        if state is None or not state.is_open:
            return
        for clock in status(state, now):
            if clock.level is SlaLevel.BREACHED:
                body = _body("sla_breach", state, clock=clock.name, target_s=clock.target_s)
                self._queue("sla_breach", f"sla:{clock.name}:{incident_id}", body)

    def _queue(self, kind: str, key: str, body: dict[str, Any]) -> None:
        hooks = [h for h in self._config.webhooks if kind in h.kinds]
        if not hooks:
            return
        now = now_ms()
        text = json.dumps(body, ensure_ascii=False, sort_keys=True)
        rows = [
            {
                "key": key,
                "url": h.url,
                "body": text,
                "created_ms": now,
                "attempts": 0,
                "next_ms": now,
            }
            for h in hooks
        ]
        with write(self._engine) as conn:
            insert_ignore(conn, notifications, rows)

    async def deliver_due(self, client: httpx.AsyncClient) -> None:
        """Start sending what is due, each send its own task: a hanging gateway holds at
        most PER_HOOK slots and its own timeout, never the other webhooks or the next
        pass (which queues new P1s)."""
        room = MAX_SENDING - len(self._sending)
        if room <= 0:
            return
        busy = Counter(self._sending.values())
        due = await asyncio.to_thread(self._due, busy)
        for row in due:
            if room <= 0:
                break
            if row.nid in self._in_flight or busy[row.url] >= PER_HOOK:
                continue  # (a send that ended since the query)
            timeout = self._timeout_of(row.url)
            if not await asyncio.to_thread(self._claim, row.nid, timeout):
                continue
            self._in_flight.add(row.nid)
            task = asyncio.create_task(
                self._send(client, row.nid, row.url, row.body, timeout), name=f"notify-{row.nid}"
            )
            self._sending[task] = row.url
            task.add_done_callback(functools.partial(self._sent, nid=row.nid))
            busy[row.url] += 1
            room -= 1

    def _due(self, busy: Counter[str]) -> list[Due]:
        """Unclaimed notifications that are due, oldest first, per webhook URL at most
        its free slots: however many wait for a dead gateway, the others are seen."""
        now = now_ms()
        due_now = (
            notifications.c.sent_ms.is_(None),
            notifications.c.next_ms <= now,
            notifications.c.claimed_until_ms.is_(None) | (notifications.c.claimed_until_ms < now),
        )
        found: list[Due] = []
        with read(self._engine) as conn:
            urls = conn.execute(select(notifications.c.url).where(*due_now).distinct()).scalars()
            for url in sorted(urls):
                free = PER_HOOK - busy[url]
                if free <= 0:
                    continue
                rows = conn.execute(
                    select(notifications.c.nid, notifications.c.url, notifications.c.body)
                    .where(*due_now, notifications.c.url == url)
                    .order_by(notifications.c.nid)
                    .limit(free)
                )
                found += [Due(row.nid, row.url, row.body) for row in rows]
        found.sort(key=lambda row: row.nid)
        return found

    def _sent(self, task: asyncio.Task[None], *, nid: int) -> None:
        self._sending.pop(task, None)
        self._in_flight.discard(nid)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("notification %s: sending failed unexpectedly", nid, exc_info=exc)

    def _timeout_of(self, url: str) -> float:
        return next((h.timeout_s for h in self._config.webhooks if h.url == url), 5.0)

    def _claim(self, nid: int, timeout_s: float) -> bool:
        """Take the notification for one send; the claim outlives the send's timeout, so
        another process never sends it at the same time."""
        now = now_ms()
        with write(self._engine) as conn:
            return bool(
                conn.execute(
                    update(notifications)
                    .where(
                        notifications.c.nid == nid,
                        notifications.c.sent_ms.is_(None),
                        (notifications.c.claimed_until_ms.is_(None))
                        | (notifications.c.claimed_until_ms < now),
                    )
                    .values(claimed_until_ms=now + int((timeout_s + 60) * 1000))
                ).rowcount
            )

    async def _send(
        self, client: httpx.AsyncClient, nid: int, url: str, body: str, timeout_s: float
    ) -> None:
        error: str | None = None
        try:
            # httpx's timeout bounds each phase; the outer one bounds a gateway that
            # trickles its answer byte by byte.
            async with asyncio.timeout(timeout_s + 1.0):
                response = await client.post(
                    url,
                    content=body,
                    headers={"content-type": "application/json"},
                    timeout=timeout_s,
                )
            if response.status_code >= 300:
                error = f"HTTP {response.status_code}"
        except TimeoutError:
            error = f"no answer within {timeout_s:g} s"
        except Exception as exc:  # any failure is this notification's, retried later
            error = f"{type(exc).__name__}: {exc}"
        try:
            await asyncio.to_thread(self._record, nid, error)
        except SQLAlchemyError as exc:  # the claim lapses; the send is retried
            log.warning("notification %s: result not stored: %s", nid, exc)

    def _record(self, nid: int, error: str | None) -> None:
        now = now_ms()
        with write(self._engine) as conn:
            if error is None:
                conn.execute(
                    update(notifications)
                    .where(notifications.c.nid == nid)
                    .values(sent_ms=now, claimed_until_ms=None, last_error=None)
                )
                return
            attempts = conn.execute(
                select(notifications.c.attempts).where(notifications.c.nid == nid)
            ).scalar_one()
            delay = min(
                self._config.webhook_retry_max_s,
                self._config.webhook_retry_base_s * 2 ** min(int(attempts), 40),
            )
            conn.execute(
                update(notifications)
                .where(notifications.c.nid == nid)
                .values(
                    attempts=attempts + 1,
                    next_ms=now + int(delay * 1000),
                    claimed_until_ms=None,
                    last_error=error,
                )
            )
        # The URL is not logged: chat webhook URLs often carry their secret.
        log.warning("notification %s failed (%s); retry in %.1f s", nid, error, delay)


def _body(kind: str, state: IncidentState, **more: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "incident_id": state.id,
        "number": state.number,
        "number_final": state.number_final,
        "title": state.title,
        "priority": state.priority.value,
        "status": state.status.value,
        "root_cause_ci": state.root_cause_ci,
        "fault_at_ms": state.fault_at_ms,
        "cost_per_hour": state.cost_per_hour,
        **more,
    }
