"""Central server benchmark: ingest, initial sync, write-to-other-console latency.

    python -m bench.bench_server [--smoke] [--database sqlite|postgres|both] [--json]

- ingest: 10 concurrent clients upload batches of 100 events (target on PostgreSQL
  >= 2,000 events/s; p95 batch latency reported);
- initial sync: a fresh console pulls every incident (full run: 10,000 incidents /
  100,000 events; target < 5 s), into the console's real SQLite store (events, heads
  folded, cursor, one transaction per page) and into the in-memory store (the
  transfer and checks alone);
- latency: a comment written on one console until it is in another's store, both
  running SyncClient with the push stream (target p95 < 1 s).
PostgreSQL needs PLANTCONSOLE_TEST_PG_URL (an admin URL; a fresh database is made).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from app.sync.backoff import Backoff
from app.sync.client import ConsoleCredential, SyncClient
from app.sync.memory_store import MemoryStore
from bench.measure import Timing, loadavg, machine, ms, table
from models.incidents.events import Event, to_dict, to_json
from models.incidents.hlc import HlcClock
from models.incidents.ids import uuid7
from models.store.engine import open_store
from models.store.sync_adapter import StoreSyncAdapter
from server.db.engine import make_engine
from server.db.engine import write as write_txn
from server.process import ServerProcess

CLIENTS, BATCH = 10, 100
RAW_TABLE = "bench_raw_events"
PG_ENV = "PLANTCONSOLE_TEST_PG_URL"
ADMIN, PASSWORD = "bench-admin", "bench-password"


def _created(n: int) -> dict[str, Any]:
    return {
        "title": f"LINE STOP {n}",
        "ci": "SW-L3-043",
        "fault_at_ms": int(time.time() * 1000),
        "impact": 2,
        "urgency": 2,
        "local_ref": f"tmp-{n}",
    }


def process_cpu_s(pid: int | None) -> float | None:
    """CPU seconds (user + system) a process has used so far (Linux /proc), else None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_since(pid: int | None, before: float | None) -> float | None:
    now = process_cpu_s(pid)
    return None if now is None or before is None else round(now - before, 2)


def make_events(console_id: str, user: str, incidents: int, per_incident: int) -> list[Event]:
    clock = HlcClock()
    out = []
    for n in range(incidents):
        incident = uuid7()
        for k in range(per_incident):
            hlc = clock.tick()
            kind, payload = (
                ("created", _created(n)) if k == 0 else ("comment", {"text": f"note {k}"})
            )
            out.append(Event(uuid7(hlc.wall_ms), incident, kind, 1, hlc, console_id, user, payload))
    return out


class Bench:
    def __init__(self, url: str, database_url: str) -> None:
        self.url = url
        self.database_url = database_url
        self.http = httpx.Client(base_url=url, timeout=60)
        token = self.http.post("/v1/login", json={"user": ADMIN, "password": PASSWORD}).json()[
            "token"
        ]
        self.http.headers["authorization"] = f"Bearer {token}"

    def console(self, name: str) -> tuple[ConsoleCredential, str]:
        user = f"u-{name}"
        roles = [{"site": "*", "role": "supervisor"}]
        self.http.post(
            "/v1/users", json={"name": user, "password": PASSWORD, "roles": roles}
        ).raise_for_status()
        data = self.http.post("/v1/consoles", json={"console_id": name, "site": "S1"}).json()
        return ConsoleCredential(data["console_id"], data["secret"]), user


