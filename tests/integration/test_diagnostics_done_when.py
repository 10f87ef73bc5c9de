"""Issue 7 "Done when", through the window as a user starts it (`plantconsole demo`: the
real simulator and the embedded sync server, as processes): `stop` is injected on
AR-042-PLC through the simulator's control API -> the P1 is auto-raised -> a right-click
on AR-042-PLC in the machine tree, "Diagnose (Ping)" -> the diagnostics panel reads
"host reachable, OPC UA up, program STOPPED since …, last change …" -> "Attach to
incident" -> the P1's timeline shows the diagnostic and a work note with the report, and
the store holds one audit record of the run, not two -> File > Quit: nothing left running.

The trigger -> report time is printed (the issue's "within two seconds"), not asserted:
timed asserts are not allowed here. The launcher runs its own qasync loop; the user's
steps come from a timer (`Script`, tests/widgets/test_done_when_settings.py).
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest

from app.diagnostics.results import DiagnosticRun
from app.incidents.service import IncidentService
from models.states import State
from models.store.audit import list_diagnostics
from models.store.engine import Store
from simulator.control_client import ControlClient
from tests.widgets.test_done_when_settings import (  # noqa: F401 (fresh_machine: a fixture)
    EXIT_S,
    Script,
    Step,
    alive,
    command_line,
    descendants,
    fresh_machine,
    visible,
)
from tests.widgets.test_incidents_raise import entry, tree_menu
from widgets import launcher
from widgets.main_window import MainWindow

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(600),
    pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see the processes"),
    pytest.mark.qt_log_ignore(
        "This plugin does not support propagateSizeHints",
        "This plugin does not support raise",
        "This plugin does not support grabbing the keyboard",  # the tree's menu pops up
    ),
]
PLC = "AR-042-PLC"
PING = "Diagnose (Ping)"
CONTROL = re.compile(r"control API (\S+)")


def incidents_of(window: MainWindow) -> IncidentService:
    """The window's incident service (attached once the store opened)."""
    assert window.incident_service is not None
    return window.incident_service.service


def outbox_audit_ids(store: Store) -> list[str]:
    """The audit records still waiting for the server (the sync confirms them meanwhile)."""
    with store.read() as connection:
        rows = connection.exec_driver_sql("SELECT item_id FROM outbox WHERE kind = 'audit'")
        return [item for (item,) in rows]


