"""`plantconsole run --config FILE`: the console on a real plant.

The window is opened by the GUI entry point (`widgets.launcher`, which app/ may
not import); here only `--headless` runs: state changes printed as they happen.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from app.commands.monitor_commands import _watch, run_until_interrupted
from app.commands.plant_commands import load_or_report
from app.incidents.headless import IncidentOptions
from app.monitor.bindings import Intervals
from app.paths import default_store_path
from models.store import StoreError


def register(commands: Any) -> None:
    run = commands.add_parser(
        "run",
        help="monitor a real plant (the console window; --headless prints state changes)",
        description="Open the console on the plant file's devices. With --headless: no "
        "window, every state change and incident printed until Ctrl+C.",
    )
    run.add_argument("--config", type=Path, required=True, help="plant file (TOML)")
    run.add_argument("--headless", action="store_true", help="no window: print state changes")
    run.add_argument("--lang", choices=["en", "de"], default="en")
    run.add_argument(
        "--timeout", type=float, default=None, help="request timeout in seconds (default 2)"
    )
    add_incident_options(run)
    run.set_defaults(handler=cmd_run)


def add_incident_options(parser: argparse.ArgumentParser, default_store: str = "") -> None:
    """--store, --console-id, --user, --no-incidents for the headless console."""
    where = default_store or "the per-user store"
    parser.add_argument("--store", type=Path, default=None, help=f"incident store ({where})")
    parser.add_argument(
        "--console-id", default=None, help="this console's id (kept in the store; see auto_raise)"
    )
    parser.add_argument("--user", default=None, help="the user named in events (default: login)")
    parser.add_argument("--no-incidents", action="store_true", help="monitor only")


def incident_options(args: argparse.Namespace, default_store: Path) -> IncidentOptions | None:
    if args.no_incidents:
        return None
    user = args.user or getpass.getuser() or "operator"
    return IncidentOptions(args.store or default_store, args.console_id, user)


def cmd_run(args: argparse.Namespace) -> int:
    if not args.headless:
        print(
            "error: the console window is opened by the `plantconsole` command "
            "(widgets.launcher); here only --headless is available",
            file=sys.stderr,
        )
        return 2
    plant = load_or_report(args.config)
    if plant is None:
        return 1
    intervals = Intervals(timeout_s=args.timeout) if args.timeout else Intervals()
    incidents = incident_options(args, default_store_path())
    try:
        return run_until_interrupted(_watch(plant, intervals, args.lang, incidents))
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