async def ingest(
    bench: Bench, incidents: int, per_incident: int, server_pid: int | None = None
) -> dict[str, Any]:
    per_client = incidents // CLIENTS
    bodies: list[list[bytes]] = []
    tokens = []
    for c in range(CLIENTS):
        cred, user = bench.console(f"BENCH-{c}")
        events = make_events(cred.console_id, user, per_client, per_incident)
        bodies.append(
            [
                json.dumps({"events": [to_dict(e) for e in events[i : i + BATCH]]}).encode()
                for i in range(0, len(events), BATCH)
            ]
        )
        login = {"console_id": cred.console_id, "console_secret": cred.secret}
        tokens.append(bench.http.post("/v1/login", json=login).json()["token"])
    latencies: list[float] = []

    async def client(c: int) -> None:
        headers = {"authorization": f"Bearer {tokens[c]}", "content-type": "application/json"}
        async with httpx.AsyncClient(base_url=bench.url, timeout=60, headers=headers) as http:
            for body in bodies[c]:
                start = time.perf_counter()
                reply = await http.post("/v1/events", content=body)
                reply.raise_for_status()
                latencies.append(time.perf_counter() - start)

    cpu = process_cpu_s(server_pid)
    start = time.perf_counter()
    await asyncio.gather(*(client(c) for c in range(CLIENTS)))
    elapsed = time.perf_counter() - start
    total = per_client * CLIENTS * per_incident
    return {
        "events": total,
        "seconds": round(elapsed, 3),
        "events_per_s": round(total / elapsed),
        "batch_latency": Timing.of(latencies).as_dict(),
        "server_cpu_s": cpu_since(server_pid, cpu),
        "raw_db": raw_db_ingest(bench.database_url, total, per_incident),
    }


def raw_db_ingest(url: str, total: int, per_incident: int) -> dict[str, Any]:
    """The floor under ingest: the same number of 100-row batches written straight into
    a scratch table of the server's database by 10 threads, each batch one transaction
    that takes a counter row lock first (as ingest must) - no HTTP, no checks."""
    engine = make_engine(url)  # the server's own settings (WAL, synchronous=FULL, pool)
    sqlite = engine.dialect.name == "sqlite"
    with write_txn(engine) as conn:
        conn.execute(
            text(
                f"CREATE TABLE {RAW_TABLE} (id VARCHAR(36) PRIMARY KEY, "
                "seq BIGINT UNIQUE, incident_id VARCHAR(36), body TEXT)"
            )
        )
        conn.execute(text(f"CREATE TABLE {RAW_TABLE}_seq (name VARCHAR(8) PRIMARY KEY, v BIGINT)"))
        conn.execute(text(f"INSERT INTO {RAW_TABLE}_seq VALUES ('seq', 0)"))
    events = make_events("RAW", "raw", total // per_incident, per_incident)
    batches = [
        [
            {"id": e.id, "incident_id": e.incident_id, "body": to_json(e)}
            for e in events[i : i + BATCH]
        ]
        for i in range(0, len(events), BATCH)
    ]
    lock = f"SELECT v FROM {RAW_TABLE}_seq WHERE name = 'seq'" + ("" if sqlite else " FOR UPDATE")
    latencies: list[float] = []

    def write(rows: list[dict[str, Any]]) -> None:
        start = time.perf_counter()
        with write_txn(engine) as conn:  # BEGIN IMMEDIATE on SQLite, like ingest
            seq = int(conn.execute(text(lock)).scalar_one())
            numbered = [{**row, "seq": seq + n} for n, row in enumerate(rows, 1)]
            conn.execute(
                text(f"INSERT INTO {RAW_TABLE} VALUES (:id, :seq, :incident_id, :body)"), numbered
            )
            conn.execute(text(f"UPDATE {RAW_TABLE}_seq SET v = :v"), {"v": seq + len(rows)})
        latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(write, batches))
    elapsed = time.perf_counter() - start
    engine.dispose()
    return {
        "events_per_s": round(total / elapsed),
        "batch_latency": Timing.of(latencies).as_dict(),
    }


