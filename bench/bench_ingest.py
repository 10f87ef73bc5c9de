"""Benchmark of OPC UA ingest: the console's full pipeline next to a raw asyncua client.

    python -m bench.bench_ingest [--devices 1000] [--seconds 10] [--qt] [--smoke] [--json]

The simulator runs in its own process with N gateway PLCs (10 variables each, 4 of them
moving on every tick) behind one OPC UA endpoint. In the same run, against the same
server and with the same subscription settings, this process takes turns:

- raw: one asyncua client, one subscription over every variable, a callback that only
  counts the notified values (asyncua's low-level path: the cheapest consumer there is);
- pipeline: `PlantMonitor` over the same plant: OpcuaDriver -> samples -> readings ->
  own health -> engine and roll-up every flush -> change listener (with `--qt`: the
  `HealthMonitorService` under a QCoreApplication and a qasync loop, both phases).

Both phases call `gc.freeze()` once set up (subscribed; the monitor settled), as the
console does after start-up (widgets/launcher.py settle_gc, the headless watch loop),
and `gc.unfreeze()` after; `--no-freeze` leaves the collector alone on both sides. Either
way both sides are treated the same, and each phase reports its time in collections.

Each phase reports value changes per second and this process's CPU time
(`time.process_time`) per change, plus the simulator's CPU: a simulator near 100 % of a
core means the offered rate, not the console, sets the changes per second, and the CPU per
change is then the figure that tells the two apart (its inverse is the rate one core could
take). Targets (pipeline >= 0.8x the raw rate, <= 1.25x its CPU per change) are reported
as met or not, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import statistics
import tempfile
import time
import tomllib
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import tomli_w

from app.monitor.bindings import Intervals
from app.monitor.plant_monitor import PlantMonitor
from bench.live import (
    EMPTY_PLANT,
    Json,
    exit_on_sigterm,
    machine_rows,
    met,
    process_cpu_s,
    quiet_libraries,
)
from bench.measure import frozen, loadavg, machine, table
from drivers.base import Sample
from drivers.uatypes import Client, ua
from models.cmdb import Plant
from models.health import Changes
from models.plant_loader import parse_plant
from models.states import State
from simulator.gateway import GATEWAY_PROFILE, gateway_ci_ids
from simulator.process import SimulatorProcess

TARGET_RATE_RATIO = 0.8
TARGET_CPU_RATIO = 1.25
SIM_NAMESPACE = "urn:plantconsole:sim"


@dataclass(frozen=True)
class Options:
    devices: int = 1000
    tick_ms: int = 250
    publish_ms: int = 250
    seconds: float = 10.0
    warmup_s: float = 4.0
    rounds: int = 2
    qt: bool = False
    freeze: bool = True


SMOKE = Options(devices=10, seconds=1.0, warmup_s=0.5, rounds=1)


def parse_args(argv: Sequence[str] | None) -> tuple[Options, bool]:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_ingest", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--devices", type=int, help="gateway PLCs, 10 variables each (1000)")
    parser.add_argument("--tick-ms", type=int, help="simulator update period (250)")
    parser.add_argument("--publish-ms", type=int, help="publishing interval of both (250)")
    parser.add_argument("--seconds", type=float, help="measured seconds per phase (10)")
    parser.add_argument("--rounds", type=int, help="raw/pipeline turns (2)")
    parser.add_argument("--qt", action="store_true", help="QCoreApplication + qasync loop")
    parser.add_argument(
        "--no-freeze", action="store_true", help="no gc.freeze() after set-up (both sides)"
    )
    parser.add_argument("--smoke", action="store_true", help="10 devices, a few seconds")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    base = SMOKE if args.smoke else Options()
    opts = Options(
        devices=args.devices or base.devices,
        tick_ms=args.tick_ms or base.tick_ms,
        publish_ms=args.publish_ms or base.publish_ms,
        seconds=args.seconds or base.seconds,
        warmup_s=base.warmup_s,
        rounds=args.rounds or base.rounds,
        qt=args.qt,
        freeze=not args.no_freeze,
    )
    return opts, args.json


def main(argv: Sequence[str] | None = None) -> int:
    opts, as_json = parse_args(argv)
    quiet_libraries()
    results = run(opts)
    print(json.dumps(results, indent=2) if as_json else render(results), flush=True)
    return 0


# -- setup -----------------------------------------------------------------------------------


def console_plant(effective: Path, publish_ms: int) -> Plant:
    """The served plant, with the gateway profile's poll floor lowered to `publish_ms`.

    The generated gateway profile says 1000 ms; at that interval 1,000 devices change only
    4,000 values a second (one per moving variable per publish), far below what a client
    can take, so both consumers subscribe faster here.
    """
    raw = tomllib.loads(effective.read_text(encoding="utf-8"))
    for profile in raw.get("profile", []):
        if profile["id"] == GATEWAY_PROFILE:
            profile["min_poll_ms"] = publish_ms
    return parse_plant(tomli_w.dumps(raw), "<bench plant>")


def gateway_nodes(plant: Plant) -> tuple[str, list[str]]:
    """The gateway endpoint and the string identifiers of every variable behind it."""
    cis = gateway_ci_ids(len([c for c in plant.nodes if c.startswith("GW-PLC-")]))
    endpoint = plant.nodes[cis[0]].ci.opcua.endpoint  # type: ignore[union-attr]
    names = [p.node.split(";s=", 1)[1] for ci in cis for p in plant.opcua_points(ci)]
    return endpoint, names


def run(opts: Options) -> Json:
    results: Json = {"machine": machine(), "options": asdict(opts)}
    with tempfile.TemporaryDirectory(prefix="plantconsole-bench-") as tmp:
        plant_file = Path(tmp) / "empty.toml"
        plant_file.write_text(EMPTY_PLANT, encoding="utf-8")
        started = time.monotonic()
        sim = SimulatorProcess(
            plant_file,
            devices=opts.devices,
            tick_ms=opts.tick_ms,
            gateway_stride=1,
            startup_timeout=300,
        )
        with sim:
            results["simulator_start_s"] = round(time.monotonic() - started, 1)
            plant = console_plant(sim.effective_plant_path, opts.publish_ms)
            endpoint, nodes = gateway_nodes(plant)
            results["nodes"] = len(nodes)
            results["sim_idle_cpu_pct"] = _idle_cpu(sim.pid)
            phases = _run_loop(_phases(opts, plant, endpoint, nodes, sim.pid), opts.qt)
    results["phases"] = phases
    results["summary"] = summarize(phases)
    results["loadavg_end"] = loadavg()
    return results


def _idle_cpu(pid: int | None, seconds: float = 2.0) -> float:
    """The simulator's CPU with no subscriber: its own ticking."""
    before = process_cpu_s(pid)
    time.sleep(seconds)
    return round((process_cpu_s(pid) - before) / seconds * 100, 1)


