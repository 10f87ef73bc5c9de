"""Benchmark of the plant model: load + validate, incremental health, impact, memory.

    python -m bench.bench_plant_model [--cis 10000] [--large 50000] [--smoke] [--json]

Plants come from `bench.plant_gen`. Only figures are printed: the targets
(one incremental update under 5 ms and at least 20x faster than a full
recompute) are reported as met or not, never asserted.

The headline is the realistic outage: the busiest switch goes DOWN and every
monitored device behind it stops answering, in one update (what the monitor
applies when a switch dies), then all come back. The switch alone going DOWN
is shown below it: its devices still answer, so little moves but the switch,
and that figure flatters the engine.
"""

from __future__ import annotations

import argparse
import gc
import json
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

from bench.measure import Timing, loadavg, machine, ms, repeat, rss_mb, table, timed
from bench.plant_gen import generate_plant
from bench.rss_probe import probe
from models import plant_loader
from models.cmdb import Plant
from models.health import HealthEngine
from models.impact import ImpactAnalyzer
from models.plant_check import cross_check
from models.plant_loader import build_plant, load_plant
from models.plant_schema import PlantFile
from models.states import OK_HEALTH, Health, Reason, State
from models.toml_locator import TomlLocator

TARGET_INCREMENTAL_MS = 5.0
TARGET_SPEEDUP = 20.0
DOWN = Health(State.DOWN, Reason.of("no_answer", s=5))
Json = dict[str, Any]


@dataclass(frozen=True)
class Options:
    cis: int = 10_000
    large: int = 50_000
    seed: int = 1
    load_repeat: int = 3
    apply_repeat: int = 200
    full_repeat: int = 20
    impact_repeat: int = 20


SMOKE = Options(cis=1_000, large=0, load_repeat=1, apply_repeat=20, full_repeat=3, impact_repeat=3)