async def raw_pull(url: str, cred: ConsoleCredential) -> dict[str, Any]:
    """The floor under initial sync: every feed page fetched and parsed, nothing checked
    (in the compact form the console asks for)."""
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        login = {"console_id": cred.console_id, "console_secret": cred.secret}
        token = (await http.post("/v1/login", json=login)).json()["token"]
        http.headers["authorization"] = f"Bearer {token}"
        count, after = 0, 0
        cpu, start = time.process_time(), time.perf_counter()
        while True:
            params: dict[str, str | int] = {"after": after, "limit": 5000, "form": "rows"}
            reply = await http.get("/v1/events", params=params)
            page = json.loads(reply.content)
            count += len(page["rows"])
            after = page["cursor"]
            if not page["more"]:
                break
    return {
        "events": count,
        "seconds": round(time.perf_counter() - start, 3),
        "client_cpu_s": round(time.process_time() - cpu, 2),
    }


async def initial_sync(url: str, cred: ConsoleCredential) -> dict[str, Any]:
    store = MemoryStore("FRESH")
    client = SyncClient(store, url, cred, page_size=5000, timeout_s=60)
    cpu, start = time.process_time(), time.perf_counter()
    await client.pull()
    elapsed = time.perf_counter() - start
    await client.close()
    return {
        "events": len(store.events),
        "incidents": len(store.by_incident),
        "seconds": round(elapsed, 3),
        "client_cpu_s": round(time.process_time() - cpu, 2),
    }


async def initial_sync_sqlite(url: str, cred: ConsoleCredential) -> dict[str, Any]:
    """The same pull into a fresh SQLite console store (WAL, synchronous=FULL)."""
    with tempfile.TemporaryDirectory(prefix="bench-console-") as folder:
        store = open_store(Path(folder) / "console.sqlite")
        try:
            client = SyncClient(StoreSyncAdapter(store), url, cred, page_size=5000, timeout_s=60)
            cpu, start = time.process_time(), time.perf_counter()
            await client.pull()
            elapsed = time.perf_counter() - start
            cpu = time.process_time() - cpu
            await client.close()
            with store.read() as conn:
                events = conn.exec_driver_sql("SELECT count(*) FROM incident_event").scalar_one()
                heads = conn.exec_driver_sql("SELECT count(*) FROM incident_head").scalar_one()
        finally:
            store.close()
    return {
        "events": events,
        "incidents": heads,
        "seconds": round(elapsed, 3),
        "client_cpu_s": round(cpu, 2),
    }


async def latency(bench: Bench, samples: int) -> dict[str, Any]:
    (a_cred, a_user), (b_cred, _) = bench.console("LAT-A"), bench.console("LAT-B")
    stores = [MemoryStore("LAT-A"), MemoryStore("LAT-B")]
    clients = [
        SyncClient(s, bench.url, c, poll_s=30, backoff=Backoff(0.1, 1))
        for s, c in zip(stores, (a_cred, b_cred), strict=True)
    ]
    tasks = [asyncio.create_task(c.run()) for c in clients]
    incident = uuid7()
    clock = stores[0].clock
    waits = []
    try:
        end = time.monotonic() + 30
        while not all(c.status.online for c in clients) and time.monotonic() < end:  # noqa: ASYNC110
            await asyncio.sleep(0.05)  # both consoles logged in and following the stream
        await asyncio.sleep(0.2)
        for n in range(samples):
            hlc = clock.tick()
            kind, payload = (
                ("created", _created(0)) if n == 0 else ("comment", {"text": f"ping {n}"})
            )
            event = Event(uuid7(hlc.wall_ms), incident, kind, 1, hlc, "LAT-A", a_user, payload)
            start = time.perf_counter()
            stores[0].write(event)
            clients[0].notify_local_write()
            while event.id not in stores[1].events:  # noqa: ASYNC110
                await asyncio.sleep(0.002)
            waits.append(time.perf_counter() - start)
            await asyncio.sleep(0.05)
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for c in clients:
            await c.close()
    return Timing.of(waits).as_dict()


