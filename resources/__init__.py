"""Files shipped with PlantConsole: the demo plant, icons, translations."""

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent


def demo_plant_path() -> Path:
    """The demo plant file ("Werk Nord", modelled on the line-stop use case)."""
    return RESOURCES / "demo_plant.toml"
