"""`plantconsole demo`: the simulated plant in its own process, and the console on it."""

from __future__ import annotations

import argparse
import dataclasses
import socket
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from app.auth import LoginPlan
from app.commands.monitor_commands import (
    DEMO_INTERVALS,
    _watch,
    pki_dir,
    run_until_interrupted,
    watch_monitor,
)
from app.commands.run_commands import add_incident_options, incident_options
from app.incidents.auto_raise import upstream_settle_s
from app.incidents.headless import HeadlessIncidents, IncidentOptions
from app.monitor.plant_monitor import PlantMonitor
from app.paths import data_dir
from app.sync.client import ConsoleCredential
from app.sync.console_link import ConsoleLink, status_text, sync_notices
from app.sync.embedded import EmbeddedServer
from app.sync.status import SyncStatus
from models.cmdb import Plant
from models.plant_loader import PlantFileError, load_plant
from models.store import StoreError

DEFAULT_CONTROL_PORT = 47800


def register(commands: Any) -> None:
    demo = commands.add_parser(
        "demo",
        help="start the simulated plant and the console on it",
        description="Starts the simulated plant 'Werk Nord' in its own process and monitors "
        "it. Inject faults from another terminal: plantconsole-sim fault SW-L3-043 down.",
    )
    demo.add_argument("--headless", action="store_true", help="no window: print state changes")
    demo.add_argument("--lang", choices=["en", "de"], default="en")
    demo.add_argument("--devices", type=int, default=0, help="add N simulated gateway devices")
    demo.add_argument(
        "--consoles",
        type=int,
        default=1,
        metavar="N",
        help="open N console windows in one process, each with its own store and console id, "
        "all syncing through the embedded server (headless: one console)",
    )
    demo.add_argument(
        "--no-server",
        action="store_true",
        help="no embedded sync server: one console, local only (its store: --store)",
    )
    add_incident_options(
        demo, "demo-console.sqlite in the data folder; with the embedded server a fresh one"
    )
    demo.set_defaults(handler=cmd_demo)


def control_port() -> int:
    """The simulator's usual control port when free (so `plantconsole-sim fault` finds it)."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", DEFAULT_CONTROL_PORT))
        except OSError:
            return 0
    return DEFAULT_CONTROL_PORT


@dataclasses.dataclass(frozen=True)
class SyncedConsole:
    """One demo console: its incident options, the server it syncs with, and how its
    window logs in there (automatically, as the demo user: no dialog)."""

    incidents: IncidentOptions
    url: str
    credential: ConsoleCredential
    login: LoginPlan | None = None


def start_embedded_server(consoles: int, user: str) -> EmbeddedServer:
    """The demo's central server (blocking: off the GUI thread). RuntimeError/OSError/
    httpx errors when it cannot start."""
    return EmbeddedServer(consoles=max(1, consoles), users=(user,)).start()


def _first_settle_s(base: IncidentOptions) -> float:
    """The longest the first console waits before it raises (on the demo's timing; the
    demo plant's profiles poll every second at the slowest): later ones wait longer."""
    if base.settle_s is not None:
        return base.settle_s
    slowest_ms = max(DEMO_INTERVALS.poll_ms, DEMO_INTERVALS.reach_ms, 1000)
    return upstream_settle_s(slowest_ms / 1000 + DEMO_INTERVALS.timeout_s)


def synced_consoles(
    server: EmbeddedServer, base: IncidentOptions, count: int
) -> list[SyncedConsole]:
    """One fresh store per console beside the server's database (the server starts empty,
    so must the stores). Later consoles settle a little longer before they auto-raise, so
    the first one's incident (synced within a second) is found and repeated, not doubled."""
    assert server.process is not None
    folder: Path = server.process.dir
    consoles = []
    for n, credential in enumerate(server.credentials[:count]):
        options = dataclasses.replace(
            base,
            store_path=folder / f"{credential.console_id}.sqlite",
            console_id=credential.console_id,
            settle_s=base.settle_s if n == 0 else _first_settle_s(base) + 1.5 * n,
        )
        password = server.passwords.get(base.user)
        login = LoginPlan(
            server.url, credential, base.user, base.user if password else None, password
        )
        consoles.append(SyncedConsole(options, server.url, credential, login))
    return consoles


async def _watch_synced(
    plant: Plant, lang: str, console: SyncedConsole, printer: Any = print
) -> None:
    """`_watch` with the console's incidents synced through the server."""
    monitor = PlantMonitor(plant, DEMO_INTERVALS, pki_dir=pki_dir())
    headless = HeadlessIncidents(monitor, console.incidents, lang)
    shown: list[str] = []
    before: list[SyncStatus | None] = [None]

    def on_status(status: SyncStatus) -> None:
        text = status_text(status)
        stamp = time.strftime("%H:%M:%S")
        if not shown or shown[-1] != text:
            shown.append(text)
            error = f" - {status.last_error}" if status.last_error and not status.online else ""
            printer(f"{stamp}    {text}{error}", flush=True)
        for notice in sync_notices(before[0], status):  # each rejected event, its reason
            printer(f"{stamp}    {notice}", flush=True)
        before[0] = status

    link = ConsoleLink(headless.service, console.url, console.credential, on_status=on_status)
    printer(headless.summary(), flush=True)
    printer(f"syncing with the embedded server {console.url}", flush=True)
    await watch_monitor(monitor, DEMO_INTERVALS, lang, headless, link)


def cmd_demo(args: argparse.Namespace) -> int:
    from simulator.process import SimulatorError, SimulatorProcess

    if not args.headless:
        print(
            "no window from app.cli (it may not import widgets): running headless; "
            "the `plantconsole` command (widgets.launcher) opens the window",
            file=sys.stderr,
        )
    print("starting the simulated plant ...", file=sys.stderr)
    try:
        with SimulatorProcess(devices=args.devices, control_port=control_port()) as sim:
            try:
                plant = load_plant(sim.effective_plant_path)
            except PlantFileError as exc:
                print(f"error: the simulator wrote an unusable plant file:\n{exc}", file=sys.stderr)
                return 1
            print(
                f"simulated plant running ({len(plant)} CIs), control API {sim.control_url}\n"
                "inject a fault from another terminal:  plantconsole-sim fault SW-L3-043 down\n"
                "and bring everything back:            plantconsole-sim restore\n"
                "Ctrl+C stops the demo.",
                flush=True,
            )
            incidents = incident_options(args, data_dir() / "demo-console.sqlite")
            if incidents is None or args.no_server:
                return run_until_interrupted(_watch(plant, DEMO_INTERVALS, args.lang, incidents))
            return _demo_synced(args, plant, incidents)
    except SimulatorError as exc:
        print(f"error: could not start the simulated plant: {exc}", file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _demo_synced(args: argparse.Namespace, plant: Plant, incidents: IncidentOptions) -> int:
    if args.consoles > 1:
        print("headless: one console (the window opens --consoles N)", file=sys.stderr)
    if args.store is not None:
        print("--store is ignored with the embedded server (use --no-server)", file=sys.stderr)
    print("starting the embedded sync server ...", file=sys.stderr)
    try:
        server = start_embedded_server(1, incidents.user)
    except (OSError, RuntimeError, httpx.HTTPError) as exc:
        print(f"error: could not start the embedded server: {exc}", file=sys.stderr)
        return 1
    try:
        console = synced_consoles(server, incidents, 1)[0]
        return run_until_interrupted(_watch_synced(plant, args.lang, console))
    finally:
        server.stop()
        server.cleanup()
