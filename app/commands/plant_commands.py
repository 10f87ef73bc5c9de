"""Commands on the plant file: check-config, import, impact, tree."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.formatting import eur, plural
from app.paths import default_store_path
from models.cmdb import Plant
from models.impact import ImpactAnalyzer
from models.plant_loader import PlantFileError, load_plant

if TYPE_CHECKING:
    from models.plant_cache import PlantCache

log = logging.getLogger("plantconsole.plant")


def register(commands: Any) -> None:
    check = commands.add_parser(
        "check-config",
        help="validate a plant file and list every problem",
        description="Validate a plant file. Exit 0 when it is clean, 1 with every problem "
        "(file:line: CI field: what is wrong) on stderr.",
    )
    check.add_argument("file", type=Path, help="plant file (TOML)")
    check.set_defaults(handler=cmd_check_config)

    imp = commands.add_parser(
        "import",
        help="import a plant file into the local store and report what changed",
    )
    imp.add_argument("file", type=Path, help="plant file (TOML)")
    imp.add_argument("--store", type=Path, default=None, help="SQLite store (default: per user)")
    imp.set_defaults(handler=cmd_import)

    impact = commands.add_parser(
        "impact",
        help="what stops, and what it costs, if a CI fails",
    )
    impact.add_argument("ci", help="CI id, e.g. SW-L3-043")
    impact.add_argument("--config", type=Path, required=True, help="plant file (TOML)")
    impact.add_argument("--json", action="store_true", help="machine-readable output")
    impact.set_defaults(handler=cmd_impact)

    tree = commands.add_parser("tree", help="print the containment tree of a plant file")
    tree.add_argument("--config", type=Path, required=True, help="plant file (TOML)")
    tree.set_defaults(handler=cmd_tree)


def load_or_report(path: Path, cache: PlantCache | None = None) -> Plant | None:
    """The plant, or None after printing every problem to stderr (the commands)."""
    try:
        return load_plant(path) if cache is None else cache.load(path)
    except PlantFileError as exc:
        for issue in exc.issues:
            print(f"error: {issue}", file=sys.stderr)
        print(f"{plural(len(exc.issues), 'problem')} in {path}", file=sys.stderr)
        return None


def load_or_log(path: Path, cache: PlantCache | None = None) -> tuple[Plant | None, list[str]]:
    """The plant and no problems, or None and every problem, each also logged.

    The window's start-up: a windowed Windows executable has no stderr, so the problems
    go to the log file and back to the caller, which shows them.
    `cache`: validated plant files kept from earlier starts."""
    try:
        return (load_plant(path) if cache is None else cache.load(path)), []
    except PlantFileError as exc:
        problems = [str(issue) for issue in exc.issues]
        for problem in problems:
            log.error("plant file: %s", problem)
        log.error("%s in %s: not loaded", plural(len(problems), "problem"), path)
        return None, problems


def cmd_check_config(args: argparse.Namespace) -> int:
    plant = load_or_report(args.file)
    if plant is None:
        return 1
    monitored = sum(1 for node in plant.nodes.values() if node.monitored)
    print(
        f"OK: {args.file}: {plural(len(plant), 'CI')} "
        f"({monitored:,} monitored), {plural(len(plant.lines), 'line')}, "
        f"{plural(len(plant.profiles), 'device profile')}"
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from models.store import StoreError, import_plant, open_store

    plant = load_or_report(args.file)
    if plant is None:
        return 1
    store_path: Path = args.store or default_store_path()
    try:
        store_path.parent.mkdir(parents=True, exist_ok=True)
        with open_store(store_path) as store:
            report = import_plant(store, plant, str(args.file), args.file.read_bytes())
    except (StoreError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"imported {args.file} into {store_path}")
    for line in report.summary():
        print(f"  {line}")
    return 0


def cmd_impact(args: argparse.Namespace) -> int:
    plant = load_or_report(args.config)
    if plant is None:
        return 1
    if args.ci not in plant:
        print(f"error: no CI '{args.ci}' in {args.config}", file=sys.stderr)
        return 1
    impact = ImpactAnalyzer(plant).impact_of(args.ci)
    if args.json:
        data = impact.as_dict()
        data["stopped_lines"] = [
            {
                "id": line_id,
                "name": plant.lines[line_id].name,
                "cost_per_hour": plant.lines[line_id].cost_per_hour,
                "units_per_shift": plant.lines[line_id].units_per_shift,
            }
            for line_id in impact.stopped_lines
        ]
        print(json.dumps(data, indent=2))
        return 0
    node = plant.nodes[args.ci]
    print(f"If {args.ci} ({node.name}, {node.kind}) fails:")
    if node.is_group:
        print("  (the group as a whole: all that depends on it fails, its members do not)")
    elif node.kind in ("site", "area"):
        print("  (with everything it contains)")
    print(f"  {plural(len(impact.stopped_lines), 'line')} stopped:")
    for line_id in impact.stopped_lines:
        line = plant.lines[line_id]
        print(
            f"    {line_id:<8} {line.name:<28} {eur(line.cost_per_hour, per_hour=True):>18}"
            f"  {line.units_per_shift:,} units/shift"
        )
    if impact.degraded_lines:
        print(
            f"  {plural(len(impact.degraded_lines), 'line')} degraded but running: "
            + ", ".join(impact.degraded_lines)
        )
    print(f"  {plural(len(impact.affected), 'CI')} affected: " + ", ".join(impact.affected))
    print(f"  units per shift blocked: {impact.units_per_shift:,}")
    print(f"  cost: {eur(impact.cost_per_hour, per_hour=True)}")
    return 0


def cmd_tree(args: argparse.Namespace) -> int:
    plant = load_or_report(args.config)
    if plant is None:
        return 1
    for line in tree_lines(plant):
        print(line)
    return 0


def tree_lines(plant: Plant) -> list[str]:
    """The containment tree drawn with box characters, one CI per line."""
    out: list[str] = []

    def label(ci_id: str) -> str:
        node = plant.nodes[ci_id]
        extra = ""
        if node.line is not None:
            extra = f", {eur(node.line.cost_per_hour, per_hour=True)}"
        elif node.endpoint:
            extra = f", {node.endpoint}"
        return f"{node.name} [{ci_id} {node.kind}{extra}]"

    def visit(ci_id: str, prefix: str, last: bool, top: bool) -> None:
        branch = "" if top else ("└── " if last else "├── ")
        out.append(prefix + branch + label(ci_id))
        children = plant.nodes[ci_id].children
        inner = prefix if top else prefix + ("    " if last else "│   ")
        for index, child in enumerate(children):
            visit(child, inner, index == len(children) - 1, False)

    visit(plant.root, "", True, True)
    return out
