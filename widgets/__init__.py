"""PlantConsole widgets package."""