@pytest.mark.usefixtures("fresh_machine")
def test_ping_a_stopped_plc_from_the_tree_and_attach_it_to_the_p1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    seen: dict[str, Any] = {}
    before = descendants(os.getpid())
    printed: list[str] = []

    def demo_running() -> MainWindow | None:
        window = visible(MainWindow)
        if window is None or "— console" not in window.windowTitle():
            return None  # the incident store is not attached yet (syncing: the title says)
        if PLC not in window.service.monitor.engine.effective:
            return None
        if window.service.monitor.engine.effective[PLC].state is not State.OK:
            return None  # the monitor has not seen the PLC running yet
        printed.append(capsys.readouterr().err)
        return window if CONTROL.search("".join(printed)) else None

    def on_demo(window: MainWindow) -> None:
        seen["started"] = {pid: command_line(pid) for pid in descendants(os.getpid()) - before}
        match = CONTROL.search("".join(printed))
        assert match is not None
        client = ControlClient(match.group(1))
        # as `plantconsole-sim fault --control URL AR-042-PLC stop` from another terminal
        seen["inject"] = asyncio.ensure_future(asyncio.to_thread(client.inject, PLC, "stop"))

    def the_p1() -> MainWindow | None:
        window = visible(MainWindow)
        if window is None or not seen["inject"].done():
            return None
        seen["inject"].result()  # a refused injection fails the step here
        heads = incidents_of(window).heads(open_only=True, root_ci=PLC)
        return window if heads else None

    def on_p1(window: MainWindow) -> None:
        head = incidents_of(window).heads(open_only=True, root_ci=PLC)[0]
        seen["p1"] = (head.id, head.priority, head.title)
        finished: list[tuple[float, DiagnosticRun]] = []
        window.diagnostics.finished.connect(lambda run: finished.append((time.monotonic(), run)))
        seen["finished"] = finished
        menu = tree_menu(window, PLC)  # the right-click on AR-042-PLC's row
        seen["selected"] = window.selection.current
        ping = entry(menu, PING)
        seen["ping_enabled"] = ping.isEnabled()
        seen["trigger"] = time.monotonic()
        ping.trigger()
        menu.close()

    def the_report() -> MainWindow | None:
        window = visible(MainWindow)
        if window is None or not seen["finished"]:
            return None
        text = window.diagnostics_panel.report.text.toPlainText()
        return window if text else None

    def on_report(window: MainWindow) -> None:
        at, run = seen["finished"][0]
        seen["elapsed_s"] = at - seen["trigger"]
        print(f"trigger -> report: {seen['elapsed_s']:.2f} s (the issue asks for < 2 s)")
        panel = window.diagnostics_panel
        print(panel.report.text.toPlainText())
        seen["run"] = run
        seen["shown"] = panel.report.current
        seen["report"] = panel.report.text.toPlainText()
        seen["attach_enabled"] = panel.attach_button.isEnabled()
        panel.attach_button.click()  # "Attach to incident"

    def attached() -> MainWindow | None:
        window = visible(MainWindow)
        if window is None:
            return None
        state = incidents_of(window).incident(seen["p1"][0])
        found = any(e.type == "diagnostic_attached" for e in state.timeline)
        return window if found else None

    def on_attached(window: MainWindow) -> None:
        service = incidents_of(window)
        state = service.incident(seen["p1"][0])
        seen["attached"] = [e.payload for e in state.timeline if e.type == "diagnostic_attached"]
        seen["work_notes"] = [n.text for n in state.notes if n.kind == "work_note"]
        seen["audits"] = [r.id for r in list_diagnostics(service.store, ci=PLC)]
        seen["outbox_audits"] = outbox_audit_ids(service.store)
        seen["status"] = window.diagnostics_panel.status.text()
        window.quit_action.trigger()  # File > Quit

    steps: list[Step] = [
        ("the demo console, syncing, AR-042-PLC OK", demo_running, on_demo),
        ("the P1 on AR-042-PLC, auto-raised", the_p1, on_p1),
        ("the diagnostics panel's report", the_report, on_report),
        ("the diagnostic on the P1's timeline", attached, on_attached),
    ]
    script = Script(steps)
    try:
        code = launcher.main(["demo"])  # `plantconsole demo`
    finally:
        script.stop()
    assert script.failure == "", f"{script.failure} (done: {script.done})"
    assert code == 0 and script.steps == []

    # the demo ran on real processes: the simulator and the embedded server
    commands = " | ".join(seen["started"].values())
    assert "simulator" in commands and "server" in commands, commands
    # the stop raised the P1 on the PLC; the right-click selected it and offered Ping
    _incident_id, priority, title = seen["p1"]
    assert priority == "P1", title
    assert seen["selected"] == PLC and seen["ping_enabled"]
    # the report: what the technician reads
    run: DiagnosticRun = seen["run"]
    assert run.ci_id == PLC and run.kind.value == "ping"
    assert seen["shown"] is run
    report = seen["report"]
    for words in ("host reachable", "OPC UA up", "program STOPPED", "last change"):
        assert words in report, report
    assert "host reachable, OPC UA up, program STOPPED since" in report, report
    # attached: one diagnostic_attached event, a work note with the report
    assert seen["attach_enabled"]
    assert seen["status"] == f"Attached to the incident of {PLC}"
    assert len(seen["attached"]) == 1, seen["attached"]
    assert seen["attached"][0]["run_id"] == run.audit_id
    assert any("program STOPPED" in note for note in seen["work_notes"]), seen["work_notes"]
    # one audit record of the run (written as it ended; the attach reused it), and the
    # outbox holds no other: the sync may already have confirmed this one
    assert seen["audits"] == [run.audit_id]
    assert set(seen["outbox_audits"]) <= {run.audit_id}, seen["outbox_audits"]

    # File > Quit stopped the simulator and the server: nothing is left running
    started = set(seen["started"])
    deadline = time.monotonic() + EXIT_S
    while any(alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = {pid: command_line(pid) for pid in started if alive(pid)}
    assert left == {}, f"still running after File > Quit: {left}"
    assert descendants(os.getpid()) - before == set()
