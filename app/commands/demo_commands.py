"""`plantconsole demo`: the simulated plant in its own process, and the console on it."""

from __future__ import annotations

import argparse
import socket
import sys
from typing import Any

from app.commands.monitor_commands import DEMO_INTERVALS, _watch, run_until_interrupted
from app.commands.run_commands import add_incident_options, incident_options
from app.paths import data_dir
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
    add_incident_options(demo, "demo-console.sqlite in the data folder")
    demo.set_defaults(handler=cmd_demo)


def control_port() -> int:
    """The simulator's usual control port when free (so `plantconsole-sim fault` finds it)."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", DEFAULT_CONTROL_PORT))
        except OSError:
            return 0
    return DEFAULT_CONTROL_PORT


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
            return run_until_interrupted(_watch(plant, DEMO_INTERVALS, args.lang, incidents))
    except SimulatorError as exc:
        print(f"error: could not start the simulated plant: {exc}", file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
