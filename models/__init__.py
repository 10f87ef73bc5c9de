"""PlantConsole models package."""
