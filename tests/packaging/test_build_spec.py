"""build.spec without building: what it bundles and excludes matches what the app imports.

The bundle build takes minutes (test_bundle.py, opt-in); these checks take seconds and
catch the two ways a trimmed spec breaks the bundle: a package the frozen app starts by
name is excluded (the demo's `-m server` was), or an excluded module is imported after all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import REPO

SPEC = REPO / "build.spec"
# Excluded although imported: the importer copes with its absence.
GUARDED = {"PySide6.QtTest"}  # pyqtgraph.Qt: try/except ImportError -> FailedImport


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    """The spec's helper functions, evaluated without PyInstaller (stubbed copy_metadata)."""
    source = SPEC.read_text(encoding="utf-8")
    head = source.split("\na = Analysis(", 1)[0]
    head = head.replace("from PyInstaller.utils.hooks import copy_metadata\n", "")
    namespace: dict[str, Any] = {"SPECPATH": str(REPO), "copy_metadata": lambda name: []}
    exec(compile(head, str(SPEC), "exec"), namespace)
    return namespace


def _excluded(name: str, excludes: list[str]) -> bool:
    return any(name == x or name.startswith(x + ".") for x in excludes)


def test_packages_started_by_name_are_bundled(spec: dict[str, Any]) -> None:
    hidden = spec["hidden_imports"]()
    excludes = spec["excluded_modules"]()
    for module in ("simulator.__main__", "simulator.cli", "server.__main__", "server.cli"):
        assert module in hidden, module  # `PlantConsole -m simulator|server ...` (the demo)
        assert not _excluded(module, excludes), module
    assert not any("migrations" in name for name in hidden)  # alembic reads those as files
    datas = {dest for _src, dest in spec["data_files"]()}
    assert {"server/migrations", "models/migrations", "resources/i18n"} <= datas


def test_excluded_modules_are_not_imported_by_the_app(spec: dict[str, Any]) -> None:
    """Import what the bundle runs (window, CLI, demo simulator and server, trends) and
    check that nothing the spec excludes got loaded."""
    excludes = spec["excluded_modules"]()
    code = (
        "import json, sys\n"
        "import widgets.launcher, widgets.main_window, widgets.trends.panel\n"
        "import app.cli, app.sync.embedded, simulator.cli, server.cli, server.app\n"
        "import pyqtgraph, numpy, sqlalchemy.dialects.sqlite, alembic.ddl\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = json.loads(result.stdout.splitlines()[-1])
    wrongly = [name for name in loaded if _excluded(name, excludes) and name not in GUARDED]
    assert wrongly == [], f"build.spec excludes modules the app imports: {wrongly}"
