"""The `plantconsole` entry point: opens the window for `demo` and `run`, else app.cli.

    plantconsole demo                    simulated plant + window
    plantconsole run --config FILE       window on a real plant
    plantconsole run --config FILE --headless, and every other command -> app.cli

qasync owns the loop; blocking work (starting the simulator, reading the plant
file) runs in the loop's executor while a "starting" splash shows.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import qasync
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from app import cli
from app.commands.demo_commands import control_port
from app.commands.monitor_commands import DEMO_INTERVALS, pki_dir
from app.commands.plant_commands import load_or_report
from app.monitor.bindings import Intervals
from app.monitor.plant_monitor import PlantMonitor
from app.monitor.service import HealthMonitorService
from models.cmdb import Plant
from simulator.process import SimulatorError, SimulatorProcess
from widgets import crash
from widgets.main_window import MainWindow
from widgets.palette import apply_light_palette

log = logging.getLogger("plantconsole.gui")
T = TypeVar("T")
MIN_POINT_SIZE = 10.0


async def in_thread(fn: Callable[..., T], *args: object) -> T:
    """Run blocking work off the GUI thread (the one executor helper)."""
    return await asyncio.get_running_loop().run_in_executor(None, fn, *args)


def splash(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("splash")
    label.setWindowFlags(Qt.WindowType.SplashScreen)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMinimumSize(420, 120)
    label.setStyleSheet("background: #F7F7F7; border: 1px solid #9E9E9E; font-size: 12pt;")
    label.show()
    return label


async def show_console(
    plant: Plant, intervals: Intervals, lang: str, on_signal: Callable[[], None] = lambda: None
) -> None:
    """Monitor the plant in the window until it is closed, then shut everything down.

    SIGINT/SIGTERM close the window like File > Quit; `on_signal` runs first (the demo
    stops its simulator at once, so a supervisor's SIGKILL a second later orphans nothing).
    """
    service = HealthMonitorService(PlantMonitor(plant, intervals, pki_dir=pki_dir()))
    window = MainWindow(service, lang)
    closed = asyncio.Event()
    window.closed.connect(closed.set)

    def quit_now() -> None:
        on_signal()
        QTimer.singleShot(0, window.close)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: quit_now())
    if window.first_run:
        window.showMaximized()
    else:
        window.show()
    try:
        await service.start()
        await closed.wait()
    finally:
        await service.stop()
        service.deleteLater()


def terminate(sim: SimulatorProcess) -> None:
    """Ask the simulator to exit now (non-blocking); `sim.stop()` later waits for it."""
    if sim.pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(sim.pid, signal.SIGTERM)


async def demo(args: argparse.Namespace) -> int:
    starting = splash("Starting the simulated plant \u2026")
    sim = SimulatorProcess(devices=args.devices, control_port=control_port())
    try:
        await in_thread(sim.start)
        plant = await in_thread(load_or_report, sim.effective_plant_path)
        starting.close()
        if plant is None:
            crash.show_error("PlantConsole", "The simulator wrote an unusable plant file.")
            return 1
        print(
            f"simulated plant running, control API {sim.control_url}\n"
            "inject a fault:  plantconsole-sim fault SW-L3-043 down",
            file=sys.stderr,
        )
        await show_console(plant, DEMO_INTERVALS, args.lang, lambda: terminate(sim))
        return 0
    except SimulatorError as exc:
        starting.close()
        crash.show_error("PlantConsole", "Could not start the simulated plant.", str(exc))
        return 1
    finally:
        await in_thread(sim.stop)


async def run(args: argparse.Namespace) -> int:
    plant = await in_thread(load_or_report, Path(args.config))
    if plant is None:
        crash.show_error(
            "PlantConsole", f"The plant file {args.config} has problems (see the log)."
        )
        return 1
    intervals = Intervals(timeout_s=args.timeout) if args.timeout else Intervals()
    await show_console(plant, intervals, args.lang)
    return 0


def start_gui(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    for noisy in ("asyncua", "pymodbus"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if args.verbose else logging.CRITICAL)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("PlantConsole")
    app.setQuitOnLastWindowClosed(False)  # the coroutine ends the loop after a clean shutdown
    apply_light_palette(app)
    font = app.font()
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
        app.setFont(font)
    crash.install()

    async def main_coro() -> int:
        asyncio.get_running_loop().set_exception_handler(crash.loop_exception_handler)
        return await (demo(args) if args.command == "demo" else run(args))

    code: int = qasync.run(main_coro())
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """`demo` and `run` without --headless open the window; the rest is app.cli's."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = cli.build_parser().parse_args(arguments)
    if args.command in ("demo", "run") and not args.headless:
        return start_gui(args)
    return cli.main(arguments)


if __name__ == "__main__":
    sys.exit(main())
