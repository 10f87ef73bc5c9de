"""`plantconsole-sim`: serve the simulated plant, inject and restore faults, list devices."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from models.plant_loader import PlantFileError
from server.parent_watch import watch_parent
from simulator.control_client import (
    DEFAULT_CONTROL_URL,
    ControlClient,
    ControlRefused,
    ControlUnavailable,
)
from simulator.device_model import TICK_S
from simulator.faults import FAULT_HELP, FaultKind
from simulator.layout import LayoutError
from simulator.plant_sim import GATEWAY_STRIDE, SimulatedPlant

PROG = "plantconsole-sim"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve every monitored CI of a plant file")
    serve.add_argument("--plant", type=Path, help="plant file (default: the demo plant)")
    serve.add_argument("--devices", type=int, default=0, metavar="N", help="add N gateway PLCs")
    serve.add_argument("--free-ports", action="store_true", help="listen on free ports")
    serve.add_argument(
        "--write-plant", type=Path, metavar="OUT.toml", help="write the served plant"
    )
    serve.add_argument(
        "--control", default="127.0.0.1:47800", metavar="HOST:PORT", help="control API address"
    )
    serve.add_argument(
        "--tick-ms",
        type=int,
        default=round(TICK_S * 1000),
        metavar="MS",
        help="how often values move (default %(default)s; benchmarks use less)",
    )
    serve.add_argument(
        "--gateway-stride",
        type=int,
        default=GATEWAY_STRIDE,
        metavar="N",
        help="gateway PLCs move every Nth tick (default %(default)s; 1: every tick)",
    )
    serve.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="stop when stdin reaches EOF: the parent that holds its write end died",
    )

    kinds = "\n".join(f"  {k.value:17} {FAULT_HELP[k]}" for k in FaultKind)
    fault = commands.add_parser(
        "fault",
        help="inject a fault into a running simulator",
        epilog="fault kinds:\n" + kinds,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fault.add_argument("ci", metavar="CI_ID")
    fault.add_argument(
        "kind", metavar="KIND", help="one of: " + ", ".join(k.value for k in FaultKind)
    )
    fault.add_argument("--value", help="code, seconds or tag, depending on KIND")
    fault.add_argument("--tag", dest="value", help="same as --value for drift")
    _control_option(fault)

    restore = commands.add_parser("restore", help="clear the faults of one CI, or all")
    restore.add_argument("ci", metavar="CI_ID", nargs="?")
    _control_option(restore)

    listing = commands.add_parser("list", help="list devices, endpoints and active faults")
    _control_option(listing)
    return parser


def _control_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--control", default=DEFAULT_CONTROL_URL, metavar="URL", help="control API")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    client = ControlClient(args.control)
    try:
        if args.command == "fault":
            result = client.inject(args.ci, args.kind, args.value)
            value = f" {result['value']}" if result.get("value") is not None else ""
            print(
                f"{result['kind']}{value} on {result['ci']}; not answering: "
                f"{', '.join(result['affected']) if result['kind'] == 'down' else result['ci']}"
            )
        elif args.command == "restore":
            cleared = client.restore(args.ci)
            print("restored: " + (", ".join(cleared) if cleared else "nothing was faulted"))
        else:
            _print_devices(client.devices())
    except ControlUnavailable as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except ControlRefused as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head`
        return 0
    return 0


def _print_devices(devices: list[dict[str, object]]) -> None:
    for device in devices:
        faults = device.get("faults") or []
        text = ", ".join(
            f"{f['kind']}={f['value']}" if f.get("value") is not None else str(f["kind"])
            for f in faults  # type: ignore[attr-defined]
        )
        state = "DOWN" if device.get("down") else "up"
        print(
            f"{device['ci']:<16} {device['protocol'] or '-':<7} {state:<5} {device['endpoint']}"
            + (f"  [{text}]" if text else "")
        )


def _serve(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("asyncua").setLevel(logging.ERROR)
    host, _, port_text = str(args.control).rpartition(":")
    if not host or not port_text.isdigit():
        print(f"{PROG}: --control must be HOST:PORT, not {args.control!r}", file=sys.stderr)
        return 2
    if args.tick_ms < 10 or args.gateway_stride < 1:
        print(f"{PROG}: --tick-ms must be >= 10 and --gateway-stride >= 1", file=sys.stderr)
        return 2
    sim = SimulatedPlant(
        args.plant,
        devices=max(0, args.devices),
        free_ports=args.free_ports,
        write_plant=args.write_plant,
        control_host=host,
        control_port=int(port_text),
        tick_s=args.tick_ms / 1000,
        gateway_stride=args.gateway_stride,
    )
    try:
        asyncio.run(_run_until_signal(sim, exit_with_parent=args.exit_with_parent))
    except PlantFileError as exc:
        print(f"{PROG}: plant file not usable:\n{exc}", file=sys.stderr)
        return 2
    except (OSError, LayoutError) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


async def _run_until_signal(sim: SimulatedPlant, *, exit_with_parent: bool = False) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    if exit_with_parent:  # the console was killed: stop like on SIGTERM, not orphaned

        def parent_gone() -> None:
            with contextlib.suppress(RuntimeError):  # the loop already closed: stopping anyway
                loop.call_soon_threadsafe(stop.set)

        watch_parent(parent_gone)
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Windows has no add_signal_handler: there Ctrl+C raises KeyboardInterrupt.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    await sim.start()
    try:
        health = sim.health()
        print(
            f"{PROG}: serving {health['devices']} devices on {health['listeners']} listeners; "
            f"plant {sim.effective_plant_path}; control {sim.control_url}",
            flush=True,
        )
        print(f"READY {sim.control_url}", flush=True)
        await stop.wait()
    finally:
        await sim.stop()