def run_one(kind: str, smoke: bool) -> dict[str, Any]:
    incidents, per = (1000, 10) if smoke else (10_000, 10)
    dropper: Callable[[], None] | None = None
    if kind == "postgres":
        admin = os.environ[PG_ENV]
        name = f"pc_bench_{uuid.uuid4().hex[:10]}"
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = admin.rsplit("/", 1)[0] + "/" + name

        def dropper() -> None:
            with engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            engine.dispose()

        process = ServerProcess(url)
    else:
        process = ServerProcess()
    try:
        process.create_admin(ADMIN, PASSWORD)
        with process:
            bench = Bench(process.url, process.database_url)
            result: dict[str, Any] = {"database": kind, "loadavg_before": loadavg()}
            result["ingest"] = asyncio.run(ingest(bench, incidents, per, process.pid))
            cred, _ = bench.console("FRESH")
            result["raw_pull"] = asyncio.run(raw_pull(process.url, cred))
            result["initial_sync"] = asyncio.run(initial_sync(process.url, cred))
            result["initial_sync_sqlite"] = asyncio.run(initial_sync_sqlite(process.url, cred))
            result["latency"] = asyncio.run(latency(bench, 10 if smoke else 40))
            bench.http.close()
            return result
    finally:
        if dropper is not None:
            dropper()


def report(results: list[dict[str, Any]]) -> str:
    sections = []
    for r in results:
        i, s, lat = r["ingest"], r["initial_sync"], r["latency"]
        q, raw, floor = r["initial_sync_sqlite"], r["raw_pull"], r["ingest"]["raw_db"]
        latency_of = i["batch_latency"]
        target = " (target >= 2,000/s)" if r["database"] == "postgres" else ""
        sections.append(
            (
                f"server on {r['database']} (load average before: {r['loadavg_before']})",
                [
                    (
                        f"ingest {CLIENTS} clients x batch {BATCH}",
                        f"{i['events']:,} events in {i['seconds']} s; server CPU "
                        f"{i['server_cpu_s']} s = {_us(i['server_cpu_s'], i['events'])} per event",
                    ),
                    ("ingest rate", f"{i['events_per_s']:,} events/s{target}"),
                    (
                        "batch latency median / p95",
                        f"{ms(latency_of['median_ms'])} / {ms(latency_of['p95_ms'])}",
                    ),
                    (
                        "  raw: same batches into the DB",
                        f"{floor['events_per_s']:,} events/s (p95 "
                        f"{ms(floor['batch_latency']['p95_ms'])}): ingest reaches "
                        f"{i['events_per_s'] / floor['events_per_s']:.2f}x of it",
                    ),
                    (
                        f"initial sync {q['incidents']:,} incidents",
                        f"{q['events']:,} events in {q['seconds']} s into the SQLite store "
                        f"(target < 5 s at 100,000); console CPU {q['client_cpu_s']} s",
                    ),
                    (
                        "  the same into memory",
                        f"{s['events']:,} events in {s['seconds']} s; console CPU "
                        f"{s['client_cpu_s']} s",
                    ),
                    (
                        "  raw: pages fetched and parsed",
                        f"{raw['events']:,} events in {raw['seconds']} s; console CPU "
                        f"{raw['client_cpu_s']} s: sync takes "
                        f"{q['seconds'] / raw['seconds']:.1f}x (SQLite), "
                        f"{s['seconds'] / raw['seconds']:.1f}x (memory)",
                    ),
                    (
                        "write-to-other-console p95",
                        f"{ms(lat['p95_ms'])} (median {ms(lat['median_ms'])}; target p95 < 1 s)",
                    ),
                ],
            )
        )
    return table(sections)


def _us(seconds: float | None, count: int) -> str:
    return "?" if seconds is None or not count else f"{seconds / count * 1e6:.0f} us"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="small sizes, for CI")
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    if "postgres" in kinds and not os.environ.get(PG_ENV):
        print(f"PostgreSQL skipped: {PG_ENV} is not set", file=sys.stderr)
        kinds.remove("postgres")
    results = [run_one(kind, args.smoke) for kind in kinds]
    if args.json:
        print(json.dumps({"machine": machine(), "results": results}, indent=2))
    else:
        print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
