"""The control API (FastAPI) over a running simulated plant: list devices, inject, restore."""

from __future__ import annotations

from typing import Any, Protocol

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, ConfigDict

from simulator.faults import FaultError


class Controller(Protocol):
    """What the API needs of the simulated plant."""

    def device_list(self) -> list[dict[str, Any]]: ...

    def health(self) -> dict[str, Any]: ...

    async def inject(
        self, ci: str, kind: str, value: str | float | None = None
    ) -> dict[str, Any]: ...

    async def restore(self, ci: str | None = None) -> list[str]: ...


class FaultRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ci: str
    kind: str
    value: str | float | None = None


def create_app(plant: Controller) -> FastAPI:
    app = FastAPI(title="plantconsole-sim control", version="1")

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return plant.health()

    @app.get("/devices")
    async def devices() -> list[dict[str, Any]]:
        return plant.device_list()

    @app.post("/faults", status_code=201)
    async def inject(request: FaultRequest) -> dict[str, Any]:
        try:
            return await plant.inject(request.ci, request.kind, request.value)
        except FaultError as exc:
            raise HTTPException(exc.status, str(exc)) from None

    @app.delete("/faults")
    async def restore_all() -> dict[str, Any]:
        return {"restored": await plant.restore()}

    @app.delete("/faults/{ci}")
    async def restore_one(ci: str) -> dict[str, Any]:
        try:
            return {"restored": await plant.restore(ci)}
        except FaultError as exc:
            raise HTTPException(exc.status, str(exc)) from None

    return app
