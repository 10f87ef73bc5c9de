"""Instruction counts per OPC UA change: raw asyncua vs the console pipeline, replayed.

    python -m bench.ingest_replay record FILE [--devices 1000] [--seconds 3]
    python -m bench.ingest_replay replay FILE [--consumer raw|pipeline] [--repeat N]
    python -m bench.ingest_replay callgrind FILE

`bench_ingest` measures CPU time, which a shared machine makes noisy. This replays the
same traffic deterministically so that callgrind can count instructions instead:

- record: the simulator (own process, gateway mode, every tick moving) serves N PLCs; a
  `PlantMonitor` subscribes as in `bench_ingest`, and once settled the binary bodies of
  the PublishResponses it receives are saved, with the driver's client handles.
- replay: decodes each saved body with asyncua (`struct_from_binary`, what the client's
  publish loop does) and hands it to a consumer: `raw` is `bench_ingest`'s raw callback
  (counts the values); `pipeline` is the `OpcuaDriver`'s publish callback of a
  `PlantMonitor` over the same plant (driver -> samples -> readings -> own health ->
  engine and roll-up -> change and value listeners), flushed every 100 ms of the
  recorded publishing interval as its flush loop does. The first publishes (the initial
  values) are replayed unmeasured, then `gc.freeze()` as in `bench_ingest`.
- callgrind: runs `replay` for both consumers under `valgrind --tool=callgrind
  --toggle-collect=functools_reduce` (the measured replay runs inside one
  `functools.reduce`, nothing else in either path calls it) and prints instructions per
  change and their ratio. Left out on both sides: socket reads, the event loop and the
  publish requests, a few hundred instructions per change at ~4,000 changes a publish.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import pickle
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.monitor.bindings import Intervals
from app.monitor.plant_monitor import PlantMonitor
from bench.bench_ingest import Options, console_plant
from bench.live import EMPTY_PLANT, quiet_libraries
from drivers.base import LinkState
from drivers.opcua import OpcuaDriver
from drivers.uatypes import ua

WARMUP_PUBLISHES = 2
FLUSH_S = 0.1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_replay", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="save PublishResponses of a live session")
    rec.add_argument("file", type=Path)
    rec.add_argument("--devices", type=int, default=1000)
    rec.add_argument("--seconds", type=float, default=3.0)
    rep = sub.add_parser("replay", help="replay a recording into one consumer")
    rep.add_argument("file", type=Path)
    rep.add_argument("--consumer", choices=("raw", "pipeline"), default="pipeline")
    rep.add_argument("--repeat", type=int, default=1, help="replay the measured part N times")
    rep.add_argument("--publishes", type=int, default=0, help="measure only the first N")
    cg = sub.add_parser("callgrind", help="instructions per change, raw vs pipeline")
    cg.add_argument("file", type=Path)
    cg.add_argument("--publishes", type=int, default=0, help="measure only the first N")
    cg.add_argument("--keep", type=Path, help="keep callgrind.out.{raw,pipeline} in this folder")
    args = parser.parse_args(argv)
    quiet_libraries()
    if args.command == "record":
        import asyncio

        asyncio.run(record(args.file, args.devices, args.seconds))
    elif args.command == "replay":
        replay(args.file, args.consumer, args.repeat, args.publishes)
    else:
        callgrind(args.file, args.publishes, args.keep)
    return 0


# -- record ----------------------------------------------------------------------------------


async def record(out: Path, devices: int, seconds: float) -> None:
    import asyncio

    from asyncua.client import ua_session

    from simulator.process import SimulatorProcess

    opts = Options(devices=devices)
    bodies: list[bytes] = []
    decode = ua_session.struct_from_binary  # type: ignore[attr-defined]

    def capturing(objtype: Any, data: Any) -> Any:
        if objtype is ua.PublishResponse and capture[0]:
            bodies.append(bytes(data.copy()))
        return decode(objtype, data)

    capture = [False]
    with tempfile.TemporaryDirectory(prefix="plantconsole-replay-") as tmp:
        plant_file = Path(tmp) / "empty.toml"
        plant_file.write_text(EMPTY_PLANT, encoding="utf-8")
        sim = SimulatorProcess(
            plant_file, devices=devices, tick_ms=opts.tick_ms, gateway_stride=1, startup_timeout=300
        )
        with sim:
            plant_text = sim.effective_plant_path.read_text(encoding="utf-8")
            plant = console_plant(sim.effective_plant_path, opts.publish_ms)
            monitor = PlantMonitor(plant, Intervals(poll_ms=opts.publish_ms, timeout_s=10.0))
            ua_session.struct_from_binary = capturing  # type: ignore[attr-defined]
            capture[0] = True
            try:
                await monitor.start()
                deadline = time.monotonic() + 120
                while not monitor.settled():
                    if time.monotonic() > deadline:
                        raise RuntimeError("the monitor did not settle")
                    await asyncio.sleep(0.2)
                driver = _opcua_driver(monitor)
                settled, generation = len(bodies), driver._generation
                await asyncio.sleep(seconds)
                capture[0] = False
                if driver._generation != generation:
                    raise RuntimeError(f"the session was lost meanwhile: {driver.status}")
                handles = dict(driver._handles)
            finally:
                ua_session.struct_from_binary = decode  # type: ignore[attr-defined]
                await monitor.stop()
    data = {
        "plant": plant_text,
        "publish_ms": opts.publish_ms,
        "handles": handles,
        "settled": settled,
        "bodies": bodies,
    }
    out.write_bytes(pickle.dumps(data))  # noqa: ASYNC240 (the session is over)
    print(f"{len(bodies)} publish responses ({settled} until settled), {_changes(bodies)} changes")


def _opcua_driver(monitor: PlantMonitor) -> OpcuaDriver:
    drivers = [d for d in monitor.drivers.values() if isinstance(d, OpcuaDriver)]
    if len(drivers) != 1:
        raise RuntimeError(f"expected one OPC UA driver (the gateway), found {len(drivers)}")
    return drivers[0]


def _decode(body: bytes) -> Any:
    from asyncua.common.utils import Buffer
    from asyncua.ua.ua_binary import struct_from_binary

    return struct_from_binary(ua.PublishResponse, Buffer(body)).Parameters


def _count(result: Any) -> int:
    return sum(
        len(n.MonitoredItems)
        for n in result.NotificationMessage.NotificationData or []
        if isinstance(n, ua.DataChangeNotification)
    )


def _changes(bodies: Sequence[bytes]) -> int:
    return sum(_count(_decode(b)) for b in bodies)


# -- replay ----------------------------------------------------------------------------------


def replay(file: Path, consumer: str, repeat: int = 1, publishes: int = 0) -> None:
    data = pickle.loads(file.read_bytes())
    bodies: list[bytes] = data["bodies"]
    first = data["settled"] + WARMUP_PUBLISHES  # initial values, then a few steady ones
    warmup, measured = bodies[:first], bodies[first:] * repeat
    if publishes:
        measured = measured[:publishes]
    step = _raw_step() if consumer == "raw" else _pipeline_step(data, warmup)
    changes = _changes(measured)
    gc.collect()
    gc.freeze()
    started = time.process_time()
    # The measured part runs inside functools.reduce: callgrind collects only there.
    functools.reduce(lambda _n, body: step(body), measured, None)
    cpu = time.process_time() - started
    gc.unfreeze()
    print(f"consumer={consumer} publishes={len(measured)} changes={changes}")
    print(f"cpu_us_per_change={cpu / changes * 1e6:.2f}")


def _raw_step() -> Callable[[bytes], None]:
    counted = [0]

    def on_publish(result: Any) -> None:  # bench_ingest's raw callback
        for notif in result.NotificationMessage.NotificationData or []:
            if isinstance(notif, ua.DataChangeNotification):
                counted[0] += len(notif.MonitoredItems)

    def step(body: bytes) -> None:
        on_publish(_decode(body))

    return step


def _pipeline_step(data: dict[str, Any], warmup: Sequence[bytes]) -> Callable[[bytes], None]:
    publish_ms: int = data["publish_ms"]
    with tempfile.TemporaryDirectory(prefix="plantconsole-replay-") as tmp:
        path = Path(tmp) / "plant.toml"
        path.write_text(data["plant"], encoding="utf-8")
        plant = console_plant(path, publish_ms)
    monitor = PlantMonitor(plant, Intervals(poll_ms=publish_ms, timeout_s=10.0))
    monitor.add_listener(lambda _changes: None)
    monitor.add_value_listener(lambda _cis: None)
    monitor.attach_drivers()
    driver = _opcua_driver(monitor)
    driver._handles = dict(data["handles"])
    driver._link.set_status(LinkState.CONNECTED)
    generation = driver._generation
    clock = [0.0, 0.0]  # recorded time, time of the last flush

    def step(body: bytes) -> None:
        driver._on_publish(generation, _decode(body))
        clock[0] += publish_ms / 1000
        while clock[1] + FLUSH_S <= clock[0] + 1e-9:
            clock[1] += FLUSH_S
            monitor.flush()

    for body in warmup:
        step(body)
    return step


# -- callgrind -------------------------------------------------------------------------------


def callgrind(file: Path, publishes: int = 0, keep: Path | None = None) -> None:
    per_change: dict[str, float] = {}
    for consumer in ("raw", "pipeline"):
        with tempfile.TemporaryDirectory(prefix="plantconsole-cg-") as tmp:
            out = (keep or Path(tmp)) / f"callgrind.out.{consumer}"
            cmd = [
                "valgrind",
                "--tool=callgrind",
                "--toggle-collect=functools_reduce",
                f"--callgrind-out-file={out}",
                sys.executable,
                "-m",
                "bench.ingest_replay",
                "replay",
                str(file),
                "--consumer",
                consumer,
                "--publishes",
                str(publishes),
            ]
            env = {**os.environ, "PYTHONHASHSEED": "0"}
            done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
            changes = int(re.search(r"changes=(\d+)", done.stdout).group(1))  # type: ignore[union-attr]
            total = _collected(out)
            per_change[consumer] = total / changes
            print(
                f"{consumer}: {total:,} instructions, {changes:,} changes, "
                f"{total / changes:,.0f} per change"
            )
    raw, pipe = per_change["raw"], per_change["pipeline"]
    print(f"pipeline/raw {pipe / raw:.3f}x; the pipeline adds {pipe - raw:,.0f} per change")


def _collected(out: Path) -> int:
    for line in out.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise RuntimeError(f"no totals in {out}")


if __name__ == "__main__":
    raise SystemExit(main())
