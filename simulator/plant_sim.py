"""SimulatedPlant: every monitored CI of a plant file served on loopback, with faults.

async with SimulatedPlant(free_ports=True) as sim:
    plant = load_plant(sim.effective_plant_path)
    await sim.inject("SW-L3-043", "down")
    await sim.restore()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import tomli_w

from models.cmdb import Plant
from models.plant_loader import load_plant, parse_plant
from simulator.control_api import create_app
from simulator.control_server import ControlServer
from simulator.default_plant import default_plant_path
from simulator.device_model import TICK_S, DeviceModel
from simulator.effective_plant import rewrite_endpoints, write_plant
from simulator.fault_book import FaultBook
from simulator.faults import ActiveFault, FaultKind
from simulator.gateway import add_gateway
from simulator.layout import ListenerPlan, plan_listeners, reach_ports
from simulator.modbus_backend import ModbusBackend, ModbusDevice
from simulator.opcua_backend import OpcuaBackend
from simulator.proxy import NetworkProxy
from simulator.reach_backend import ReachBackend

log = logging.getLogger(__name__)

GATEWAY_STRIDE = 4  # generated gateway devices move every 4th tick (2 s): cheap at 500 devices
SWEEP_SLICE = 100  # devices updated between two yields to the event loop


@dataclass
class _Listener:
    plan: ListenerPlan
    proxy: NetworkProxy
    backend: ModbusBackend | ReachBackend | None


class SimulatedPlant:
    """Serves a plant file's devices behind simulated network proxies; faults on request."""

    def __init__(
        self,
        plant_file: str | Path | None = None,
        *,
        devices: int = 0,
        free_ports: bool = True,
        write_plant: str | Path | None = None,
        control_host: str = "127.0.0.1",
        control_port: int | None = 0,
        tick_s: float = TICK_S,
        gateway_stride: int = GATEWAY_STRIDE,
    ) -> None:
        self.plant_file = Path(plant_file) if plant_file is not None else default_plant_path()
        self.gateway_devices = devices
        self.free_ports = free_ports
        self._write_plant = Path(write_plant) if write_plant is not None else None
        self._control_address = None if control_port is None else (control_host, control_port)
        self.tick_s = tick_s
        # Benchmarks ask for a faster, busier plant: gateway PLCs then move every tick.
        self.gateway_stride = max(1, gateway_stride)
        self._tmpdir: Path | None = None
        self._opcua: OpcuaBackend | None = None
        self._listeners: list[_Listener] = []
        self._models: dict[str, DeviceModel] = {}
        self._strides: dict[str, int] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._control: ControlServer | None = None
        self._down: set[str] = set()
        self.plant: Plant | None = None
        self.effective_plant: Plant | None = None
        self.effective_plant_path = Path()
        self.control_url: str | None = None
        self._book: FaultBook | None = None

    async def __aenter__(self) -> SimulatedPlant:
        await self.start()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # --- lifecycle ------------------------------------------------------------------

    async def start(self) -> None:
        """Serve everything; the effective plant file is written once all servers listen."""
        try:
            await self._start()
        except BaseException:
            await self.stop()
            raise

    async def _start(self) -> None:
        plant = load_plant(self.plant_file)  # the person's file: errors name its lines
        raw = tomllib.loads(self.plant_file.read_text(encoding="utf-8-sig"))
        if self.gateway_devices > 0:
            raw = add_gateway(raw, self.gateway_devices)
            plant = parse_plant(
                tomli_w.dumps(raw), f"{self.plant_file} + {self.gateway_devices} gateway devices"
            )
        self.plant = plant
        plans = plan_listeners(plant)
        self._build_models(plant)
        await self._start_opcua(plant)
        for plan in plans.values():
            await self._start_listener(plant, plan)
        with_listener = {ci for item in self._listeners for ci in item.plan.ci_ids}
        self._book = FaultBook(plant, self._models, with_listener)
        await self._write_effective_plant(raw, plant)
        self._spawn(self._tick_loop())
        if self._control_address is not None:
            self._control = ControlServer(create_app(self), *self._control_address)
            await self._control.start()
            self.control_url = self._control.url

    async def stop(self) -> None:
        """Stop every server and task; safe to call twice or after a failed start."""
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        if self._control is not None:
            await self._control.stop()
            self._control = None
        for listener in self._listeners:
            await listener.proxy.stop()
            if listener.backend is not None:
                await listener.backend.stop()
        self._listeners.clear()
        if self._opcua is not None:
            await self._opcua.stop()
            self._opcua = None
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def _build_models(self, plant: Plant) -> None:
        gateway = self.gateway_devices > 0
        for node in plant.nodes.values():
            if node.protocol in ("opcua", "modbus"):
                self._models[node.id] = DeviceModel(node, list(plant.points(node.id)))
                generated = (
                    gateway
                    and node.profile is not None
                    and node.profile.id.startswith("sim-gateway")
                )
                self._strides[node.id] = self.gateway_stride if generated else 1

    async def _start_opcua(self, plant: Plant) -> None:
        models = [m for m in self._models.values() if m.protocol == "opcua"]
        if not models:
            return
        self._opcua = OpcuaBackend()
        await self._opcua.start()
        for model in models:
            await self._opcua.add_device(model, plant.opcua_points(model.ci_id))

    async def _start_listener(self, plant: Plant, plan: ListenerPlan) -> None:
        backend: ModbusBackend | ReachBackend | None = None
        if plan.protocol == "opcua":
            assert self._opcua is not None
            port = self._opcua.port
        elif plan.protocol == "modbus":
            devices = []
            for ci in plan.ci_ids:
                modbus = plant.nodes[ci].ci.modbus  # type: ignore[union-attr]
                assert modbus is not None
                devices.append(
                    ModbusDevice(self._models[ci], plant.modbus_points(ci), modbus.unit_id)
                )
            backend = ModbusBackend(devices)
        else:
            backend = ReachBackend()
        if backend is not None:
            await backend.start()
            port = backend.port
        name = ",".join(plan.ci_ids) or f"reference {plan.address[0]}:{plan.address[1]}"
        proxy = NetworkProxy(name, plan.address[0], plan.address[1], port)
        self._listeners.append(_Listener(plan, proxy, backend))
        await proxy.start(self.free_ports)

    async def _write_effective_plant(self, raw: dict[str, Any], plant: Plant) -> None:
        moves = {item.plan.address: (item.proxy.host, item.proxy.port) for item in self._listeners}
        ports = {pid: list(profile.ports) for pid, profile in plant.profiles.items()}
        effective = rewrite_endpoints(raw, moves, ports)
        self.effective_plant = parse_plant(tomli_w.dumps(effective), "<effective plant>")
        if self._write_plant is None:
            self._tmpdir = Path(tempfile.mkdtemp(prefix="plantconsole-sim-"))
            self.effective_plant_path = self._tmpdir / "effective_plant.toml"
        else:
            self.effective_plant_path = self._write_plant
        write_plant(effective, self.effective_plant_path)

    def _spawn(self, coro: Any) -> None:
        task: asyncio.Task[None] = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- values ---------------------------------------------------------------------

    async def _tick_loop(self) -> None:
        tick = 0
        models = list(self._models.values())
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        while True:
            # On a fixed schedule (a sweep of a large plant takes a good part of a tick, and
            # sleeping a full tick after it slowed the plant down); late: skip, never burst.
            next_at = max(next_at + self.tick_s, loop.time())
            await asyncio.sleep(next_at - loop.time())
            tick += 1
            for position, model in enumerate(models):
                if position % SWEEP_SLICE == SWEEP_SLICE - 1:
                    await asyncio.sleep(0)  # let the servers answer during a long sweep
                stride = self._strides[model.ci_id]
                if stride > 1 and (tick + position) % stride:
                    continue
                try:
                    # In 500 ms steps, so counters keep real time whatever the tick length.
                    changed = model.tick(stride * self.tick_s / TICK_S)
                    if changed and self._opcua is not None and model.protocol == "opcua":
                        await self._opcua.publish(model, changed)
                except Exception:  # one bad device must not stop the plant
                    log.exception("updating %s failed", model.ci_id)

    # --- faults ---------------------------------------------------------------------

    @property
    def book(self) -> FaultBook:
        if self._book is None:
            raise RuntimeError("the simulated plant is not started")
        return self._book

    async def inject(self, ci: str, kind: str, value: str | float | None = None) -> dict[str, Any]:
        """Inject a fault (see `simulator.faults.FaultKind`); raises FaultError when it cannot."""
        fault = self.book.check(ci, kind, value)
        self.book.add(fault)
        if fault.kind is FaultKind.RESTART:
            self._spawn(self._restart_later(fault))
        await self._apply()
        affected = sorted(self._down) if fault.kind is FaultKind.DOWN else [ci]
        return {"ci": ci, "kind": fault.kind.value, "value": fault.value, "affected": affected}

    async def restore(self, ci: str | None = None) -> list[str]:
        """Clear the faults of one CI, or all; the CIs that had faults."""
        cleared = self.book.clear(ci)
        await self._apply()
        return cleared

    async def _restart_later(self, fault: ActiveFault) -> None:
        await asyncio.sleep(float(fault.value or 0))
        if self.book.of(fault.ci).get(FaultKind.RESTART) is fault:
            self.book.remove(fault.ci, FaultKind.RESTART)
            await self._apply()

    async def _apply(self) -> None:
        """Push the fault book into the device models and the network proxies."""
        book = self.book
        self._down = down = book.down_set()
        for ci, model in self._models.items():
            faults = book.of(ci)
            was_unreachable = model.faults.unreachable
            state = model.faults
            state.stopped = FaultKind.STOP in faults
            code = faults.get(FaultKind.FAULT)
            state.fault_code = int(code.value) if code is not None and code.value is not None else 0
            drift = faults.get(FaultKind.DRIFT)
            state.drift_tags = {str(drift.value)} if drift is not None else set()
            exc = faults.get(FaultKind.MODBUS_EXCEPTION)
            state.exception_code = (
                int(exc.value) if exc is not None and exc.value is not None else None
            )
            state.short_replies = FaultKind.MALFORMED in faults and model.protocol == "modbus"
            state.unreachable = ci in down
            changed = model.refresh_state()
            if self._opcua is not None and model.protocol == "opcua":
                if was_unreachable != state.unreachable:
                    await self._opcua.publish(model)
                elif changed:
                    await self._opcua.publish(model, changed)
        for listener in self._listeners:
            cis = listener.plan.ci_ids
            kinds = [book.of(ci) for ci in cis]
            proxy = listener.proxy
            await proxy.set_blackhole(bool(cis) and all(ci in down for ci in cis))
            slow = [float(k[FaultKind.SLOW].value or 0) for k in kinds if FaultKind.SLOW in k]
            proxy.delay_s = max(slow, default=0.0)
            proxy.garble = listener.plan.protocol == "opcua" and any(
                FaultKind.MALFORMED in k for k in kinds
            )
            crashed = any(FaultKind.CRASH in k or FaultKind.RESTART in k for k in kinds)
            await proxy.set_crashed(crashed)

    # --- reporting ------------------------------------------------------------------

    def device_list(self) -> list[dict[str, Any]]:
        """Every monitored CI with its public endpoint, its faults and whether it answers."""
        plant = self.effective_plant
        if plant is None:
            return []
        book = self.book
        result = []
        for node in plant.nodes.values():
            if node.protocol is None and not book.of(node.id):
                continue
            endpoint = node.endpoint
            if node.protocol == "reach":
                endpoint = ",".join(f"{node.ci.reach.host}:{p}" for p in reach_ports(node))  # type: ignore[union-attr]
            result.append(
                {
                    "ci": node.id,
                    "name": node.name,
                    "kind": node.kind,
                    "protocol": node.protocol,
                    "endpoint": endpoint,
                    "faults": [
                        {"kind": f.kind.value, "value": f.value} for f in book.of(node.id).values()
                    ],
                    "down": node.id in self._down,
                }
            )
        return result

    def health(self) -> dict[str, Any]:
        return {
            "status": "ok",
            "plant": str(self.effective_plant_path),
            "devices": len(self._models)
            + sum(1 for i in self._listeners if i.plan.protocol == "reach"),
            "listeners": len(self._listeners),
            "faults": len(self.book.all()),
        }
