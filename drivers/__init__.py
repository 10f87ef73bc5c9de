"""PlantConsole drivers package."""