def _run_loop(coro: Coroutine[Any, Any, list[Json]], qt: bool) -> list[Json]:
    if not qt:
        return asyncio.run(coro)
    import qasync
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance() or QCoreApplication([])
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        return runner.run(coro)


async def _phases(
    opts: Options, plant: Plant, endpoint: str, nodes: list[str], sim_pid: int | None
) -> list[Json]:
    phases: list[Json] = []
    for turn in range(opts.rounds):
        phases.append({"round": turn + 1, **await raw_phase(opts, endpoint, nodes, sim_pid)})
        phases.append({"round": turn + 1, **await pipeline_phase(opts, plant, sim_pid)})
    return phases


# -- measuring -------------------------------------------------------------------------------


async def measure(
    count: Callable[[], int],
    opts: Options,
    sim_pid: int | None,
    emitted: Callable[[], int] = lambda: 0,
) -> Json:
    """Changes per second and CPU per change over `opts.seconds`, after a warm-up."""
    await asyncio.sleep(opts.warmup_s)
    with gc_timer() as collections:
        c0, t0, p0, s0 = count(), time.monotonic(), time.process_time(), process_cpu_s(sim_pid)
        e0 = emitted()
        await asyncio.sleep(opts.seconds)
        c1, t1, p1, s1 = count(), time.monotonic(), time.process_time(), process_cpu_s(sim_pid)
    changes, wall, cpu = c1 - c0, t1 - t0, p1 - p0
    gc_s = sum(collections.values())
    return {
        "gc_us_per_change": round(gc_s / changes * 1e6, 2) if changes else None,
        "gc_full": sum(1 for g in collections if g[0] == 2),
        "gc_full_ms_max": round(
            max((t for g, t in collections.items() if g[0] == 2), default=0.0) * 1e3, 1
        ),
        "emissions_per_s": round((emitted() - e0) / wall, 1),
        "changes": changes,
        "seconds": round(wall, 2),
        "rate": round(changes / wall, 1),
        "cpu_us_per_change": round(cpu / changes * 1e6, 2) if changes else None,
        "client_cpu_pct": round(cpu / wall * 100, 1),
        "sim_cpu_pct": round((s1 - s0) / wall * 100, 1),
    }


