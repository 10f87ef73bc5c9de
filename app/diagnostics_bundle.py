"""'Copy diagnostics': one zip for a support ticket (logs, versions, settings without secrets).

The zip holds `versions.json` (PlantConsole, Python, PySide6, Qt, asyncua, pymodbus,
... and the OS), `settings.json` as stored (it holds secret references only; every
text is masked once more on the way in), and the log files. Nothing is read from the
keyring.
"""

from __future__ import annotations

import json
import platform
import sys
import zipfile
from datetime import datetime
from importlib import metadata
from pathlib import Path

from app import __version__
from app.logging_setup import log_files, mask
from app.paths import data_dir
from app.settings import Settings, settings_path

PACKAGES = (
    "PySide6-Essentials",
    "shiboken6",
    "asyncua",
    "pymodbus",
    "pyqtgraph",
    "qasync",
    "SQLAlchemy",
    "alembic",
    "keyring",
    "platformdirs",
    "pydantic",
    "cryptography",
)
MAX_LOG_BYTES = 20_000_000


def versions() -> dict[str, str]:
    """Versions of everything a support engineer asks for first."""
    found: dict[str, str] = {
        "plantconsole": __version__,
        "python": sys.version.replace("\n", " "),
        "os": platform.platform(),
        "machine": platform.machine(),
        "frozen": str(bool(getattr(sys, "frozen", False))),
    }
    try:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        found["PySide6"] = pyside_version
        found["Qt"] = qVersion()
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        found["PySide6"] = "not installed"
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            module = sys.modules.get(name.lower().replace("-essentials", ""))
            found[name] = str(getattr(module, "__version__", "not found"))
    return found


def default_target() -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return data_dir() / "diagnostics" / f"plantconsole-diagnostics-{stamp}.zip"


def write_bundle(target: Path | None = None, settings: Settings | None = None) -> Path:
    """Write the zip (default: the data folder's diagnostics/) and return its path."""
    target = target or default_target()
    target.parent.mkdir(parents=True, exist_ok=True)
    if settings is None:
        settings, _ = Settings.load()
    stored = {"schema": "as loaded", **settings.to_dict()}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("versions.json", json.dumps(versions(), indent=2) + "\n")
        bundle.writestr("settings.json", mask(json.dumps(stored, indent=2)) + "\n")
        bundle.writestr("settings-path.txt", f"{settings_path()}\n")
        budget = MAX_LOG_BYTES
        for path in log_files():
            try:
                data = path.read_bytes()[-budget:]
            except OSError:
                continue
            text = mask(data.decode("utf-8", errors="replace"))
            bundle.writestr(f"logs/{path.name}", text)
            budget -= len(data)
            if budget <= 0:
                break
    return target
