"""The live-monitoring benchmarks run at smoke size and print their figures.

No timing is asserted: these only check that every figure and target line is there.
"""

from __future__ import annotations

import copy
import json

import pytest
from asyncua import ua
from asyncua.ua.ua_binary import struct_to_binary

from app.monitor import plant_monitor
from app.monitor.bindings import Binding, Intervals
from app.monitor.plant_monitor import PlantMonitor
from bench import bench_fault_latency, bench_ingest, bench_modbus_poll
from bench.bench_modbus_poll import schedule
from drivers.base import BAD_DEVICE_FAILURE, LinkState
from drivers.fake import FakeDriver
from drivers.link import good_sample
from drivers.opcua_nodes import quality_of, to_value
from models.cmdb import Plant
from models.states import State
from simulator.cli import build_parser
from simulator.plant_sim import SimulatedPlant
from simulator.process import SimulatorProcess
from simulator.ua_types import data_value, status_code


def test_ingest_smoke_prints_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_ingest.main(["--smoke"]) == 0
    out = capsys.readouterr().out
    for label in (
        "gateway PLCs",
        "round 1: raw",
        "round 1: pipeline",
        "µs CPU/change",
        "one core could take",
        "target: rate >= 0.8x raw",
        "target: CPU/change <= 1.25x raw",
        "load average",
    ):
        assert label in out, label


