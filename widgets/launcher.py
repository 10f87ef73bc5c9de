"""The `plantconsole` entry point: opens the window for `demo` and `run`, else app.cli.

    plantconsole                         the plant file from the settings, or the welcome page
    plantconsole demo                    simulated plant + window
    plantconsole run --config FILE       window on a real plant
    plantconsole run --config FILE --headless, and every other command -> app.cli

The GUI loads the per-user settings (language, theme, polling), logs to rotating files
(`app.logging_setup`) and shows unhandled errors (`crash`). qasync owns the loop;
blocking work (starting the simulator, reading the plant file) runs in the loop's
executor while a "starting" splash shows. The bundled executable also serves
`-m simulator ...` (how `SimulatorProcess` starts the demo's simulator when frozen).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import importlib
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import qasync
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import cli, logging_setup
from app.commands.plant_commands import load_or_log
from app.monitor.bindings import Intervals
from app.monitor.plant_monitor import PlantMonitor
from app.monitor.service import HealthMonitorService
from app.paths import cache_dir, data_dir, default_store_path
from app.settings import Settings
from resources import RESOURCES
from widgets import crash, gc_guard, i18n, theme
from widgets.gc_guard import GuiThreadCollector
from widgets.main_window import MainWindow
from widgets.plant_import import import_plant_file
from widgets.settings_dialog import open_settings
from widgets.splash import splash
from widgets.welcome_page import WelcomePage

if TYPE_CHECKING:  # issue 4: the window's start-up path imports none of these
    from app.auth import LoginPlan
    from app.commands.demo_commands import SyncedConsole
    from app.incidents.options import IncidentOptions
    from app.sync.client import ConsoleCredential
    from app.sync.embedded import EmbeddedServer
    from models.cmdb import Plant
    from models.plant_cache import PlantCache
    from simulator.process import SimulatorProcess
    from widgets.incidents.session import IncidentSession

log = logging.getLogger("plantconsole.gui")
T = TypeVar("T")
MIN_POINT_SIZE = 10.0
NOTICE_PROBLEMS = 5  # plant-file problems listed on the welcome page (all are in the log)
GLOBAL_FLAGS = {"-v", "--verbose"}
# Set by the hidden --smoke-exit-after option: close the first window after this many
# seconds (the bundle smoke check); `_smoke_started` is when main() began.
_smoke_after: float | None = None
_smoke_started = time.monotonic()
# What SIGINT/SIGTERM do: close every open console window (the demo may show several).
_quitters: list[Callable[[], None]] = []


def _quit_all(*_: object) -> None:
    for quit_now in list(_quitters):
        quit_now()


async def in_thread(fn: Callable[..., T], *args: object) -> T:
    """Run blocking work off the GUI thread (the one executor helper)."""
    return await asyncio.get_running_loop().run_in_executor(None, fn, *args)


def pause_gc() -> None:
    """No garbage collection while the plant, monitor and window are built.

    Start-up creates hundreds of thousands of objects that live all shift; each
    collection on the way re-scans all of them (seconds at 10,000 CIs). `settle_gc`
    switches it back on once the window is up.
    """
    gc_guard.pause()


def settle_gc() -> None:
    """The console is up: what is alive now lives all shift, so take it out of the
    collector's sight (`gc.freeze`) and switch collection back on. Later collections
    then scan only newer objects: a full one over a 10,000-CI plant held the GUI
    thread for 0.4-0.6 s."""
    gc.freeze()
    gc_guard.resume()  # on the GUI thread (gc_guard), never automatic in a worker


_plant_cache: PlantCache | None = None


def plant_cache() -> PlantCache:
    """Validated plant files kept from earlier starts (the user's cache folder)."""
    global _plant_cache
    if _plant_cache is None:
        from app import __version__
        from models.plant_cache import PlantCache

        _plant_cache = PlantCache(cache_dir() / "plants", __version__)
    return _plant_cache


def store_plant_cache() -> asyncio.Future[bool] | None:
    """A plant file loaded anew: keep it validated for the next start, off the GUI thread
    and after the window is up (pickling takes a fifth of a second)."""
    if _plant_cache is None:
        return None
    future = asyncio.get_running_loop().run_in_executor(None, _plant_cache.store_pending)
    future.add_done_callback(_log_store_failure)
    return future


def _log_store_failure(future: asyncio.Future[bool]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.warning("plant cache not written: %s", future.exception())


async def show_console(
    plant: Plant,
    intervals: Intervals,
    lang: str,
    on_signal: Callable[[], None] = lambda: None,
    incidents: IncidentOptions | None = None,
    sync: tuple[str, ConsoleCredential] | None = None,
    login: LoginPlan | None = None,
    plant_file: Path | None = None,
) -> None:
    """Monitor the plant in the window until it is closed, then shut everything down.

    SIGINT/SIGTERM close the window like File > Quit; `on_signal` runs first (the demo
    stops its simulator at once, so a supervisor's SIGKILL a second later orphans nothing).
    `incidents`: auto-raise into that store and show the incidents (a store that cannot
    be opened is reported and the console does not start, as headless).
    `sync`: the server URL and this console's credential (the demo's embedded server);
    the header shows the sync state (with `plant_file`: whether it is the server's).
    `login`: log in at that central server (the dialog, or the demo's own credentials);
    without it the console works locally (its OS user as a technician).
    """
    # the PKI folder of monitor_commands.pki_dir, without importing the headless commands
    service = HealthMonitorService(PlantMonitor(plant, intervals, pki_dir=data_dir() / "pki"))
    # The incident store opens after the window shows (issue 4): "loading" until then.
    window = MainWindow(service, lang, incidents_pending=incidents is not None)
    if login is not None:
        window.start_session(login)
    closed = asyncio.Event()
    window.closed.connect(closed.set)

    def quit_now() -> None:
        on_signal()
        QTimer.singleShot(0, window.close)

    _quitters.append(quit_now)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _quit_all)
    if window.first_run:
        window.showMaximized()
    else:
        window.show()
    arm_smoke(window)
    session: IncidentSession | None = None
    try:
        if incidents is not None:
            # before the monitor starts, so that the auto-raiser sees every first state
            session = await open_incidents(service, incidents, lang, sync, plant_file)
            if session is None:
                window.close()
                return
            attach_session(window, session, sync)
        if closed.is_set():  # closed while the store opened: start no driver, no sync
            store_plant_cache()  # the validated plant is still kept for the next start
            return
        await service.start()
        settle_gc()
        store_plant_cache()
        if session is not None and not closed.is_set():
            session.start()
        await closed.wait()
    finally:
        gc_guard.resume()
        _quitters.remove(quit_now)
        # the Browse tab's session closes (and is audited) while the store is still open
        await window.diagnostics.shutdown()
        if session is not None:
            await session.stop_sync()
            session.close()
        await service.stop()
        service.deleteLater()


async def open_incidents(
    service: HealthMonitorService,
    incidents: IncidentOptions,
    lang: str,
    sync: tuple[str, ConsoleCredential] | None,
    plant_file: Path | None = None,
) -> IncidentSession | None:
    """The incident session, once the window has painted; None (said) if the store
    cannot be opened: the console does not start without it, as headless."""
    await next_turn()  # the window's first frame before the store's imports and opening
    # the incident store (SQLAlchemy, alembic) only when incidents are on (issue 4); the
    # imports in the executor keep the window responsive meanwhile
    await in_thread(importlib.import_module, "widgets.incidents.session")
    from models.store import StoreError
    from widgets.incidents.session import IncidentSession

    try:
        session = IncidentSession(
            service.monitor, incidents, lang, sync=sync, plant_file=plant_file
        )
    except StoreError as exc:
        text = QCoreApplication.translate("launcher", "The incident store cannot be opened.")
        follows = QCoreApplication.translate(
            "launcher", "%1\n\nThe console does not start without it. The log is in %2"
        )
        crash.show_error(
            "PlantConsole",
            text,
            str(exc),
            follows.replace("%1", str(exc)).replace("%2", str(logging_setup.log_file())),
        )
        return None
    log.info("incident store %s open, after the window showed", incidents.store_path)
    return session


def attach_session(
    window: MainWindow, session: IncidentSession, sync: tuple[str, ConsoleCredential] | None
) -> None:
    """The incidents into the window: list, header, menus; with sync its state and pause."""
    window.attach_incidents(session.qt)
    session.add_sync_listener(window.header.set_sync_status)
    if sync is not None:
        window.setWindowTitle(f"{window.windowTitle()} — console {sync[1].console_id}")
        from widgets.incidents.sync_pause import SyncPauseAction

        window.file_menu.insertAction(window.settings_action, SyncPauseAction(session, window))


async def next_turn() -> None:
    """Until Qt has handled what is posted now (a shown window's expose and paint)."""
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def turned() -> None:
        if not done.done():
            done.set_result(None)

    QTimer.singleShot(0, turned)
    await done


def terminate(sim: SimulatorProcess) -> None:
    """Ask the simulator to exit now (non-blocking); `sim.stop()` later waits for it."""
    if sim.pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(sim.pid, signal.SIGTERM)


async def demo(args: argparse.Namespace) -> int:
    from app.commands.demo_commands import control_port
    from app.commands.monitor_commands import DEMO_INTERVALS
    from app.incidents.options import incident_options_of
    from simulator.process import SimulatorError, SimulatorProcess

    pause_gc()
    starting = splash(QCoreApplication.translate("launcher", "Starting the simulated plant …"))
    sim = SimulatorProcess(devices=args.devices, control_port=control_port())
    try:
        await in_thread(sim.start)
        plant, problems = await in_thread(load_or_log, sim.effective_plant_path)
        starting.close()
        if plant is None:
            crash.show_error(
                "PlantConsole",
                QCoreApplication.translate(
                    "launcher", "The simulator wrote an unusable plant file."
                ),
                "\n".join(problems),
            )
            return 1
        print(
            f"simulated plant running, control API {sim.control_url}\n"
            "inject a fault:  plantconsole-sim fault SW-L3-043 down",
            file=sys.stderr,
        )
        incidents = incident_options_of(args, data_dir() / "demo-console.sqlite")
        if incidents is None or getattr(args, "no_server", False):
            await show_console(plant, DEMO_INTERVALS, args.lang, lambda: terminate(sim), incidents)
            return 0
        return await demo_consoles(args, plant, incidents, lambda: terminate(sim))
    except SimulatorError as exc:
        starting.close()
        crash.show_error(
            "PlantConsole",
            QCoreApplication.translate("launcher", "Could not start the simulated plant."),
            str(exc),
        )
        return 1
    finally:
        gc_guard.resume()  # also when start-up failed before `settle_gc`
        await in_thread(sim.stop)


async def demo_consoles(
    args: argparse.Namespace,
    plant: Plant,
    incidents: IncidentOptions,
    on_signal: Callable[[], None],
) -> int:
    """The embedded server and `--consoles N` windows syncing through it, until all close."""
    from app.commands.demo_commands import start_embedded_server, synced_consoles
    from app.commands.monitor_commands import DEMO_INTERVALS

    count = max(1, getattr(args, "consoles", 1) or 1)
    starting = splash(QCoreApplication.translate("launcher", "Starting the sync server …"))
    try:
        server: EmbeddedServer = await in_thread(start_embedded_server, count, incidents.user)
    except Exception as exc:  # shown to the user: the demo cannot sync without it
        starting.close()
        crash.show_error(
            "PlantConsole",
            QCoreApplication.translate("launcher", "Could not start the embedded sync server."),
            str(exc),
        )
        return 1
    starting.close()
    print(f"embedded sync server {server.url}, {count} console(s)", file=sys.stderr)
    consoles: list[SyncedConsole] = synced_consoles(server, incidents, count)
    try:
        await asyncio.gather(
            *(
                show_console(
                    plant,
                    DEMO_INTERVALS,
                    args.lang,
                    on_signal,
                    c.incidents,
                    sync=(c.url, c.credential),
                    login=c.login,
                )
                for c in consoles
            )
        )
        return 0
    finally:
        await in_thread(server.stop)
        await in_thread(server.cleanup)


async def run(args: argparse.Namespace) -> int:
    """`plantconsole run --config FILE`: the window; 1 when the plant file has problems
    (logged, and shown with every problem in the dialog's details)."""
    pause_gc()
    try:
        plant, problems = await in_thread(load_or_log, Path(args.config), plant_cache())
        if plant is not None:
            return await _run(args, plant)
    finally:
        gc_guard.resume()  # also when start-up failed before `settle_gc`
    show_plant_problems(Path(args.config), problems)
    return 1


async def _run(args: argparse.Namespace, plant: Plant) -> int:
    from app.auth import LoginPlan
    from app.commands.run_commands import sync_plan
    from app.incidents.options import incident_options_of

    settings = getattr(args, "settings", None) or Settings()
    intervals = Intervals(poll_ms=settings.poll_ms, timeout_s=args.timeout or settings.timeout_s)
    incidents = incident_options_of(args, default_store_path())
    # issue 6: the console's own credential (`plantconsole register`) syncs the incidents
    plan = await in_thread(sync_plan, settings, incidents)  # the keyring may block
    if plan.message:
        log.warning("%s", plan.message)
        print(plan.message, file=sys.stderr)
    sync = (plan.url, plan.credential) if plan.credential is not None else None
    if incidents is not None and plan.console_id:
        incidents = replace(incidents, console_id=plan.console_id)
    login = (
        LoginPlan(
            settings.server_url,
            credential=plan.credential,
            user=settings.user,
            timeout_s=max(5.0, settings.timeout_s),
        )
        if settings.server_url
        else None
    )
    await show_console(
        plant,
        intervals,
        args.lang,
        incidents=incidents,
        sync=sync,
        login=login,
        plant_file=Path(args.config),
    )
    return 0


def show_plant_problems(path: Path, problems: list[str], *, welcome_next: bool = False) -> None:
    """The plant file's problems in a dialog (every one in its details; also in the log)."""
    if welcome_next:
        text = QCoreApplication.translate(
            "launcher",
            "The plant file %1 has problems and was not loaded. On the welcome page you can "
            "choose another plant file, start the demo or change the settings.",
        )
    else:
        text = QCoreApplication.translate(
            "launcher", "The plant file %1 has problems and was not loaded."
        )
    crash.show_error("PlantConsole", text.replace("%1", str(path)), "\n".join(problems))


def problems_notice(path: Path, problems: list[str]) -> str:
    """The welcome page's notice after a plant file failed: what, the first problems, and
    where the rest is."""
    shown = problems[:NOTICE_PROBLEMS]
    lines = [
        QCoreApplication.translate(
            "launcher", "The plant file %1 has problems and was not loaded:"
        ).replace("%1", str(path)),
        *(f"• {problem}" for problem in shown),
    ]
    if len(problems) > len(shown):
        lines.append(
            QCoreApplication.translate("launcher", "… and %1 more (see the log: %2)")
            .replace("%1", str(len(problems) - len(shown)))
            .replace("%2", str(logging_setup.log_file()))
        )
    return "\n".join(lines)


async def start_plant(args: argparse.Namespace, path: Path, *, remember: bool) -> int | str:
    """The console on the plant file at `path` (its exit code), or, when the file has
    problems (shown), the welcome page's notice. `remember`: save it as the user's plant
    file, once it loaded."""
    pause_gc()
    try:
        plant, problems = await in_thread(load_or_log, path, plant_cache())
        if plant is not None:
            if remember:
                remember_plant(args, path)
            return await _run(_run_args(args, path), plant)
    finally:
        gc_guard.resume()  # also when start-up failed before `settle_gc`
    show_plant_problems(path, problems, welcome_next=True)
    return problems_notice(path, problems)


def remember_plant(args: argparse.Namespace, path: Path) -> None:
    """The plant file in the user's settings (the console still starts if they cannot be
    written: said in the log)."""
    args.settings = replace(args.settings, plant_file=str(path))
    try:
        args.settings.save()
    except OSError as exc:
        log.warning("the plant file %s was not saved in the settings: %s", path, exc)


async def home(args: argparse.Namespace) -> int:
    """`plantconsole` alone: the configured plant, else the welcome page and its choice.

    A plant file with problems (configured, opened or imported) brings the welcome page
    back with a notice: the user can choose another file, the demo or the settings."""
    settings: Settings = args.settings
    plant_path = settings.plant_path
    notice = ""
    if plant_path is not None and plant_path.is_file():
        outcome = await start_plant(args, plant_path, remember=False)
        if isinstance(outcome, int):
            return outcome
        notice = outcome
    elif plant_path is not None:
        notice = QCoreApplication.translate("launcher", "The plant file %1 was not found.").replace(
            "%1", str(plant_path)
        )
    while True:
        choice = await welcome(notice)
        if choice is None:
            return 0
        action, path = choice
        if action == "demo":
            return await demo(argparse.Namespace(**{**vars(args), "devices": 0}))
        if action == "settings":
            before = args.settings.plant_file
            updated = open_settings(None)
            if updated is None:
                continue
            args.settings = updated
            args.lang = updated.language
            chosen = updated.plant_path
            if updated.plant_file == before or chosen is None or not chosen.is_file():
                continue
            outcome = await start_plant(args, chosen, remember=False)  # saved by the dialog
        else:
            imported = Path(path) if action == "open" else await import_plant_file(Path(path))
            if imported is None:
                continue
            outcome = await start_plant(args, imported, remember=True)
        if isinstance(outcome, int):
            return outcome
        notice = outcome


def _run_args(args: argparse.Namespace, plant_path: Path) -> argparse.Namespace:
    return argparse.Namespace(**{**vars(args), "config": plant_path, "timeout": None})


async def welcome(notice: str = "") -> tuple[str, str] | None:
    """Show the welcome page until the user picks something; None when it was closed."""
    page = WelcomePage(notice=notice)
    choice: asyncio.Future[tuple[str, str] | None] = asyncio.get_running_loop().create_future()

    def pick(action: str, path: str = "") -> None:
        if not choice.done():
            choice.set_result((action, path) if action else None)

    page.demoRequested.connect(lambda: pick("demo"))
    page.openRequested.connect(lambda path: pick("open", path))
    page.importRequested.connect(lambda path: pick("import", path))
    page.settingsRequested.connect(lambda: pick("settings"))
    page.closed.connect(lambda: pick(""))
    page.show()
    arm_smoke(page)
    try:
        return await choice
    finally:
        page.hide()
        page.deleteLater()


def arm_smoke(window: QWidget) -> None:
    """--smoke-exit-after: report when the first window shows, close it after the delay."""
    global _smoke_after
    if _smoke_after is None:
        return
    delay, _smoke_after = _smoke_after, None
    print(
        f"smoke: window shown after {time.monotonic() - _smoke_started:.2f} s since the "
        f"launcher was imported, at {time.time():.3f} ({type(window).__name__}, "
        f"platform {QApplication.platformName()})",
        file=sys.stderr,
        flush=True,
    )
    QTimer.singleShot(int(delay * 1000), window.close)


def start_gui(args: argparse.Namespace) -> int:
    logging_setup.configure(args.verbose)
    settings, warnings = Settings.load()
    args.settings = settings
    if getattr(args, "lang", None) is None or getattr(args, "lang_from_settings", False):
        args.lang = settings.language
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("PlantConsole")
    app.setOrganizationName("PlantConsole")
    app.setWindowIcon(QIcon(str(RESOURCES / "icons" / "plantconsole.png")))
    app.setQuitOnLastWindowClosed(False)  # the coroutine ends the loop after a clean shutdown
    theme.apply_theme(app, settings.theme)
    i18n.install_language(app, args.lang)
    font = app.font()
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
        app.setFont(font)
    crash.install()
    log.info("PlantConsole starting: %s", " ".join(sys.argv[1:]) or "(no arguments)")
    notices = [] if _smoke_after is not None else warn_about_settings(warnings)

    async def main_coro() -> int:
        asyncio.get_running_loop().set_exception_handler(crash.loop_exception_handler)
        if args.command == "demo":
            return await demo(args)
        if args.command == "run":
            return await run(args)
        return await home(args)

    collector = GuiThreadCollector()  # Qt objects in cycles die on the GUI thread
    try:
        code: int = qasync.run(main_coro())
    finally:
        collector.stop()
        notices.clear()
    return code


def warn_about_settings(warnings: list[str]) -> list[QMessageBox]:
    """A malformed settings file: say so without blocking (defaults are in use)."""
    if not warnings:
        return []
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "PlantConsole",
        QCoreApplication.translate(
            "launcher", "Your settings file had problems; defaults are used where needed."
        ),
    )
    box.setDetailedText("\n".join(warnings))
    box.setModal(False)
    box.show()
    return [box]


