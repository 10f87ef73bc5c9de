"""Issue 4: the launcher and the window start without the store's or the network's libraries.

Checked in a fresh interpreter, so modules other tests imported do not count.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "httpx", "asyncua", "pymodbus", "numpy", "pyqtgraph")


def loaded_after(statement: str) -> list[str]:
    code = f"{statement}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.parametrize(
    "statement",
    [
        "import widgets.launcher",
        "import bench.gui_startup",  # the start-up benchmark's path: launcher + window
        "import app.auth, app.session",
        # what `plantconsole run` does before its window shows: parse, plan incidents, sync
        "import widgets.launcher\nfrom app import cli\na = ['run', '--config', 'p.toml']\n"
        "cli.build_parser(a).parse_args(a)\nfrom app.commands.run_commands import sync_plan\n"
        "from app.incidents.options import incident_options_of",
    ],
)
def test_start_up_imports_no_store_or_network_library(statement: str) -> None:
    assert loaded_after(statement) == []


def test_lazy_names_still_resolve() -> None:
    """What moved into functions is still there when the demo or a login needs it."""
    statement = (
        "import widgets.launcher\n"
        "from app.sync import SyncClient, Pin\n"
        "from app.commands.demo_commands import start_embedded_server\n"
        "from widgets.incidents.session import IncidentSession, incident_options_of"
    )
    assert "sqlalchemy" in loaded_after(statement)