@contextlib.contextmanager
def gc_timer() -> Iterator[dict[tuple[int, int], float]]:
    """Seconds spent in each garbage collection meanwhile, keyed (generation, n)."""
    spent: dict[tuple[int, int], float] = {}
    started = [0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            spent[(info["generation"], len(spent))] = time.perf_counter() - started[0]

    gc.callbacks.append(callback)
    try:
        yield spent
    finally:
        gc.callbacks.remove(callback)


async def raw_phase(opts: Options, endpoint: str, nodes: list[str], sim_pid: int | None) -> Json:
    """A bare asyncua client with the OpcuaDriver's subscription settings; counts values."""
    client = Client(endpoint, timeout=30, watchdog_intervall=30)
    await client.connect()
    counted = [0]

    def on_publish(result: Any) -> None:
        for notif in result.NotificationMessage.NotificationData or []:
            if isinstance(notif, ua.DataChangeNotification):
                counted[0] += len(notif.MonitoredItems)

    try:
        ns = await client.get_namespace_index(SIM_NAMESPACE)
        uac = client.uaclient
        params = ua.CreateSubscriptionParameters()
        keepalive = max(1, int(10_000 / opts.publish_ms))
        params.RequestedPublishingInterval = float(opts.publish_ms)
        params.RequestedMaxKeepAliveCount = keepalive
        params.RequestedLifetimeCount = keepalive * 6
        params.MaxNotificationsPerPublish = 0
        params.PublishingEnabled = True
        params.Priority = 0
        sub = await uac.create_subscription(params, on_publish)
        for first in range(0, len(nodes), 1000):
            request = ua.CreateMonitoredItemsParameters()
            request.SubscriptionId = sub.SubscriptionId
            request.TimestampsToReturn = ua.TimestampsToReturn.Both
            for handle, ident in enumerate(nodes[first : first + 1000], start=first + 1):
                request.ItemsToCreate.append(_item(ua.NodeId(ident, ns), handle, opts))
            await uac.create_monitored_items(request)
        with frozen(opts.freeze):
            result = await measure(lambda: counted[0], opts, sim_pid)
    finally:
        await client.disconnect()
    return {"consumer": "raw", **result}


def _item(nid: Any, handle: int, opts: Options) -> Any:
    rv = ua.ReadValueId()
    rv.NodeId = nid
    rv.AttributeId = ua.AttributeIds.Value
    mp = ua.MonitoringParameters()
    mp.ClientHandle = handle
    mp.SamplingInterval = float(opts.publish_ms // 2)
    mp.QueueSize = 1
    mp.DiscardOldest = True
    req = ua.MonitoredItemCreateRequest()
    req.ItemToMonitor = rv
    req.MonitoringMode = ua.MonitoringMode.Reporting
    req.RequestedParameters = mp
    return req


async def pipeline_phase(opts: Options, plant: Plant, sim_pid: int | None) -> Json:
    """PlantMonitor end to end; counts the samples its drivers deliver and what comes out."""
    monitor = PlantMonitor(plant, Intervals(poll_ms=opts.publish_ms, timeout_s=10.0))
    samples = [0]
    out = {"health_changes": 0, "signals": 0}

    def count(batch: Sequence[Sample]) -> None:
        samples[0] += len(batch)

    def listener(changes: Changes) -> None:
        out["health_changes"] += len(changes.rolled)

    monitor.add_listener(listener)
    service: Any = None
    if opts.qt:
        from app.monitor.service import HealthMonitorService

        service = HealthMonitorService(monitor)
        service.valuesChanged.connect(lambda _cis: out.__setitem__("signals", out["signals"] + 1))
        await service.start()
    else:
        monitor.add_value_listener(lambda _cis: out.__setitem__("signals", out["signals"] + 1))
        await monitor.start()
    # Counted per batch at the driver, as the raw side counts per notification: a sample
    # tap would add a call per change that the console's pipeline does not make.
    for driver in monitor.drivers.values():
        driver.add_sample_listener(count)
    try:
        await _wait_settled(monitor, 120.0)
        with frozen(opts.freeze):
            result = await measure(lambda: samples[0], opts, sim_pid, lambda: out["signals"])
        ok = sum(1 for h in monitor.engine.rolled.values() if h.state is State.OK)
        result["cis_ok"] = f"{ok}/{len(monitor.engine.rolled)}"
    finally:
        await (service.stop() if service is not None else monitor.stop())
    return {"consumer": "qt service" if opts.qt else "pipeline", **result}


async def _wait_settled(monitor: PlantMonitor, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while not monitor.settled():
        if time.monotonic() > deadline:
            raise RuntimeError("the monitor did not get values from every device in time")
        await asyncio.sleep(0.2)


# -- report ----------------------------------------------------------------------------------


def summarize(phases: list[Json]) -> Json:
    def median(consumer: str, key: str) -> float:
        values = [p[key] for p in phases if (p["consumer"] == "raw") == (consumer == "raw")]
        return float(statistics.median(v for v in values if v is not None))

    raw_rate, pipe_rate = median("raw", "rate"), median("pipeline", "rate")
    raw_cpu = median("raw", "cpu_us_per_change")
    pipe_cpu = median("pipeline", "cpu_us_per_change")
    rate_ratio = pipe_rate / raw_rate if raw_rate else 0.0
    cpu_ratio = pipe_cpu / raw_cpu if raw_cpu else 0.0
    return {
        "raw_rate": raw_rate,
        "pipeline_rate": pipe_rate,
        "raw_cpu_us_per_change": raw_cpu,
        "pipeline_cpu_us_per_change": pipe_cpu,
        "raw_capacity_per_core": round(1e6 / raw_cpu) if raw_cpu else 0,
        "pipeline_capacity_per_core": round(1e6 / pipe_cpu) if pipe_cpu else 0,
        "rate_ratio": round(rate_ratio, 3),
        "cpu_ratio": round(cpu_ratio, 3),
        "sim_cpu_pct_max": max(p["sim_cpu_pct"] for p in phases),
        "target_rate_met": rate_ratio >= TARGET_RATE_RATIO,
        "target_cpu_met": 0 < cpu_ratio <= TARGET_CPU_RATIO,
    }


def render(r: Json) -> str:
    o, s = r["options"], r["summary"]
    setup = [
        (
            "simulator (own process)",
            f"{o['devices']:,} gateway PLCs, {r['nodes']:,} variables, tick {o['tick_ms']} ms, "
            f"started in {r['simulator_start_s']} s, {r['sim_idle_cpu_pct']} % CPU unsubscribed",
        ),
        (
            "subscription (both)",
            f"publish {o['publish_ms']} ms, sampling {o['publish_ms'] // 2} ms, queue 1",
        ),
        ("event loop", "qasync QEventLoop + QCoreApplication" if o["qt"] else "asyncio"),
        (
            "collector",
            "gc.freeze() after set-up, both sides" if o.get("freeze", True) else "not frozen",
        ),
        ("measured", f"{o['seconds']:g} s per phase after {o['warmup_s']:g} s warm-up"),
    ]
    phases = []
    for p in r["phases"]:
        extra = ""
        if p["consumer"] != "raw":
            extra = f", {p['emissions_per_s']:g} emissions/s, {p['cis_ok']} CIs OK"
        cpu = p["cpu_us_per_change"]
        phases.append(
            (
                f"round {p['round']}: {p['consumer']}",
                f"{p['rate']:>9,.0f} changes/s, {cpu if cpu is not None else '-'} µs CPU/change, "
                f"console {p['client_cpu_pct']:g} % CPU, simulator {p['sim_cpu_pct']:g} %, "
                f"gc {p['gc_us_per_change']} µs/change ({p['gc_full']} full, longest "
                f"{p['gc_full_ms_max']:g} ms){extra}",
            )
        )
    summary = [
        (
            "raw (median)",
            f"{s['raw_rate']:,.0f} changes/s, {s['raw_cpu_us_per_change']:g} µs/change",
        ),
        (
            "pipeline (median)",
            f"{s['pipeline_rate']:,.0f} changes/s, {s['pipeline_cpu_us_per_change']:g} µs/change",
        ),
        (
            "one core could take",
            f"raw {s['raw_capacity_per_core']:,}/s, pipeline {s['pipeline_capacity_per_core']:,}/s",
        ),
        (
            f"target: rate >= {TARGET_RATE_RATIO:g}x raw",
            f"{met(s['target_rate_met'])} ({s['rate_ratio']:.2f}x)",
        ),
        (
            f"target: CPU/change <= {TARGET_CPU_RATIO:g}x raw",
            f"{met(s['target_cpu_met'])} ({s['cpu_ratio']:.2f}x)",
        ),
    ]
    if s["sim_cpu_pct_max"] >= 85:
        summary.append(
            (
                "note",
                f"simulator at up to {s['sim_cpu_pct_max']:g} % CPU: the offered rate, not the "
                "console, bounds changes/s; compare CPU per change",
            )
        )
    return table(
        [
            ("machine", machine_rows(r["machine"], r["loadavg_end"])),
            ("setup", setup),
            ("phases", phases),
            ("OPC UA ingest", summary),
        ]
    )


if __name__ == "__main__":
    exit_on_sigterm()
    raise SystemExit(main())
