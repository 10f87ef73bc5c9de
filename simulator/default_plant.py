"""Where the demo plant file shipped in `resources/` lives."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEMO_PLANT = "demo_plant.toml"


def default_plant_path() -> Path:
    """The demo plant as a file path (installed package or source tree)."""
    try:
        candidate = Path(str(resources.files("resources").joinpath(DEMO_PLANT)))
        if candidate.is_file():
            return candidate
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "resources" / DEMO_PLANT
