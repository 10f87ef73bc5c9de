"""Incident benchmark: 10,000 incidents / 200,000 events in the console's SQLite.

Measures what a person waits for, on screen (`bench.incident_views`, offscreen Qt): the
incident list absorbing a change and repainting (target < 100 ms), opening an incident
with 500 events until its dialog and timeline are painted (target < 50 ms), the live
tickers; each beside plain Qt widgets holding the same rows. Below them, the store's
part: the list query, reading and folding the incident, one user action on it (event +
outbox + head re-fold in one transaction).

    python -m bench.bench_incidents            # full size
    python -m bench.bench_incidents --smoke    # 1,000 incidents / 20,000 events
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from app.incidents.head_cache import HeadCache
from bench.incident_views import run_views
from bench.measure import machine, ms, repeat, rss_mb, table, timed
from models.incidents.events import Event
from models.incidents.hlc import Hlc
from models.incidents.ids import uuid7
from models.store import Store, open_store
from models.store.incident_heads import list_heads
from models.store.incident_repo import append_events, load_incident

T0 = 1_732_290_000_000
TYPES = ("comment", "work_note", "assigned", "repeat", "recovered", "acknowledged")
LIST_TARGET_MS, OPEN_TARGET_MS = 100.0, 50.0


def _event(incident: str, kind: str, payload: dict[str, Any], ms: int, n: int) -> Event:
    return Event(uuid7(ms), incident, kind, 1, Hlc(ms, n % 10), "CR1", "anna", payload)


def incident_events(rng: random.Random, number: int, count: int, start_ms: int) -> list[Event]:
    """One line-stop incident and `count - 1` later events on it."""
    incident = uuid7(start_ms)
    line = f"L{number % 40}"
    events = [
        _event(
            incident,
            "created",
            {
                "title": f"LINE STOP — {line} (PLC-{number}: no answer)",
                "ci": f"PLC-{number % 3000}",
                "fault_at_ms": start_ms,
                "impact": rng.choice((1, 2, 3)),
                "urgency": rng.choice((1, 2, 3)),
                "local_ref": f"{line}-tmp-{number}",
                "lines": [{"id": line, "cost_per_hour": 3800.0, "units_per_shift": 240}],
                "dedup_key": f"PLC-{number % 3000}|no_answer",
                "origin": "auto",
            },
            start_ms,
            0,
        )
    ]
    for n in range(1, count):
        at = start_ms + n * 1000
        kind = rng.choice(TYPES)
        payload: dict[str, Any] = {"text": f"note {n}: " + "x" * rng.randint(10, 200)}
        if kind == "assigned":
            payload = {"assignee": rng.choice(("tom", "anna", "ben"))}
        elif kind in ("repeat", "recovered"):
            payload = {"at_ms": at}
        elif kind == "acknowledged":
            payload = {}
        events.append(_event(incident, kind, payload, at, n))
    return events


def fill(store: Store, incidents: int, events: int, big: int, seed: int = 1) -> str:
    """Write the incidents in batches of about 1,000 events; returns the big incident's id."""
    rng = random.Random(seed)
    rest = (events - big) / (incidents - 1)
    batch: list[Event] = []
    big_id = ""
    for number in range(incidents):
        count = big if number == incidents // 2 else max(1, round(rng.gauss(rest, rest / 3)))
        made = incident_events(rng, number, count, T0 + number * 60_000)
        if count == big:
            big_id = made[0].incident_id
        batch.extend(made)
        if len(batch) >= 1000:
            append_events(store, batch)
            batch = []
    if batch:
        append_events(store, batch)
    return big_id


def run(incidents: int, events: int, big: int, folder: Path, view_repeats: int) -> dict[str, Any]:
    path = folder / "bench-incidents.db"
    with open_store(path) as store:
        fill_s = timed(lambda: fill(store, incidents, events, big))
    with open_store(path) as store:  # a fresh process view: cold page cache of this engine
        (big_id,) = [h.id for h in list_heads(store) if h.event_count == big][:1]
        stored = store.engine.connect().exec_driver_sql("SELECT count(*) FROM incident_event")
        total = int(stored.scalar() or 0)
        first_list = timed(lambda: list_heads(store))
        list_all = repeat(lambda: list_heads(store), 20)
        list_open = repeat(lambda: list_heads(store, open_only=True), 20)
        cache = HeadCache(store)
        cache_load = timed(lambda: cache.query())
        cached_all = repeat(lambda: cache.query(), 20)
        cached_open = repeat(lambda: cache.query(open_only=True), 20)
        cached_line = repeat(lambda: cache.query(open_only=True, line="L7"), 20)
        one_changed = repeat(lambda: cache.refresh([big_id]), 20)
        open_big = repeat(lambda: load_incident(store, big_id), 20)
        note = iter(range(10_000))

        def act() -> None:
            n = next(note)
            event = _event(big_id, "comment", {"text": f"bench {n}"}, T0 + 10**9 + n, n)
            append_events(store, [event])

        action = repeat(act, 20)
        views = run_views(store, big_id, view_repeats)
    return {
        "incidents": incidents,
        "events": total,
        "big_incident_events": big,
        "fill_s": round(fill_s, 1),
        "db_mb": round(path.stat().st_size / 1e6, 1),
        "list_first_ms": round(first_list * 1000, 2),
        "list_all": list_all.as_dict(),
        "list_open": list_open.as_dict(),
        "cache_first_load_ms": round(cache_load * 1000, 2),
        "cached_all": cached_all.as_dict(),
        "cached_open": cached_open.as_dict(),
        "cached_open_line": cached_line.as_dict(),
        "refresh_one_head": one_changed.as_dict(),
        "open_500": open_big.as_dict(),
        "action_on_500": action.as_dict(),
        **views,
        **rss_mb(),
        "machine": machine(),
    }