def test_modbus_poll_smoke_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_modbus_poll.main(["--smoke", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["options"]["devices"] == 20
    assert result["expected_cycles"] > 0
    assert result["cycles"] > 0
    assert set(result["lateness"]) >= {"p50_ms", "p99_ms", "max_ms"}
    assert isinstance(result["target_missed_met"], bool)
    assert isinstance(result["target_p99_met"], bool)
    assert result["cis_ok"].startswith("23/")
    assert result["raw"]["devices_connected"] == 20 and result["raw"]["requests_per_s"] > 0
    assert result["cpu_us_per_request"] > 0 and result["cpu_ratio"] > 0


def test_fault_latency_smoke_prints_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_fault_latency.main(["--smoke"]) == 0
    out = capsys.readouterr().out
    for label in (
        "(a) SW-L3-043 DOWN",
        "(b) L3, L4, L5 stopped",
        "recovery to all normal",
        "target: p95 < 1,000 ms (2x poll)",
        "against the timeout (a)",
        "1 x 'SW-L3-043 down'",
    ):
        assert label in out, label


def test_schedule_counts_late_and_missed_cycles() -> None:
    # One device, 1 s period: slot 2 missing, slot 3 arrives 40 ms late.
    arrivals = {"a": [10.0, 11.0, 13.04, 14.0]}
    late, expected, missed = schedule(arrivals, 1.0, 10.5, 14.5)
    assert expected == 4  # slots at 11, 12, 13, 14
    assert missed == 1
    assert sorted(round(x, 3) for x in late) == [0.0, 0.0, 0.04]


def test_schedule_anchor_survives_cycles_more_than_half_a_period_late() -> None:
    # On time at phase .2; the cycles of slots 1 and 5 come 600 ms late (phase .8). Wrapped
    # into [-.5, .5) that phase read as 400 ms early and became the anchor: every on-time
    # cycle then counted 400 ms late. Now they count as missed slots (plus an early cycle).
    arrivals = {"a": [10.2, 11.8, 12.2, 13.2, 14.2, 15.8, 16.2]}
    late, expected, missed = schedule(arrivals, 1.0, 10.0, 17.0)
    assert expected == 7 and missed == 2
    assert max(late) == 0.0


# -- the changes the ingest benchmark led to -----------------------------------------------


def _demo_monitor(demo_plant: Plant) -> tuple[PlantMonitor, dict[str, FakeDriver]]:
    drivers: dict[str, FakeDriver] = {}

    def factory(binding: Binding, _floor: int) -> FakeDriver:
        driver = FakeDriver(list(binding.points))
        for ci_id in binding.cis:
            drivers[ci_id] = driver
        return driver

    monitor = PlantMonitor(demo_plant, Intervals(), driver_factory=factory)
    monitor.attach_drivers()
    return monitor, drivers


def test_samples_that_cannot_change_health_skip_evaluation(
    demo_plant: Plant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monitor, drivers = _demo_monitor(demo_plant)
    plc = drivers["AR-042-PLC"]
    plc.set_link_state(LinkState.CONNECTED)
    plc.set_values(
        {
            "AR-042-PLC:run_state": 1,
            "AR-042-PLC:fault_code": 0,
            "AR-042-PLC:cabinet_temp": 30.0,
            "AR-042-PLC:cycle_counter": 5,
        }
    )
    monitor.flush()
    assert monitor.engine.effective["AR-042-PLC"].state is State.OK
    evaluated: list[object] = []
    real = plant_monitor.evaluate
    monkeypatch.setattr(plant_monitor, "evaluate", lambda s: evaluated.append(s) or real(s))
    touched: list[set[str]] = []
    monitor.add_value_listener(touched.append)

    # A counter tick and an in-range temperature: shown, not judged.
    plc.set_values({"AR-042-PLC:cabinet_temp": 31.0, "AR-042-PLC:cycle_counter": 6})
    monitor.flush()
    assert evaluated == []
    assert touched and "AR-042-PLC" in touched[-1]
    assert monitor.readings.cis["AR-042-PLC"].points["cabinet_temp"].sample.value == 31.0

    # Past the warning limit, a new value while past it, the run state, a quality change.
    for values, state in (
        ({"AR-042-PLC:cabinet_temp": 50.0}, State.WARNING),
        ({"AR-042-PLC:cabinet_temp": 51.0}, State.WARNING),
        ({"AR-042-PLC:cabinet_temp": 30.0}, State.OK),
        ({"AR-042-PLC:run_state": 0}, State.DOWN),
    ):
        evaluated.clear()
        plc.set_values(values)  # type: ignore[arg-type]
        monitor.flush()
        assert len(evaluated) == 1, values
        assert monitor.engine.effective["AR-042-PLC"].state is state, values
    assert monitor.engine.effective["AR-042-PLC"].reason.code == "program_stopped"
    evaluated.clear()
    plc.set_quality("AR-042-PLC:cycle_counter", BAD_DEVICE_FAILURE)
    monitor.flush()
    assert len(evaluated) == 1


def test_polled_samples_are_always_judged(demo_plant: Plant) -> None:
    """A polled value's arrival ends staleness, so Modbus samples always count."""
    monitor, drivers = _demo_monitor(demo_plant)
    rc = drivers["AR-042-RC"]
    rc.set_link_state(LinkState.CONNECTED)
    assert monitor.readings.on_sample("AR-042-RC", "run_state", good_sample("x", 1))
    assert monitor.readings.on_sample("AR-042-RC", "run_state", good_sample("x", 1))


def test_quality_of_shares_one_object_per_code() -> None:
    assert quality_of(None) is quality_of(0) is quality_of(None)
    bad = quality_of(0x808A0000)
    assert bad.name == "BadNotConnected" and quality_of(0x808A0000) is bad
    assert to_value(2.5) == 2.5 and to_value(None) is None and to_value(True) is True


def test_simulator_written_values_are_shared_not_deep_copied() -> None:
    value = data_value(ua.Variant(1.5, ua.VariantType.Double), status_code(0))
    assert copy.deepcopy(value) is value
    assert isinstance(value, ua.DataValue)
    wire = struct_to_binary(ua.MonitoredItemNotification(ClientHandle=3, Value=value))
    plain = ua.MonitoredItemNotification(
        ClientHandle=3, Value=ua.DataValue(ua.Variant(1.5, ua.VariantType.Double))
    )
    assert wire == struct_to_binary(plain)


def test_simulator_tick_options() -> None:
    args = build_parser().parse_args(["serve", "--tick-ms", "100", "--gateway-stride", "1"])
    assert (args.tick_ms, args.gateway_stride) == (100, 1)
    defaults = build_parser().parse_args(["serve"])
    assert (defaults.tick_ms, defaults.gateway_stride) == (500, 4)
    cmd = SimulatorProcess(devices=5, tick_ms=100, gateway_stride=1).command(1234)
    assert cmd[-4:] == ["--tick-ms", "100", "--gateway-stride", "1"]
    assert "--tick-ms" not in SimulatorProcess().command(1234)
    sim = SimulatedPlant(devices=3, tick_s=0.1, gateway_stride=1, control_port=None)
    assert sim.gateway_stride == 1 and sim.tick_s == 0.1
