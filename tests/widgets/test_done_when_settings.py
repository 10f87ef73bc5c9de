"""Issue 8 "Done when", through the launcher as a user starts it (`plantconsole`, no
arguments) on a fresh machine: the welcome page -> "Start the demo" (the real simulator
and the embedded sync server, as processes) -> Settings: German and dark -> the window
shows German menus and the dark palette -> File > Quit -> start again: still German and
dark. Nothing is left running afterwards: no simulator, no server.

The launcher runs its own qasync loop (`start_gui`, as in the bundle); the user's clicks
come from a timer (`Script`) while that loop runs. The bundle build itself is checked by
scripts/bundle_smoke.sh (.ci/run).
"""

from __future__ import annotations

import gc
import logging
import os
import re
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keyring
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget

from app.settings import Settings
from tests.app.test_settings import MemoryKeyring
from widgets import i18n, launcher, palette, theme
from widgets.main_window import MainWindow
from widgets.settings_dialog import SettingsDialog
from widgets.welcome_page import WelcomePage

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(600),
    pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see the processes"),
]
STEP_S = 120.0  # generous per step: the simulator and the server start on a shared machine
EXIT_S = 30.0


# -- processes ------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        text = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # [state, ppid, ...]; the name may hold spaces


def alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def descendants(root: int) -> set[int]:
    """Every living process below `root` (children, grandchildren, ...)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def command_line(pid: int) -> str:
    try:
        raw = (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return "?"
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


# -- the user -------------------------------------------------------------------------

Step = tuple[str, Callable[[], Any], Callable[[Any], None]]


def visible(kind: type[QWidget]) -> Any:
    """The visible top-level window of this kind, or None."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return next((w for w in app.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