def _pair(result: dict[str, Any], a: str, b: str) -> str:
    return f"{ms(result[a]['median_ms'])} / {ms(result[b]['median_ms'])}"


def _verdict(value_ms: float, target_ms: float) -> str:
    return f"(target < {target_ms:g} ms: {'ok' if value_ms < target_ms else 'OVER TARGET'})"


def _seen(figure: dict[str, Any], target_ms: float | None = None) -> str:
    """'wall median, p95; CPU median' of a view-level figure, with its target's verdict."""
    wall, cpu = figure["wall"], figure["cpu"]
    text = f"{ms(wall['median_ms'])}, {ms(wall['p95_ms'])}; CPU {ms(cpu['median_ms'])}"
    return f"{text} {_verdict(wall['median_ms'], target_ms)}" if target_ms else text


def _versus(figure: dict[str, Any], baseline: dict[str, Any]) -> str:
    ratio = figure["cpu"]["median_ms"] / max(baseline["cpu"]["median_ms"], 1e-9)
    return f"{_seen(baseline)} (the view: {ratio:.1f}x its CPU)"


def render(result: dict[str, Any]) -> str:
    r = result
    rows = r["open_timeline_rows"]
    return table(
        [
            (
                "store",
                [
                    ("incidents / events", f"{r['incidents']:,} / {r['events']:,}"),
                    ("fill", f"{r['fill_s']} s, {r['db_mb']} MB"),
                ],
            ),
            (
                "on screen (offscreen Qt; wall median, p95; CPU median)",
                [
                    ("list refresh: 1 incident changed", _seen(r["list_refresh"], LIST_TARGET_MS)),
                    (
                        "  baseline: QStandardItemModel set + sort",
                        _versus(r["list_refresh"], r["list_baseline"]),
                    ),
                    (
                        f"  list's 1 s tick, {r['list_rows_on_screen']} rows shown",
                        _seen(r["list_tick"]),
                    ),
                    ("open 500-event incident, cold", _seen(r["open_cold"], OPEN_TARGET_MS)),
                    ("  from the list (state cached)", _seen(r["open_from_list"], OPEN_TARGET_MS)),
                    (
                        f"  baseline: QListWidget, {rows} lines",
                        _versus(r["open_from_list"], r["open_baseline"]),
                    ),
                    ("  detail's 1 s tick", _seen(r["detail_tick"])),
                    (
                        "load average during views",
                        f"{r['views_loadavg_start']} -> {r['views_loadavg_end']}",
                    ),
                ],
            ),
            (
                "store and service only (median, p95)",
                [
                    (
                        "list query (service cache)",
                        f"{ms(r['cached_all']['median_ms'])}, {ms(r['cached_all']['p95_ms'])}",
                    ),
                    ("  open only / open on a line", _pair(r, "cached_open", "cached_open_line")),
                    ("  re-read 1 changed head", ms(r["refresh_one_head"]["median_ms"])),
                    ("  first load of the cache", ms(r["cache_first_load_ms"])),
                    ("list from the store (cold)", ms(r["list_all"]["median_ms"])),
                    ("  open only, from the store", ms(r["list_open"]["median_ms"])),
                    (
                        "read + fold 500-event incident",
                        f"{ms(r['open_500']['median_ms'])}, {ms(r['open_500']['p95_ms'])}",
                    ),
                    ("action on it (1 txn)", ms(r["action_on_500"]["median_ms"])),
                ],
            ),
            ("machine", [(k, str(v)) for k, v in r["machine"].items()]),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="1,000 incidents / 20,000 events")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--view-repeats", type=int, default=None, help="samples per view figure")
    args = parser.parse_args(argv)
    incidents, events = (1000, 20_000) if args.smoke else (10_000, 200_000)
    repeats = args.view_repeats or (5 if args.smoke else 20)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        result = run(incidents, events, 500, Path(folder), repeats)
    print(json.dumps(result, indent=2) if args.json else render(result))
    print(f"done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
