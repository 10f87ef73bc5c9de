"""Headless monitoring: `plantconsole status` and `plantconsole demo --headless`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.commands.plant_commands import load_or_report
from app.formatting import eur
from app.incidents.headless import HeadlessIncidents, IncidentOptions
from app.monitor.bindings import Intervals
from app.monitor.plant_monitor import PlantMonitor
from app.paths import data_dir
from app.status_report import snapshot, stopping_down, text_report
from models.cmdb import Plant
from models.health import Changes
from models.reasons import render, state_name

if TYPE_CHECKING:
    from app.sync.console_link import ConsoleLink

DEMO_INTERVALS = Intervals(poll_ms=500, timeout_s=1.0, reach_ms=500, backoff_cap_s=2.0)


def register(commands: Any) -> None:
    status = commands.add_parser(
        "status",
        help="every CI's state, reason and values, from live protocol traffic",
        description="Monitor the plant file's devices. With --once: one full cycle, then exit "
        "1 if any stops_line CI is down, 3 if the console cannot reach the plant at all.",
    )
    status.add_argument("--config", type=Path, required=True, help="plant file (TOML)")
    status.add_argument("--once", action="store_true", help="one cycle, then exit")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.add_argument("--lang", choices=["en", "de"], default="en")
    status.add_argument(
        "--timeout", type=float, default=None, help="request timeout in seconds (default 2)"
    )
    status.set_defaults(handler=cmd_status)


def pki_dir() -> Path:
    return data_dir() / "pki"


def cmd_status(args: argparse.Namespace) -> int:
    plant = load_or_report(args.config)
    if plant is None:
        return 1
    intervals = Intervals(timeout_s=args.timeout) if args.timeout else Intervals()
    if args.once:
        return asyncio.run(_status_once(plant, intervals, args))
    return run_until_interrupted(_watch(plant, intervals, args.lang))


async def _status_once(plant: Plant, intervals: Intervals, args: argparse.Namespace) -> int:
    monitor = PlantMonitor(plant, intervals, pki_dir=pki_dir())
    await monitor.start()
    try:
        deadline = time.monotonic() + 3 * intervals.timeout_s + 3.0
        while time.monotonic() < deadline and not monitor.settled():  # noqa: ASYNC110 (polls state)
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.2)  # let the first values of the last devices arrive
        await monitor.console_path.check()
        monitor.engine.set_console_offline(not monitor.console_path.online)
        monitor.flush()
        data = snapshot(monitor, args.lang)
    finally:
        await monitor.stop()
    if args.json:
        print(json.dumps(data, indent=2, default=str))
    else:
        for line in text_report(data, args.lang):
            print(line)
    if data["console_offline"]:
        print(
            "this console cannot reach the plant (no reference target answers): "
            f"{monitor.console_path.last_error}",
            file=sys.stderr,
        )
        return 3
    down = stopping_down(monitor)
    if down:
        print(f"stops_line CIs down: {', '.join(down)}", file=sys.stderr)
        return 1
    return 0


async def _watch(
    plant: Plant, intervals: Intervals, lang: str, incidents: IncidentOptions | None = None
) -> None:
    """Print a summary once every device has answered (or failed), then each change;
    with `incidents`: auto-raise into that store and print what it raises."""
    monitor = PlantMonitor(plant, intervals, pki_dir=pki_dir())
    headless = HeadlessIncidents(monitor, incidents, lang) if incidents is not None else None
    if headless is not None:
        print(headless.summary(), flush=True)
    await watch_monitor(monitor, intervals, lang, headless)


async def watch_monitor(
    monitor: PlantMonitor,
    intervals: Intervals,
    lang: str,
    headless: HeadlessIncidents | None = None,
    link: ConsoleLink | None = None,
) -> None:
    """Start monitor (and auto-raise, and sync when `link`), print the summary once every
    device has answered or failed, then each change, until cancelled; then stop it all."""
    ticker = asyncio.create_task(headless.raiser.run()) if headless is not None else None
    frozen = False
    if link is not None:
        link.start()
    try:
        await monitor.start()
        deadline = time.monotonic() + 3 * intervals.timeout_s + 3.0
        while time.monotonic() < deadline and not monitor.settled():  # noqa: ASYNC110 (polls state)
            await asyncio.sleep(0.1)
        await asyncio.sleep(intervals.poll_ms / 1000)
        monitor.flush()
        print_summary(monitor, lang)
        monitor.add_listener(lambda changes: print_changes(monitor, changes, lang))
        # Start-up is over: the plant, the engine and the drivers live until exit, so take
        # them out of the collector's sight as the window does (widgets/launcher.py
        # settle_gc). Each full collection re-scanned all of them (~130 ms at 10,000
        # variables, several every 10 s under load: bench/bench_ingest.py).
        gc.freeze()
        frozen = True
        await asyncio.Event().wait()
    finally:
        if frozen:
            gc.unfreeze()  # an in-process caller (a test) gets its collector back as it was
        if ticker is not None:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
        if link is not None:
            await link.stop()
        await monitor.stop()
        if headless is not None:
            headless.close()


def print_summary(monitor: PlantMonitor, lang: str = "en") -> None:
    """Counts per state, every abnormal CI, and the lines at risk."""
    engine = monitor.engine
    counts: dict[str, int] = {}
    for health in engine.rolled.values():
        name = state_name(health.state, lang)
        counts[name] = counts.get(name, 0) + 1
    stamp = time.strftime("%H:%M:%S")
    tally = ", ".join(f"{n} {name}" for name, n in sorted(counts.items(), key=lambda i: -i[1]))
    print(f"{stamp} {len(engine.rolled)} CIs: {tally}", flush=True)
    for ci_id in monitor.plant.walk():
        health = engine.effective[ci_id]
        if health.state.is_abnormal:
            reason = render(health.reason, lang, health.source)
            print(f"{stamp} {ci_id:<14} {state_name(health.state, lang):<18} {reason}", flush=True)
    print_lines(monitor, stamp)


def print_changes(monitor: PlantMonitor, changes: Changes, lang: str = "en") -> None:
    """One line per CI whose shown state changed, then the line summary if it moved."""
    engine = monitor.engine
    stamp = time.strftime("%H:%M:%S")
    for ci_id in monitor.plant.walk():
        if ci_id not in changes.rolled:
            continue
        health = engine.rolled[ci_id]
        reason = render(health.reason, lang, health.source)
        print(f"{stamp} {ci_id:<14} {state_name(health.state, lang):<18} {reason}", flush=True)
    if any(line in changes.rolled for line in monitor.plant.lines):
        print_lines(monitor, stamp)


def print_lines(monitor: PlantMonitor, stamp: str) -> None:
    engine = monitor.engine
    stopped = engine.stopped_lines()
    if engine.console_offline:
        print(f"{stamp} >> STALE: this console has lost its path to the plant", flush=True)
    elif stopped:
        print(
            f"{stamp} >> {len(stopped)} line(s) stopped ({', '.join(stopped)}): "
            f"{eur(engine.cost_at_risk(), per_hour=True)} at risk",
            flush=True,
        )
    else:
        print(f"{stamp} >> all lines running", flush=True)


def run_until_interrupted(coro: Any) -> int:
    """Run a coroutine until Ctrl+C or SIGTERM, then let it clean up; exit 0."""

    async def main() -> None:
        task = asyncio.ensure_future(coro)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, task.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await task

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
    print("stopped", file=sys.stderr)
    return 0
