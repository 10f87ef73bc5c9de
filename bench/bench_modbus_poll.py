"""Benchmark of Modbus polling: many devices at 1 Hz through the console's real path.

    python -m bench.bench_modbus_poll [--devices 1000] [--seconds 60] [--smoke] [--json]

The devices are `bench.modbus_responder` in its own process (plain asyncio, a few ports,
every unit id answers). The console side is `PlantMonitor` with one `ModbusDriver` (one TCP
connection) per device, polling 4 register blocks each (holding 0-1, holding 20-21,
input 0, input 20-21: too far apart to merge) every second.

A cycle is one batch of samples a driver publishes after reading all its blocks. Each
device's ideal schedule is a 1 s grid through its on-time phase (where most of its cycles
fall, modulo 1 s); a cycle's lateness
is its arrival minus the nearest slot of that grid (so a cycle more than half a period late
counts as a missed slot plus an early one), a slot in the measured window without a cycle
is missed. Targets (< 1 % missed, p99 lateness < 100 ms) are reported, never asserted.

Before the console, a raw baseline runs in the same process against the same responder: one
bare pymodbus client per device reading the same 4 blocks on the same 1 s schedule, nothing
else. Console CPU per request is reported next to it as a ratio.

Both runs `gc.freeze()` what is alive once they are set up (the console does so after its
start-up: widgets/launcher.py settle_gc, the headless watch loop) and unfreeze after;
`--no-freeze` leaves the collector alone on both sides.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import tomli_w
from pymodbus.client import AsyncModbusTcpClient

from app.monitor.bindings import Intervals
from app.monitor.plant_monitor import PlantMonitor
from bench.live import (
    Json,
    exit_on_sigterm,
    machine_rows,
    met,
    percentile,
    process_cpu_s,
    quiet_libraries,
    spread_ms,
)
from bench.measure import frozen, loadavg, machine, table
from drivers.base import Sample
from drivers.tasks import stop_task
from models.cmdb import Plant
from models.plant_loader import parse_plant
from models.states import State

TARGET_MISSED_PCT = 1.0
TARGET_P99_MS = 100.0
BLOCKS = 4  # read requests per device and cycle (POINTS below: too far apart to merge)
PROFILE = "bench-modbus"
POINTS: list[dict[str, Any]] = [
    {"name": "run_state", "role": "run_state", "table": "holding", "address": 0},
    {"name": "fault_code", "role": "fault_code", "table": "holding", "address": 1},
    {"name": "cycle_counter", "table": "holding", "address": 20, "type": "uint32"},
    {
        "name": "axis_temp",
        "table": "input",
        "address": 0,
        "type": "int16",
        "scale": 0.1,
        "warn_high": 60.0,
        "alarm_high": 75.0,
    },
    {
        "name": "vibration",
        "table": "input",
        "address": 20,
        "type": "float32",
        "warn_high": 4.5,
        "alarm_high": 7.1,
    },
]


@dataclass(frozen=True)
class Options:
    devices: int = 1000
    ports: int = 10
    poll_ms: int = 1000
    seconds: float = 60.0
    warmup_s: float = 5.0
    raw_seconds: float = 20.0
    freeze: bool = True


SMOKE = Options(devices=20, ports=2, seconds=2.5, warmup_s=1.0, raw_seconds=2.0)


def parse_args(argv: Sequence[str] | None) -> tuple[Options, bool]:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_modbus_poll", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--devices", type=int, help="simulated devices (1000)")
    parser.add_argument("--ports", type=int, help="responder ports, devices spread over them (10)")
    parser.add_argument("--seconds", type=float, help="measured seconds (60)")
    parser.add_argument("--raw-seconds", type=float, help="measured seconds of the raw run (20)")
    parser.add_argument(
        "--no-freeze", action="store_true", help="no gc.freeze() after set-up (both sides)"
    )
    parser.add_argument("--smoke", action="store_true", help="20 devices, a few seconds")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    base = SMOKE if args.smoke else Options()
    opts = Options(
        devices=args.devices or base.devices,
        ports=args.ports or base.ports,
        seconds=args.seconds or base.seconds,
        warmup_s=base.warmup_s,
        raw_seconds=args.raw_seconds or base.raw_seconds,
        freeze=not args.no_freeze,
    )
    return opts, args.json


def main(argv: Sequence[str] | None = None) -> int:
    opts, as_json = parse_args(argv)
    quiet_libraries()
    results = run(opts)
    print(json.dumps(results, indent=2) if as_json else render(results), flush=True)
    return 0


def modbus_plant(devices: int, ports: Sequence[int], poll_ms: int) -> Plant:
    """A plant of `devices` Modbus PLCs spread over the responder's ports (20 per line)."""
    raw: dict[str, Any] = {
        "schema_version": 1,
        "site": {"id": "BENCH", "name": "Modbus benchmark", "timezone": "UTC"},
        "console": {"reference_targets": []},
        "profile": [
            {
                "id": PROFILE,
                "name": "Benchmark Modbus PLC",
                "protocol": "modbus",
                "min_poll_ms": poll_ms,
                "timeout_ms": 1000,
                "run_states": {"0": "STOP", "1": "RUN", "2": "FAULT"},
                "modbus_points": POINTS,
            }
        ],
        "area": [{"id": "MB", "name": "Modbus devices"}],
        "line": [],
        "ci": [],
    }
    for index in range(devices):
        line = f"MB-L{index // 20 + 1:03d}"
        if index % 20 == 0:
            raw["line"].append({"id": line, "name": line, "area": "MB", "cost_per_hour": 1000.0})
        port = ports[index % len(ports)]
        raw["ci"].append(
            {
                "id": f"MB-PLC-{index + 1:04d}",
                "name": f"Modbus PLC {index + 1}",
                "kind": "plc",
                "parent": line,
                "profile": PROFILE,
                "modbus": {"host": "127.0.0.1", "port": port, "unit_id": index // len(ports) + 1},
            }
        )
    return parse_plant(tomli_w.dumps(raw), "<modbus bench plant>")


def start_responder(ports: int) -> tuple[subprocess.Popen[str], list[int]]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.modbus_responder", "--ports", str(ports)],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("READY "):
        process.kill()
        raise RuntimeError(f"the Modbus responder did not start: {line!r}")
    return process, [int(p) for p in line.split()[1].split(",")]


def run(opts: Options) -> Json:
    results: Json = {"machine": machine(), "options": asdict(opts)}
    responder, ports = start_responder(opts.ports)
    try:
        plant = modbus_plant(opts.devices, ports, opts.poll_ms)
        results["raw"] = asyncio.run(raw_poll(opts, plant, responder.pid))
        results.update(asyncio.run(poll(opts, plant, responder.pid)))
        raw_us = results["raw"]["cpu_us_per_request"]
        results["cpu_ratio"] = round(results["cpu_us_per_request"] / raw_us, 2) if raw_us else 0.0
    finally:
        responder.terminate()
        responder.wait(10)
        if responder.stdout is not None:
            responder.stdout.close()
    results["loadavg_end"] = loadavg()
    return results


async def poll(opts: Options, plant: Plant, responder_pid: int) -> Json:
    monitor = PlantMonitor(plant, Intervals(poll_ms=opts.poll_ms, timeout_s=1.0))
    monitor.attach_drivers()
    arrivals: dict[str, list[float]] = {key: [] for key in monitor.drivers}
    for key, driver in monitor.drivers.items():
        driver.add_sample_listener(_recorder(arrivals[key]))
    started = time.monotonic()
    await monitor.start()
    try:
        while not monitor.settled() and time.monotonic() - started < 120:  # noqa: ASYNC110
            await asyncio.sleep(0.2)
        settled_s = time.monotonic() - started
        with frozen(opts.freeze):
            await asyncio.sleep(opts.warmup_s)
            w0, p0, r0 = time.monotonic(), time.process_time(), process_cpu_s(responder_pid)
            await asyncio.sleep(opts.seconds)
            w1, p1, r1 = time.monotonic(), time.process_time(), process_cpu_s(responder_pid)
        ok = sum(1 for h in monitor.engine.rolled.values() if h.state is State.OK)
        total = len(monitor.engine.rolled)
    finally:
        await monitor.stop()
    period = opts.poll_ms / 1000
    late, expected, missed = schedule(arrivals, period, w0, w1)
    wall = w1 - w0
    return {
        "settled_s": round(settled_s, 1),
        "cycles": len(late),
        "expected_cycles": expected,
        "missed_cycles": missed,
        "missed_pct": round(100 * missed / expected, 3) if expected else 100.0,
        "lateness": spread_ms(late),
        "requests_per_s": round(len(late) * BLOCKS / wall, 1),
        "console_cpu_pct": round((p1 - p0) / wall * 100, 1),
        "cpu_us_per_request": round((p1 - p0) / max(1, len(late) * BLOCKS) * 1e6, 1),
        "responder_cpu_pct": round((r1 - r0) / wall * 100, 1),
        "cis_ok": f"{ok}/{total}",
        "target_missed_met": expected > 0 and 100 * missed / expected < TARGET_MISSED_PCT,
        "target_p99_met": bool(late) and percentile(late, 99) * 1e3 < TARGET_P99_MS,
    }


async def raw_poll(opts: Options, plant: Plant, responder_pid: int) -> Json:
    """The baseline: a bare pymodbus client per device, the same blocks on the same schedule
    (each device at its own phase of the period, as the driver does), nothing else."""
    blocks = [("read_holding_registers", 0, 2), ("read_holding_registers", 20, 2)]
    blocks += [("read_input_registers", 0, 1), ("read_input_registers", 20, 2)]
    assert len(blocks) == BLOCKS
    period = opts.poll_ms / 1000
    done = [0, 0]  # answered requests, failed requests
    connected: list[bool] = []

    async def device(host: str, port: int, unit: int) -> None:
        client = AsyncModbusTcpClient(host, port=port, timeout=1.0, retries=0, reconnect_delay=0)
        try:
            if not await asyncio.wait_for(client.connect(), 5.0):
                return
            connected.append(True)
            next_at = time.monotonic() + random.random() * period
            while True:
                await asyncio.sleep(max(0.0, next_at - time.monotonic()))
                for name, address, count in blocks:
                    try:
                        await getattr(client, name)(address, count=count, device_id=unit)
                        done[0] += 1
                    except Exception:
                        done[1] += 1
                next_at += period
        finally:
            client.close()

    targets = [
        (n.ci.modbus.host, n.ci.modbus.port, n.ci.modbus.unit_id)
        for n in plant.nodes.values()
        if n.ci is not None and n.ci.modbus is not None
    ]
    tasks = [asyncio.create_task(device(*t)) for t in targets]
    try:
        started = time.monotonic()
        while len(connected) < len(targets) and time.monotonic() - started < 60:  # noqa: ASYNC110
            await asyncio.sleep(0.2)
        with frozen(opts.freeze):
            await asyncio.sleep(opts.warmup_s)
            w0, p0, d0, r0 = (
                time.monotonic(),
                time.process_time(),
                done[0],
                process_cpu_s(responder_pid),
            )
            await asyncio.sleep(opts.raw_seconds)
            w1, p1, d1, r1 = (
                time.monotonic(),
                time.process_time(),
                done[0],
                process_cpu_s(responder_pid),
            )
    finally:
        # pymodbus may swallow a cancel (drivers/tasks.py): never wait unbounded for one
        await asyncio.gather(*(stop_task(t, attempts=3, wait_s=0.2) for t in tasks))
    wall, answered = w1 - w0, d1 - d0
    return {
        "devices_connected": len(connected),
        "requests_per_s": round(answered / wall, 1),
        "failed_requests": done[1],
        "cpu_pct": round((p1 - p0) / wall * 100, 1),
        "cpu_us_per_request": round((p1 - p0) / max(1, answered) * 1e6, 1),
        "responder_cpu_pct": round((r1 - r0) / wall * 100, 1),
    }


def _recorder(times: list[float]) -> Any:
    def on_samples(samples: Sequence[Sample]) -> None:
        if samples and samples[0].quality.severity != "bad":
            times.append(time.monotonic())

    return on_samples


def least_delayed_offset(offsets: Sequence[float], period: float, window: float = 0.05) -> float:
    """The on-time phase (in [0, period)) of cycles at `offsets`, on a circle of `period`:
    the start of the densest `window` of phases (most cycles come on time; the late ones
    spread out behind them).

    (Taking the smallest phase wrapped into [-period/2, period/2) failed once some cycles
    came more than half a period late: their phase wrapped around and became the anchor,
    and every on-time cycle then read that much late.)"""
    phases = sorted(o % period for o in offsets)
    if not phases:
        return 0.0
    n = len(phases)
    doubled = phases + [p + period for p in phases]
    best, best_count, end = phases[0], 0, 0
    for start in range(n):
        end = max(end, start)
        while end < start + n and doubled[end] < phases[start] + window:
            end += 1
        if end - start > best_count:
            best, best_count = phases[start], end - start
    return best


def schedule(
    arrivals: dict[str, list[float]], period: float, w0: float, w1: float
) -> tuple[list[float], int, int]:
    """Lateness of every cycle in [w0, w1), the slots expected there and those missed."""
    late: list[float] = []
    expected = missed = 0
    for times in arrivals.values():
        if not times:
            continue
        # The grid runs through the device's least delayed cycle, not its first one (which
        # may have been slowed by all devices connecting at once).
        t0 = times[0] + least_delayed_offset([t - times[0] for t in times], period)
        slots: set[int] = set()
        for t in times:
            if w0 <= t < w1:
                slot = round((t - t0) / period)
                slots.add(slot)
                late.append(max(0.0, t - (t0 + slot * period)))
        first = max(0, -int(-(w0 - t0) // period))  # first slot at or after w0
        wanted = range(first, int((w1 - t0 - 1e-9) // period) + 1)
        expected += len(wanted)
        missed += sum(1 for s in wanted if s not in slots)
    return late, expected, missed


def render(r: Json) -> str:
    o, lat, raw = r["options"], r["lateness"], r["raw"]
    return table(
        [
            ("machine", machine_rows(r["machine"], r["loadavg_end"])),
            (
                "setup",
                [
                    (
                        "devices",
                        f"{o['devices']:,} x 4 register blocks every {o['poll_ms']} ms, one TCP "
                        f"connection each, over {o['ports']} ports",
                    ),
                    ("device side", "bench.modbus_responder: plain asyncio, own process"),
                    ("console side", "PlantMonitor -> ModbusDriver (pymodbus client) per device"),
                    ("measured", f"{o['seconds']:g} s after all devices answered + warm-up"),
                    (
                        "collector",
                        "gc.freeze() after set-up, both runs"
                        if o.get("freeze", True)
                        else "not frozen",
                    ),
                ],
            ),
            (
                "Modbus polling",
                [
                    ("all devices answering after", f"{r['settled_s']} s ({r['cis_ok']} CIs OK)"),
                    (
                        "cycles",
                        f"{r['cycles']:,} of {r['expected_cycles']:,} expected "
                        f"({r['requests_per_s']:,.0f} requests/s)",
                    ),
                    ("missed cycles", f"{r['missed_cycles']:,} ({r['missed_pct']:g} %)"),
                    (
                        "cycle lateness",
                        f"p50 {lat['p50_ms']:g} ms, p95 {lat['p95_ms']:g} ms, "
                        f"p99 {lat['p99_ms']:g} ms, max {lat['max_ms']:g} ms",
                    ),
                    (
                        "CPU",
                        f"console {r['console_cpu_pct']:g} %, "
                        f"responder {r['responder_cpu_pct']:g} %",
                    ),
                    (
                        "raw pymodbus, same devices",
                        f"{raw['requests_per_s']:,.0f} requests/s, CPU {raw['cpu_pct']:g} % "
                        f"({raw['devices_connected']} connected, {raw['failed_requests']} failed)",
                    ),
                    (
                        "µs CPU/request",
                        f"console {r['cpu_us_per_request']:g}, raw {raw['cpu_us_per_request']:g}: "
                        f"{r['cpu_ratio']:g}x",
                    ),
                    (
                        f"target: missed < {TARGET_MISSED_PCT:g} %",
                        f"{met(r['target_missed_met'])} ({r['missed_pct']:g} %)",
                    ),
                    (
                        f"target: p99 lateness < {TARGET_P99_MS:g} ms",
                        f"{met(r['target_p99_met'])} ({lat['p99_ms']:g} ms)",
                    ),
                ],
            ),
        ]
    )


if __name__ == "__main__":
    exit_on_sigterm()
    raise SystemExit(main())
