"""Benchmark of fault-to-state latency: a dead switch, seen by the console.

    python -m bench.bench_fault_latency [--injections 20] [--smoke] [--json]

The demo simulator runs in its own process; `PlantMonitor` watches it with the demo
intervals (500 ms polls and reachability checks, 1 s request timeout). `SW-L3-043 down`
is injected through the control API again and again (restore, and wait for every CI to be
back to its normal state, between). From the moment the inject call returns, the time to

- (a) the switch shown DOWN, and
- (b) all three lines behind it (L3, L4, L5) stopped

is taken at the monitor's change listener (so it includes the 100 ms flush). A dead switch
answers nothing: it can only be noticed by a request that times out, so the figure has a
floor near the timeout; it is reported against the target (p95 < 2x the poll interval) and
against the timeout. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from app.commands.monitor_commands import DEMO_INTERVALS
from app.monitor.plant_monitor import PlantMonitor
from bench.live import Json, exit_on_sigterm, machine_rows, met, quiet_libraries, spread_ms
from bench.measure import loadavg, machine, table
from models.health import Changes
from models.plant_loader import load_plant
from models.states import State
from simulator.process import SimulatorProcess

SWITCH = "SW-L3-043"
LINES = frozenset({"L3", "L4", "L5"})


@dataclass(frozen=True)
class Options:
    injections: int = 20
    timeout_s: float = 15.0  # per injection, for either state to appear


SMOKE = Options(injections=1)


def parse_args(argv: Sequence[str] | None) -> tuple[Options, bool]:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_fault_latency", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--injections", type=int, help="switch failures to time (20)")
    parser.add_argument("--smoke", action="store_true", help="1 injection")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    base = SMOKE if args.smoke else Options()
    return Options(injections=args.injections or base.injections), args.json


def main(argv: Sequence[str] | None = None) -> int:
    opts, as_json = parse_args(argv)
    quiet_libraries()
    results = run(opts)
    print(json.dumps(results, indent=2) if as_json else render(results), flush=True)
    return 0


def run(opts: Options) -> Json:
    results: Json = {
        "machine": machine(),
        "options": asdict(opts),
        "intervals": asdict(DEMO_INTERVALS),
    }
    with SimulatorProcess(startup_timeout=120) as sim:
        results.update(asyncio.run(measure(opts, sim)))
    results["loadavg_end"] = loadavg()
    return results


class Watch:
    """Remembers when the switch went DOWN and when all three lines were out."""

    def __init__(self, monitor: PlantMonitor) -> None:
        self.monitor = monitor
        self.switch_down: float | None = None
        self.lines_out: float | None = None

    def reset(self) -> None:
        self.switch_down = self.lines_out = None

    def on_changes(self, _changes: Changes) -> None:
        now = time.monotonic()
        engine = self.monitor.engine
        if self.switch_down is None and engine.rolled[SWITCH].state is State.DOWN:
            self.switch_down = now
        if self.lines_out is None and set(engine.stopped_lines()) >= LINES:
            self.lines_out = now


async def measure(opts: Options, sim: SimulatorProcess) -> Json:
    plant = load_plant(sim.effective_plant_path)
    monitor = PlantMonitor(plant, DEMO_INTERVALS)
    watch = Watch(monitor)
    monitor.add_listener(watch.on_changes)
    await monitor.start()
    switch: list[float] = []
    lines: list[float] = []
    recovery: list[float] = []
    try:
        normal = await _normal_states(monitor)
        for _ in range(opts.injections):
            watch.reset()
            returned = await asyncio.to_thread(_inject, sim)
            deadline = returned + opts.timeout_s
            while watch.switch_down is None or watch.lines_out is None:
                if time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.02)
            if watch.switch_down is None or watch.lines_out is None:
                raise RuntimeError(f"{SWITCH} down was not seen within {opts.timeout_s:g} s")
            switch.append(watch.switch_down - returned)
            lines.append(watch.lines_out - returned)
            restored = await asyncio.to_thread(_restore, sim)
            await _wait_states(monitor, normal, 60.0)
            recovery.append(time.monotonic() - restored)
    finally:
        await monitor.stop()
    poll_s = DEMO_INTERVALS.poll_ms / 1000
    timeout_s = DEMO_INTERVALS.timeout_s
    return {
        "monitored_cis": len(monitor.readings.cis),
        "not_ok_normally": sorted(c for c, s in normal.items() if s is not State.OK),
        "switch_down": spread_ms(switch),
        "lines_stopped": spread_ms(lines),
        "recovery": spread_ms(recovery),
        "target_ms": 2 * poll_s * 1e3,
        "timeout_ms": timeout_s * 1e3,
        "target_switch_met": spread_ms(switch)["p95_ms"] < 2 * poll_s * 1e3,
        "target_lines_met": spread_ms(lines)["p95_ms"] < 2 * poll_s * 1e3,
    }


def _inject(sim: SimulatorProcess) -> float:
    sim.client.inject(SWITCH, "down")
    return time.monotonic()


def _restore(sim: SimulatorProcess) -> float:
    sim.client.restore()
    return time.monotonic()


async def _normal_states(monitor: PlantMonitor) -> dict[str, State]:
    """Every CI's state once the plant has settled (all OK in the demo plant)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        states = {c: h.state for c, h in monitor.engine.rolled.items()}
        if monitor.settled() and all(s is State.OK for s in states.values()):
            return states
        await asyncio.sleep(0.2)
    return {c: h.state for c, h in monitor.engine.rolled.items()}


