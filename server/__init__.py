"""PlantConsole server package."""