@dataclass
class Script:
    """A user's steps, played from a timer while the launcher's loop runs: each step waits
    until `ready()` gives something, then acts on it. A step not reached within STEP_S,
    an act that raises, or a crash dialog ends the scenario: every window is closed so the
    launcher returns and the test reports what went wrong instead of hanging."""

    steps: list[Step]
    done: list[str] = field(default_factory=list)
    failure: str = ""
    timer: QTimer = field(default_factory=QTimer)

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + STEP_S
        self.timer.setInterval(50)
        self.timer.timeout.connect(self.on_tick)
        self.timer.start()

    def on_tick(self) -> None:
        if self.failure or not self.steps:
            return
        box = visible(QMessageBox)
        if box is not None and box.objectName() == "crashDialog":
            self.fail(f"an error dialog: {box.text()}\n{box.detailedText()}")
            return
        name, ready, act = self.steps[0]
        found = ready()
        if found is None or found is False:
            if time.monotonic() > self.deadline:
                self.fail(f"not reached within {STEP_S:.0f} s: {name}")
            return
        self.steps.pop(0)
        self.done.append(name)
        self.deadline = time.monotonic() + STEP_S
        try:
            act(found)
        except Exception as exc:  # reported by the test, after the launcher returned
            self.fail(f"{name}: {type(exc).__name__}: {exc}")

    def fail(self, why: str) -> None:
        self.failure = why
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        modal = app.activeModalWidget()
        if modal is not None:
            QTimer.singleShot(0, modal.close)
        for widget in app.topLevelWidgets():
            if widget.isVisible():
                QTimer.singleShot(0, widget.close)

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def fresh_machine(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A new user's machine (the private PLANTCONSOLE_HOME, an in-memory keyring); and,
    afterwards, the process as it was before the launcher ran in it (it is meant to run
    once per process: log handlers, signal handlers, the frozen GC generation, the
    application-wide language, theme and quit-on-close)."""
    previous_keyring = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    on_signal = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    root = logging.getLogger()
    level = root.level
    monkeypatch.setattr(launcher, "_plant_cache", None)
    yield Path(os.environ["PLANTCONSOLE_HOME"])
    for sig, previous in on_signal.items():
        signal.signal(sig, previous)
    for handler in [h for h in root.handlers if getattr(h, "_plantconsole", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    logging.captureWarnings(False)
    gc.unfreeze()
    theme.apply_theme(qapp, "light")
    i18n.install_language(qapp, "en")
    qapp.setQuitOnLastWindowClosed(True)
    keyring.set_keyring(previous_keyring)


def start_plantconsole(steps: list[Step]) -> tuple[int, Script]:
    """`plantconsole` with no arguments (the Start-menu shortcut), played by `steps`."""
    script = Script(steps)
    try:
        code = launcher.main([])
    finally:
        script.stop()
    return code, script


def window_colour() -> str:
    return QApplication.palette().color(QPalette.ColorRole.Window).name().upper()


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_new_user_demo_german_dark_and_a_restart(qapp: QApplication, fresh_machine: Path) -> None:
    seen: dict[str, Any] = {}
    before = descendants(os.getpid())
    collecting = gc.isenabled()

    def on_welcome(page: WelcomePage) -> None:
        seen["welcome"] = (page.windowTitle(), page.intro.text(), window_colour())
        page.demo_button.click()

    def demo_running() -> MainWindow | None:
        window = visible(MainWindow)
        if window is None or "— console" not in window.windowTitle():
            return None  # not yet syncing through the embedded server
        started = descendants(os.getpid()) - before
        return window if len(started) >= 2 else None  # the simulator and the server

    def on_demo(window: MainWindow) -> None:
        started = descendants(os.getpid()) - before
        seen["started"] = {pid: command_line(pid) for pid in started}
        seen["english_menus"] = menu_titles(window)
        QTimer.singleShot(0, window.settings_action.trigger)  # its exec() must not block us

    def on_settings(dialog: SettingsDialog) -> None:
        seen["dialog"] = (dialog.language_combo.currentData(), dialog.theme_combo.currentData())
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("de"))
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    def german_and_dark() -> MainWindow | None:
        window = visible(MainWindow)
        if window is None or visible(SettingsDialog) is not None:
            return None
        switched = window.file_menu.title() == "&Datei" and theme.current_theme() == "dark"
        return window if switched else None

    def on_german_and_dark(window: MainWindow) -> None:
        seen["german_menus"] = menu_titles(window)
        seen["dark"] = (window_colour(), window.palette().color(QPalette.ColorRole.Window).name())
        seen["saved"] = Settings.load()
        window.quit_action.trigger()  # File > Quit

    first_start: list[Step] = [
        ("the welcome page", lambda: visible(WelcomePage), on_welcome),
        ("the demo console, syncing", demo_running, on_demo),
        ("the Settings dialog", lambda: visible(SettingsDialog), on_settings),
        ("German menus and the dark palette", german_and_dark, on_german_and_dark),
    ]
    code, script = start_plantconsole(first_start)
    assert script.failure == "", f"{script.failure} (done: {script.done})"
    assert code == 0 and script.steps == []

    # first start: the welcome page, in English and light, not an error
    title, intro, colour = seen["welcome"]
    assert title == "Welcome to PlantConsole" and intro.startswith("No plant file")
    assert colour == palette.WINDOW_BG
    assert seen["dialog"] == ("en", "light")
    # the demo ran on real processes: the simulator and the embedded server
    commands = " | ".join(seen["started"].values())
    assert "simulator" in commands and "server" in commands, commands
    # the switch applied at once: German menus, dark palette; and it was saved
    english = {"&File", "&Incidents", "&View", "&Help"}
    assert english <= set(seen["english_menus"]), seen["english_menus"]
    assert {"&Datei", "&Störfälle", "&Ansicht", "&Hilfe"} <= set(seen["german_menus"])
    assert not english & set(seen["german_menus"]), seen["german_menus"]
    assert seen["dark"] == (palette.DARK_WINDOW_BG, palette.DARK_WINDOW_BG.lower())
    saved, problems = seen["saved"]
    assert problems == [] and (saved.language, saved.theme) == ("de", "dark")
    assert saved.plant_file == ""  # the demo is not a plant file: the page comes back

    # File > Quit stopped the simulator and the server: nothing is left running
    started = set(seen["started"])
    deadline = time.monotonic() + EXIT_S
    while any(alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = {pid: command_line(pid) for pid in started if alive(pid)}
    assert left == {}, f"still running after File > Quit: {left}"
    assert descendants(os.getpid()) - before == set()
    # the launcher's GUI-thread collector handed collection back as it found it
    assert gc.isenabled() is collecting
    # their temporary folders (the server's database, the simulator's plant file) are gone
    folders = set(re.findall(r"(/\S*plantconsole-(?:server|sim)-[^/\s]+)", commands))
    assert len(folders) == 2, commands
    assert [f for f in folders if Path(f).exists()] == []

    # start again, as a new process would: defaults until the settings are read
    theme.apply_theme(qapp, "light")
    i18n.install_language(qapp, "en")

    def on_welcome_again(page: WelcomePage) -> None:
        seen["again"] = (
            page.windowTitle(),
            page.demo_button.text(),
            i18n.current_language(),
            theme.current_theme(),
            window_colour(),
        )
        page.close()  # closing the page quits

    again: list[Step] = [("the welcome page again", lambda: visible(WelcomePage), on_welcome_again)]
    code, script = start_plantconsole(again)
    assert script.failure == "", f"{script.failure} (done: {script.done})"
    assert code == 0 and script.steps == []
    assert seen["again"] == (
        "Willkommen bei PlantConsole",
        "Demo starten",
        "de",
        "dark",
        palette.DARK_WINDOW_BG,
    )
    assert Settings.load()[0] == saved
    assert descendants(os.getpid()) - before == set()