def split_launcher_options(arguments: list[str]) -> list[str]:
    """Take the launcher's hidden options out of `arguments` (app.cli does not know them)."""
    global _smoke_after
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--smoke-exit-after", type=float, default=None)
    known, rest = parser.parse_known_args(arguments)
    _smoke_after = known.smoke_exit_after
    return rest


def attach_parent_console() -> None:
    """A windowed Windows bundle has no stdout: print CLI output into the calling console."""
    if sys.platform != "win32" or sys.stdout is not None:
        return
    import ctypes

    if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        sys.stdout = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115
        sys.stderr = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115


def main(argv: Sequence[str] | None = None) -> int:
    """No command, `demo` and `run` without --headless open the window; the rest is app.cli's."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:2] == ["-m", "simulator"]:  # the frozen bundle starting the demo simulator
        from simulator.cli import main as simulator_main

        return simulator_main(arguments[2:])
    if arguments[:2] == ["-m", "server"]:  # the frozen bundle starting the demo's server
        from server.cli import main as server_main

        return server_main(arguments[2:])
    arguments = split_launcher_options(arguments)
    if all(arg in GLOBAL_FLAGS for arg in arguments):
        verbose = bool(arguments)
        home_args = argparse.Namespace(command=None, verbose=verbose, lang=None, headless=False)
        return start_gui(home_args)
    args = cli.build_parser(arguments).parse_args(arguments)
    if args.command in ("demo", "run") and not args.headless:
        explicit = any(a == "--lang" or a.startswith("--lang=") for a in arguments)
        args.lang_from_settings = not explicit  # --lang wins over the settings' language
        return start_gui(args)
    attach_parent_console()
    return cli.main(arguments)


if __name__ == "__main__":
    sys.exit(main())