async def _wait_states(monitor: PlantMonitor, wanted: dict[str, State], limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while any(monitor.engine.rolled[c].state is not s for c, s in wanted.items()):
        if time.monotonic() > deadline:
            raise RuntimeError("the plant did not return to normal after restore")
        await asyncio.sleep(0.05)


def render(r: Json) -> str:
    iv, sw, ln, rc = r["intervals"], r["switch_down"], r["lines_stopped"], r["recovery"]

    def row(d: Json) -> str:
        return f"p50 {d['p50_ms']:,.0f} ms, p95 {d['p95_ms']:,.0f} ms, max {d['max_ms']:,.0f} ms"

    def against(d: Json) -> str:
        over = d["p95_ms"] - r["timeout_ms"]
        return (
            f"p95 {d['p95_ms']:,.0f} ms = timeout {r['timeout_ms']:,.0f} ms "
            f"{'+' if over >= 0 else '-'} {abs(over):,.0f} ms"
        )

    normal = ", ".join(r["not_ok_normally"]) or "none"
    return table(
        [
            ("machine", machine_rows(r["machine"], r["loadavg_end"])),
            (
                "setup",
                [
                    ("simulator", "demo plant, own process"),
                    (
                        "intervals (demo)",
                        f"poll {iv['poll_ms']} ms, reachability {iv['reach_ms']} ms, "
                        f"timeout {iv['timeout_s']:g} s, flush 100 ms",
                    ),
                    ("monitored CIs", f"{r['monitored_cis']} (not OK when healthy: {normal})"),
                    ("injections", f"{sw['n']} x '{SWITCH} down', restore between"),
                ],
            ),
            (
                "fault-to-state latency (from the inject call returning)",
                [
                    (f"(a) {SWITCH} DOWN", row(sw)),
                    ("(b) L3, L4, L5 stopped", row(ln)),
                    ("recovery to all normal", row(rc)),
                    (
                        f"target: p95 < {r['target_ms']:,.0f} ms (2x poll)",
                        f"(a) {met(r['target_switch_met'])}, (b) {met(r['target_lines_met'])}",
                    ),
                    ("against the timeout (a)", against(sw)),
                    ("against the timeout (b)", against(ln)),
                ],
            ),
        ]
    )


if __name__ == "__main__":
    exit_on_sigterm()
    raise SystemExit(main())
