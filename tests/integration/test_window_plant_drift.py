"""Issue 6 through the console window (launcher.show_console, as `plantconsole run`
starts it) against a real server process: the plant file handed to the window is
compared with the server's, and the header warns that it differs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.incidents.options import IncidentOptions
from app.monitor.bindings import Intervals
from models.cmdb import Plant
from resources import demo_plant_path
from server.process import ServerProcess
from tests.server.site import Site
from tests.widgets.launcher_rig import run_in_loop
from widgets import launcher
from widgets.main_window import MainWindow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    db = tmp_path_factory.mktemp("srv") / "server.sqlite"
    process = ServerProcess(f"sqlite:///{db}")
    process.create_admin("root", "root-password")
    with process:
        yield Site(process, "root", "root-password")


def test_the_window_header_warns_when_the_plant_file_is_not_the_servers(
    qapp: QApplication, tmp_path: Path, demo_plant: Plant, site: Site
) -> None:
    text = demo_plant_path().read_bytes()
    site.admin(
        "PUT", "/v1/plant", content=text + b"\n# v1\n", headers={"content-type": "text/plain"}
    )
    local = tmp_path / "plant.toml"
    local.write_bytes(text)
    credential = site.add_console()
    seen: list[str] = []

    def close_once_warned() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                warning = widget.header.plant_warning
                if not warning.isHidden():
                    seen.append(warning.text())
                    widget.close()
                    return
        QTimer.singleShot(50, close_once_warned)

    QTimer.singleShot(0, close_once_warned)
    console = launcher.show_console(
        demo_plant,
        Intervals(poll_ms=500, timeout_s=1.0),
        "en",
        incidents=IncidentOptions(tmp_path / "console.sqlite", credential.console_id, "anna"),
        sync=(site.url, credential),
        plant_file=local,
    )
    run_in_loop(qapp, console, timeout_s=60)
    assert seen == ["plant file differs from the server's (version 1)"]
