"""`plantconsole run --config FILE`: the console on a real plant.

The window is opened by the GUI entry point (`widgets.launcher`, which app/ may
not import); here only `--headless` runs: state changes printed as they happen.

With a server in the settings and this console registered there (`plantconsole
register`), the incidents sync with the server (`ConsoleLink`) and every change of the
sync state is a line. Without a usable credential the console says why and works
locally: its events wait in the outbox until a valid credential uploads them.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.commands.plant_commands import load_or_report
from app.incidents.options import IncidentOptions
from app.monitor.bindings import Intervals
from app.paths import default_store_path
from app.settings import Settings

if TYPE_CHECKING:  # issue 4: the window's start-up parses `run` with this module, and the
    # headless console's modules pull in the incident store (SQLAlchemy, alembic): 0.5-1 s
    # before the window could show. They load when --headless runs.
    from models.cmdb import Plant

REGISTER_HINT = "plantconsole register --server URL --console-id ID"


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
    from app.commands.monitor_commands import _watch, run_until_interrupted
    from models.store import StoreError

    plant = load_or_report(args.config)
    if plant is None:
        return 1
    intervals = Intervals(timeout_s=args.timeout) if args.timeout else Intervals()
    incidents = incident_options(args, default_store_path())
    settings, warnings = Settings.load()
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    plan = sync_plan(settings, incidents)
    try:
        if incidents is not None:  # a first start: the data folder does not exist yet
            incidents.store_path.parent.mkdir(parents=True, exist_ok=True)
        if plan.credential is not None and incidents is not None:
            incidents = dataclasses.replace(incidents, console_id=plan.credential.console_id)
            synced = watch_synced(plant, intervals, args.lang, incidents, plan, args.config)
            return run_until_interrupted(synced)
        if plan.message:
            print(plan.message, flush=True)
        if plan.console_id and incidents is not None:  # its events go up once registered
            incidents = dataclasses.replace(incidents, console_id=plan.console_id)
        return run_until_interrupted(_watch(plant, intervals, args.lang, incidents))
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:  # no data folder; a console id the store refuses
        print(f"error: {exc}", file=sys.stderr)
        return 1


@dataclasses.dataclass(frozen=True)
class SyncPlan:
    """Whether and how a console syncs: `credential` set, or `message` says why not."""

    url: str = ""
    credential: Any = None  # app.sync.client.ConsoleCredential (imported on use)
    console_id: str = ""  # the registered id (also when its secret is missing)
    message: str = ""


def sync_plan(settings: Settings, incidents: IncidentOptions | None) -> SyncPlan:
    """The credential from the settings and the keyring, or why there is none."""
    if incidents is None:
        return SyncPlan()  # --no-incidents: nothing to sync
    if not settings.server_url:
        if settings.console_id:
            return SyncPlan(message="sync: off - no server address in the settings")
        return SyncPlan()  # local console: as before
    where = settings.server_url
    if not settings.console_id:
        return SyncPlan(
            where,
            message=f"sync: off - this console has no credential for {where}; "
            f"working locally, events wait in the outbox ({REGISTER_HINT})",
        )
    if incidents.console_id and incidents.console_id != settings.console_id:
        return SyncPlan(
            where,
            message=f"sync: off - --console-id {incidents.console_id} is not the registered "
            f"console {settings.console_id}; working locally",
        )
    secret, why = settings.console_secret()
    if secret is None:
        return SyncPlan(
            where,
            console_id=settings.console_id,
            message=f"sync: off - {why}; working locally, events wait in the outbox "
            f"({REGISTER_HINT})",
        )
    from app.sync.client import ConsoleCredential

    return SyncPlan(where, ConsoleCredential(settings.console_id, secret), settings.console_id)


def sync_hint(error: str) -> str:
    """What to do about a sync error the person can fix."""
    if "credential" in error or "not registered" in error:
        return f" - ask plant IT for a new secret and register again ({REGISTER_HINT})"
    if "not trusted" in error:
        return " - `plantconsole register` pins the server certificate (--trust SHA256)"
    if "certificate changed" in error:
        return (
            " - when plant IT confirms the new thumbprint: "
            "`plantconsole trust-server --server URL --thumbprint SHA256`"
        )
    return ""


def status_printer(printer: Callable[..., None] = print) -> Callable[[Any], None]:
    """One line per change of the sync state: 'HH:MM:SS    sync: online' ..., one per
    event the server rejected (with its reason) and one when the plant check changed."""
    from app.sync.console_link import status_text, sync_notices

    shown: list[str] = []
    before: list[Any] = [None]

    def on_status(status: Any) -> None:
        text = status_text(status)
        error = status.last_error if status.last_error and not status.online else ""
        line = f"{text} - {error}{sync_hint(error)}" if error else text
        stamp = time.strftime("%H:%M:%S")
        if not shown or shown[-1] != line:
            shown.append(line)
            printer(f"{stamp}    {line}", flush=True)
        for notice in sync_notices(before[0], status):
            printer(f"{stamp}    {notice}", flush=True)
        before[0] = status

    return on_status


async def watch_synced(
    plant: Plant,
    intervals: Intervals,
    lang: str,
    incidents: IncidentOptions,
    plan: SyncPlan,
    plant_file: Path | None = None,
) -> None:
    """`_watch` with the incidents synced with the server through a `ConsoleLink`
    (`plant_file`: compared with the server's plant file once connected)."""
    from app.commands.monitor_commands import pki_dir, watch_monitor
    from app.incidents.headless import HeadlessIncidents
    from app.monitor.plant_monitor import PlantMonitor
    from app.sync.console_link import ConsoleLink
    from app.sync.pinning import user_pin_store

    monitor = PlantMonitor(plant, intervals, pki_dir=pki_dir())
    headless = HeadlessIncidents(monitor, incidents, lang)
    try:
        link = ConsoleLink(
            headless.service,
            plan.url,
            plan.credential,
            on_status=status_printer(),
            plant_file=plant_file,
            pins=user_pin_store(),
            timeout_s=max(5.0, intervals.timeout_s),
        )
    except BaseException:
        headless.close()
        raise
    print(headless.summary(), flush=True)
    print(f"syncing with {plan.url} as console {plan.credential.console_id}", flush=True)
    await watch_monitor(monitor, intervals, lang, headless, link)
