"""The FastAPI application: routers, limits, and the per-process background tasks."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError

from models.incidents.hlc import HlcClock
from server.api import (
    admin_routes,
    auth_routes,
    diagnostic_routes,
    event_routes,
    maintenance_routes,
    plant_routes,
)
from server.api.schemas import Health
from server.config import ServerConfig
from server.db.engine import make_engine, migrate
from server.escalation import Escalator
from server.feed import head_of
from server.limits import BodyLimit, batch_too_large
from server.push import HeadWatcher

log = logging.getLogger("plantconsole.server")


def create_app(config: ServerConfig) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(config.database_url)
        await asyncio.to_thread(migrate, engine)
        watcher = HeadWatcher(engine, config.feed_poll_s)
        watcher.start()
        escalator = asyncio.create_task(Escalator(engine, config).run(), name="escalation")
        app.state.engine = engine
        app.state.config = config
        app.state.watcher = watcher
        app.state.loop = asyncio.get_running_loop()
        app.state.hlc_clock = HlcClock(max_ahead_ms=config.clock_ahead_ms)
        log.info("server ready", extra={"database": engine.url.render_as_string()})
        try:
            yield
        finally:
            escalator.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await escalator
            await watcher.stop()
            engine.dispose()

    app = FastAPI(
        title="PlantConsole server",
        version="1",
        summary="Incident events between consoles: upload, change feed, push; identity; plant.",
        lifespan=lifespan,
    )
    app.add_exception_handler(RequestValidationError, batch_too_large)  # count -> 413
    app.include_router(auth_routes.router)
    app.include_router(event_routes.router)
    app.include_router(plant_routes.router)
    app.include_router(admin_routes.router)
    app.include_router(diagnostic_routes.router)
    app.include_router(maintenance_routes.router)

    @app.get("/health", tags=["health"])
    def health(request: Request) -> Health:
        """Liveness and database reachability (no token needed)."""
        engine = request.app.state.engine
        return Health(status="ok", database=engine.dialect.name, head=head_of(engine))

    app.add_middleware(
        BodyLimit,
        default=config.max_body_bytes,
        per_path={"/v1/plant": config.max_plant_bytes},
    )
    return app