def parse_args(argv: Sequence[str] | None) -> tuple[Options, bool]:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_plant_model", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--cis", type=int, help="size of the main plant (default 10,000)")
    parser.add_argument(
        "--large",
        type=int,
        help="size of the large plant: load and engine scaling (default 50,000; 0: skip)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, help="incremental updates to time (default 200)")
    parser.add_argument("--smoke", action="store_true", help="1,000 CIs, few repetitions, no 50k")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    base = SMOKE if args.smoke else Options()
    opts = Options(
        cis=args.cis or base.cis,
        large=base.large if args.large is None else args.large,
        seed=args.seed,
        load_repeat=base.load_repeat,
        apply_repeat=args.repeat or base.apply_repeat,
        full_repeat=base.full_repeat,
        impact_repeat=base.impact_repeat,
    )
    return opts, args.json


def main(argv: Sequence[str] | None = None) -> int:
    opts, as_json = parse_args(argv)
    results = run(opts)
    print(json.dumps(results, indent=2) if as_json else render(results), flush=True)
    return 0


def run(opts: Options) -> Json:
    results: Json = {"machine": machine(), "options": asdict(opts), "load": []}
    with tempfile.TemporaryDirectory(prefix="plantconsole-bench-") as tmp:
        path, generated = write_plant(Path(tmp), opts.cis, opts.seed)
        load, plant = measure_load(path, opts.load_repeat)
        results["load"].append({"cis": len(plant), "generate_s": round(generated, 3), **load})
        results["engine"] = measure_engine(plant, opts)
        results["impact"] = measure_impact(plant, opts)
        results["memory"] = {**measure_memory(path), **rss_mb(), "fresh_process": probe(path)}
        del plant
        gc.collect()
        if opts.large:
            path, generated = write_plant(Path(tmp), opts.large, opts.seed)
            load, plant = measure_load(path, 1)
            results["load"].append({"cis": len(plant), "generate_s": round(generated, 3), **load})
            small = Options(apply_repeat=50, full_repeat=3)
            results["scaling"] = {"cis": len(plant), **measure_engine(plant, small)}
            del plant
            results["scaling"]["fresh_process"] = probe(path)
    results["rss_end"] = rss_mb()
    results["loadavg_end"] = loadavg()
    return results


def write_plant(folder: Path, n_cis: int, seed: int) -> tuple[Path, float]:
    start = time.perf_counter()
    text = generate_plant(n_cis, seed)
    generated = time.perf_counter() - start
    path = folder / f"plant-{n_cis}.toml"
    path.write_text(text, encoding="utf-8")
    return path, generated


def measure_load(path: Path, times: int) -> tuple[Json, Plant]:
    """`load_plant` end to end, then each stage of it timed on its own."""
    plants: list[Plant] = []
    timing = repeat(lambda: plants.append(load_plant(path)), times)
    plant = plants[-1]
    del plants[:-1]
    text = path.read_text(encoding="utf-8")
    stages: dict[str, float] = {}

    def stage(name: str, start: float) -> None:
        stages[name] = round(time.perf_counter() - start, 4)

    t = time.perf_counter()
    raw = plant_loader.parse_toml(text)
    stage(f"parse ({plant_loader.TOML_PARSER})", t)
    t = time.perf_counter()
    TomlLocator(text)
    stage("locator (only on error)", t)
    t = time.perf_counter()
    source = PlantFile.model_validate(raw)
    stage("schema", t)
    t = time.perf_counter()
    cross_check(source)
    stage("cross_check", t)
    t = time.perf_counter()
    build_plant(source)
    stage("build_plant", t)
    size = path.stat().st_size
    return {
        "file_bytes": size,
        "file_lines": text.count("\n"),
        "load_plant": timing.as_dict(),
        "stages_s": stages,
    }, plant


def busiest_switch(plant: Plant) -> str:
    """The switch with the most direct dependents (ties: the first id)."""
    switches = [c for c, node in plant.nodes.items() if node.kind == "switch"]
    return min(switches, key=lambda c: (-len(plant.dependents[c]), c))


def root_switch(plant: Plant) -> str:
    """The top of the network: a switch that depends on nothing, with the most dependents."""
    roots = [c for c, n in plant.nodes.items() if n.kind == "switch" and not n.depends_on]
    return min(roots or [busiest_switch(plant)], key=lambda c: (-len(plant.dependents[c]), c))


def measure_engine(plant: Plant, opts: Options) -> Json:
    """One switch DOWN and back OK, incrementally, next to a full recompute."""
    start = time.perf_counter()
    engine = HealthEngine(plant, initial=OK_HEALTH)
    build = time.perf_counter() - start
    switch = busiest_switch(plant)
    changes = engine.apply({switch: DOWN})
    stopped, cost = engine.stopped_lines(), engine.cost_at_risk()
    engine.apply({switch: OK_HEALTH})
    if switch not in changes.effective or engine.stopped_lines():
        raise RuntimeError(f"{switch} going DOWN and back did not behave as expected")
    down: list[float] = []
    up: list[float] = []
    for _ in range(opts.apply_repeat):
        down.append(timed(lambda: engine.apply({switch: DOWN})))
        up.append(timed(lambda: engine.apply({switch: OK_HEALTH})))
    incremental = Timing.of(down + up)
    devices = [d for d in plant.dependents[switch] if plant.nodes[d].monitored]
    outage = {switch: DOWN, **dict.fromkeys(devices, DOWN)}
    recovery = dict.fromkeys(outage, OK_HEALTH)
    outage_changes = engine.apply(outage)
    engine.apply(recovery)
    batch: list[float] = []
    batch_cpu: list[float] = []  # this thread's CPU time: the wall p95 on a busy machine
    for _ in range(max(1, opts.apply_repeat // 4)):  # is mostly waiting for a core
        for change in (outage, recovery):
            cpu = time.thread_time()
            batch.append(timed(partial(engine.apply, change)))
            batch_cpu.append(time.thread_time() - cpu)
    full = repeat(engine.recompute_all, opts.full_repeat)
    speedup = full.median_ms / incremental.median_ms
    outage_timing = Timing.of(batch)
    outage_speedup = full.median_ms / outage_timing.median_ms
    return {
        "engine_build_s": round(build, 4),
        "switch": switch,
        "switch_direct_dependents": len(plant.dependents[switch]),
        "switch_down_changes": {"effective": len(changes.effective), "rolled": len(changes.rolled)},
        "switch_down_stopped_lines": stopped,
        "switch_down_cost_per_hour": cost,
        "incremental": incremental.as_dict(),
        "incremental_down": Timing.of(down).as_dict(),
        "incremental_up": Timing.of(up).as_dict(),
        "outage_devices": len(devices),
        "outage_changes": {
            "effective": len(outage_changes.effective),
            "rolled": len(outage_changes.rolled),
        },
        "outage": outage_timing.as_dict(),
        "outage_cpu": Timing.of(batch_cpu).as_dict(),
        "full_recompute": full.as_dict(),
        "speedup": round(speedup, 1),
        "target_incremental_met": incremental.p95_ms < TARGET_INCREMENTAL_MS,
        "target_speedup_met": speedup >= TARGET_SPEEDUP,
        "outage_speedup": round(outage_speedup, 1),
        "target_outage_incremental_met": outage_timing.p95_ms < TARGET_INCREMENTAL_MS,
        "target_outage_speedup_met": outage_speedup >= TARGET_SPEEDUP,
    }


def measure_impact(plant: Plant, opts: Options) -> Json:
    start = time.perf_counter()
    analyzer = ImpactAnalyzer(plant)
    build = time.perf_counter() - start
    result: Json = {"analyzer_build_s": round(build, 4)}
    for key, ci, times in (
        ("switch", busiest_switch(plant), opts.impact_repeat),
        ("root", root_switch(plant), max(1, opts.impact_repeat // 5)),
    ):
        impact = analyzer.impact_of(ci)
        result[key] = {
            "ci": ci,
            "time": _time_impact(analyzer, ci, times).as_dict(),
            "affected": len(impact.affected),
            "stopped_lines": len(impact.stopped_lines),
            "cost_per_hour": impact.cost_per_hour,
        }
    return result


def _time_impact(analyzer: ImpactAnalyzer, ci: str, times: int) -> Timing:
    return repeat(lambda: analyzer.impact_of(ci), times)


def measure_memory(path: Path) -> Json:
    """Python heap held by the plant and by a health engine over it (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        plant = load_plant(path)
        gc.collect()
        after_plant, load_peak = tracemalloc.get_traced_memory()
        engine = HealthEngine(plant, initial=OK_HEALTH)
        gc.collect()
        after_engine = tracemalloc.get_traced_memory()[0]
        analyzer = ImpactAnalyzer(plant)
        gc.collect()
        after_analyzer = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del engine, analyzer
    mb = 1024 * 1024
    return {
        "cis": len(plant),
        "plant_mb": round((after_plant - base) / mb, 2),
        "engine_mb": round((after_engine - after_plant) / mb, 2),
        "plant_and_engine_mb": round((after_engine - base) / mb, 2),
        "analyzer_mb": round((after_analyzer - after_engine) / mb, 2),
        "bytes_per_ci": round((after_engine - base) / len(plant)),
        "load_peak_mb": round((load_peak - base) / mb, 2),
    }


def _lines(n: int) -> str:
    return f"{n} line" if n == 1 else f"{n} lines"


def _met(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def render(r: Json) -> str:
    m = r["machine"]
    sections: list[tuple[str, list[tuple[str, str]]]] = [
        (
            "machine",
            [
                ("cpu", f"{m['nproc']} x {m['cpu']}"),
                ("python", f"{m['implementation']} {m['python']}, {m['os']}"),
                (
                    "load average 1/5/15 min",
                    f"{m['loadavg_1_5_15']} at start, {r.get('loadavg_end')} at end",
                ),
            ],
        ),
    ]
    rows: list[tuple[str, str]] = []
    for load in r["load"]:
        st = load["stages_s"]
        lp = load["load_plant"]
        rows += [
            (
                f"{load['cis']:,} CIs: file",
                f"{load['file_bytes'] / 1e6:.2f} MB, {load['file_lines']:,} lines "
                f"(generated in {load['generate_s']:.2f} s)",
            ),
            ("  load_plant", f"median {ms(lp['median_ms'])}, min {ms(lp['min_ms'])} (n={lp['n']})"),
            ("  stages, each alone", " | ".join(f"{k} {ms(v * 1e3)}" for k, v in st.items())),
        ]
    sections.append(("load + validate", rows))
    sections.append((f"health engine ({r['load'][0]['cis']:,} CIs)", _engine_rows(r["engine"])))
    imp = r["impact"]
    rows = [("ImpactAnalyzer(plant)", ms(imp["analyzer_build_s"] * 1e3))]
    for key in ("switch", "root"):
        i = imp[key]
        rows.append(
            (
                f"impact_of({i['ci']})",
                f"median {ms(i['time']['median_ms'])} (n={i['time']['n']}): {i['affected']:,} CIs, "
                f"{_lines(i['stopped_lines'])} stopped, EUR {i['cost_per_hour']:,.0f}/h",
            )
        )
    sections.append(("impact analysis", rows))
    mem = r["memory"]
    sections.append(
        (
            f"memory ({mem['cis']:,} CIs, tracemalloc)",
            [
                ("plant", f"{mem['plant_mb']:.1f} MB"),
                ("health engine", f"{mem['engine_mb']:.1f} MB"),
                (
                    "plant + engine",
                    f"{mem['plant_and_engine_mb']:.1f} MB ({mem['bytes_per_ci']:,} bytes per CI)",
                ),
                ("impact analyzer (own engine)", f"{mem['analyzer_mb']:.1f} MB"),
                ("peak while loading", f"{mem['load_peak_mb']:.1f} MB"),
                ("fresh process RSS", _fresh(mem["fresh_process"])),
                ("benchmark process RSS now", f"{mem.get('rss_mb', '?')} MB"),
                ("process peak RSS (whole run)", f"{r['rss_end'].get('peak_rss_mb', '?')} MB"),
            ],
        )
    )
    if "scaling" in r:
        sections.append(
            (f"health engine ({r['scaling']['cis']:,} CIs)", _engine_rows(r["scaling"]))
        )
    return table(sections)


def _fresh(f: Json) -> str:
    return (
        f"{f['after_imports_mb']} MB after imports, {f['after_load_mb']} MB with the plant, "
        f"{f['with_engine_mb']} MB with an engine (peak {f['peak_mb']} MB)"
    )


def _engine_rows(e: Json) -> list[tuple[str, str]]:
    inc, out, full = e["incremental"], e["outage"], e["full_recompute"]
    fresh = [("fresh process RSS", _fresh(e["fresh_process"]))] if "fresh_process" in e else []
    changed, cpu = e["outage_changes"], e["outage_cpu"]
    return [
        *fresh,
        ("HealthEngine(plant)", ms(e["engine_build_s"] * 1e3)),
        (
            "switch",
            f"{e['switch']}: {e['switch_direct_dependents']} direct dependents; DOWN "
            f"stops {_lines(len(e['switch_down_stopped_lines']))}, "
            f"EUR {e['switch_down_cost_per_hour']:,.0f}/h",
        ),
        (
            f"OUTAGE: switch + {e['outage_devices']} devices DOWN, then OK (incremental apply)",
            f"median {ms(out['median_ms'])}, p95 {ms(out['p95_ms'])} (n={out['n']}); "
            f"{changed['effective']:,} effective + {changed['rolled']:,} rolled changes",
        ),
        (
            "  CPU time of the same (this thread)",
            f"median {ms(cpu['median_ms'])}, p95 {ms(cpu['p95_ms'])}",
        ),
        ("full recompute_all", f"median {ms(full['median_ms'])} (n={full['n']})"),
        ("full / outage", f"{e['outage_speedup']:,.0f}x"),
        (
            f"target: p95 < {TARGET_INCREMENTAL_MS:g} ms (outage)",
            f"{_met(e['target_outage_incremental_met'])} (p95 {ms(out['p95_ms'])})",
        ),
        (
            f"target: >= {TARGET_SPEEDUP:g}x faster than full (outage)",
            f"{_met(e['target_outage_speedup_met'])} ({e['outage_speedup']:,.0f}x)",
        ),
        (
            "switch alone: incremental apply (DOWN, OK)",
            f"median {ms(inc['median_ms'])}, p95 {ms(inc['p95_ms'])} (n={inc['n']})",
        ),
        ("  full / incremental (switch alone)", f"{e['speedup']:,.0f}x"),
        (
            f"  target: p95 < {TARGET_INCREMENTAL_MS:g} ms (switch alone)",
            f"{_met(e['target_incremental_met'])} (p95 {ms(inc['p95_ms'])})",
        ),
        (
            f"  target: >= {TARGET_SPEEDUP:g}x faster than full (switch alone)",
            f"{_met(e['target_speedup_met'])} ({e['speedup']:,.0f}x)",
        ),
    ]


if __name__ == "__main__":
    raise SystemExit(main())
