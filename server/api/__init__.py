"""HTTP routes of the central server (FastAPI routers)."""
