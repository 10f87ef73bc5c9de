"""`plantconsole incidents list|show` and `plantconsole handover`: incidents, headless.

They read the console's store (default: the per-user store; `--store DB`), never
create one: a missing file is reported, not made. `--config` supplies the plant
file's priority matrix, SLA targets and shift calendar (defaults without it).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from app.commands.plant_commands import load_or_report
from app.incidents.handover import as_html, as_text, find_shift, handover, shift_specs
from app.incidents.head_cache import HeadCache
from app.incidents.report import (
    Convergence,
    Reader,
    head_dict,
    incident_dict,
    incident_lines,
    list_lines,
)
from app.paths import default_store_path
from models.incidents.dedup import merged_view
from models.incidents.state import IncidentState
from models.plant_schema import PlantFile
from models.store import Store, StoreError, open_store
from models.store.incident_heads import find_incident_ids
from models.store.incident_repo import load_incident, load_incidents


def register(commands: Any) -> None:
    incidents = commands.add_parser(
        "incidents", help="list incidents or show one (from the console's store)"
    )
    sub = incidents.add_subparsers(dest="incidents_command", metavar="ACTION")
    sub.required = True
    listing = sub.add_parser("list", help="incidents, newest first")
    _common(listing)
    listing.add_argument("--open", action="store_true", help="open incidents only")
    listing.set_defaults(handler=cmd_list)
    show = sub.add_parser("show", help="one incident: timeline, SLA clocks, cost so far")
    show.add_argument("ref", metavar="ID", help="number, temporary ref or id prefix")
    _common(show)
    show.set_defaults(handler=cmd_show)

    report = commands.add_parser(
        "handover", help="shift handover: what happened this shift, what is open, cost"
    )
    report.add_argument("--shift", default="current", help="early, late, night or current")
    report.add_argument("--format", choices=["text", "html"], default="text")
    report.add_argument("--out", type=Path, default=None, help="write to FILE (else stdout)")
    report.add_argument("--store", type=Path, default=None, help="store file (default: per user)")
    report.add_argument("--config", type=Path, default=None, help="plant file (shift calendar)")
    report.set_defaults(handler=cmd_handover)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--store", type=Path, default=None, help="store file (default: per user)")
    parser.add_argument("--config", type=Path, default=None, help="plant file (SLA, matrix)")


def _open(args: argparse.Namespace) -> tuple[Store, Reader] | None:
    plant_file: PlantFile | None = None
    if args.config is not None:
        plant = load_or_report(args.config)
        if plant is None:
            return None
        plant_file = plant.source
    path = args.store or default_store_path()
    if not Path(path).exists():
        print(f"error: no incident store at {path} (the console creates it)", file=sys.stderr)
        return None
    try:
        return open_store(path), Reader.of(plant_file)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def cmd_list(args: argparse.Namespace) -> int:
    opened = _open(args)
    if opened is None:
        return 1
    store, _reader = opened
    with store:
        cache = HeadCache(store)  # duplicates converge as in the console's list
        heads = cache.query(open_only=args.open)
        numbers = {h.id: h.number for h in cache.query()}
    if args.json:
        print(json.dumps([head_dict(h, numbers) for h in heads], indent=2, ensure_ascii=False))
    else:
        print("\n".join(list_lines(heads, now_ms(), numbers)))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    opened = _open(args)
    if opened is None:
        return 1
    store, reader = opened
    with store:
        found = find_incident_ids(store, args.ref)
        if len(found) != 1:
            problem = "no incident" if not found else f"{len(found)} incidents match"
            print(f"error: {problem} {args.ref!r}", file=sys.stderr)
            return 1
        state = load_incident(store, found[0], reader.context)
        converged = _convergence(store, reader, state)
    now = now_ms()
    if args.json:
        data = incident_dict(state, reader, now, converged)
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print("\n".join(incident_lines(state, reader, now, converged)))
    return 0


def _convergence(store: Store, reader: Reader, state: IncidentState) -> Convergence:
    """Where the incident stands among duplicates, as the console shows it."""
    cache = HeadCache(store)
    survivor = cache.survivor_of(state.id)
    dups = cache.duplicates_of(state.id)
    related = [i for i in (survivor, *dups) if i is not None]
    numbers = {h.id: h.number for i in related if (h := cache.get(i)) is not None}
    merged = None
    if dups:
        merged = merged_view(state, load_incidents(store, dups, reader.context))
    return Convergence(survivor, merged, numbers)


def cmd_handover(args: argparse.Namespace) -> int:
    opened = _open(args)
    if opened is None:
        return 1
    store, reader = opened
    plant_file = None
    if args.config is not None:
        plant = load_or_report(args.config)
        plant_file = plant.source if plant is not None else None
    now = now_ms()
    tz = reader.timezone or _local_zone()
    try:
        shift = find_shift(shift_specs(plant_file), args.shift, now, tz)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    with store:
        report = handover(store, reader, shift, now)
    text = as_html(report) if args.format == "html" else as_text(report)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"handover written to {args.out}", file=sys.stderr)
    return 0


def _local_zone() -> str:
    """The local IANA zone name when the system says it, else UTC."""
    link = Path("/etc/localtime")
    if link.is_symlink():
        target = str(link.resolve())
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    return "UTC"
