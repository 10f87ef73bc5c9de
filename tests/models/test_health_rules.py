"""The health table of ARCHITECTURE.md, row by row, and the engine's roll-up."""

from __future__ import annotations

import pytest

from models.cmdb import Plant
from models.health import HealthEngine
from models.impact import ImpactAnalyzer
from models.own_health import Reading, Signals, evaluate
from models.plant_schema import FaultText
from models.reasons import render, state_name
from models.states import OK_HEALTH, Criticality, Health, Reason, State, worst

RUN_STATES = {"0": "STOP", "1": "RUN", "2": "FAULT"}
FAULTS = {"0x2A": FaultText(en="Safety door open", de="Schutztür offen")}


def reading(
    name: str, value: object, role: str = "tag", age: float = 0.1, **extra: object
) -> Reading:
    return Reading(
        name=name,
        role=role,
        value=value,  # type: ignore[arg-type]
        severity=extra.pop("severity", "good"),  # type: ignore[arg-type]
        status=str(extra.pop("status", "Good")),
        age_s=age,
        **extra,  # type: ignore[arg-type]
    )


def signals(*readings: Reading, **extra: object) -> Signals:
    base: dict[str, object] = {
        "link": "connected",
        "interval_s": 0.5,
        "readings": {r.name: r for r in readings},
        "ever_connected": True,
        "run_states": RUN_STATES,
        "faults": FAULTS,
    }
    base.update(extra)
    return Signals(**base)  # type: ignore[arg-type]


RUNNING = reading("run_state", 1, role="run_state")
VIB = {"warn_high": 4.5, "alarm_high": 7.1, "unit": "mm/s"}


def test_severity_order() -> None:
    order = [
        State.DOWN,
        State.IMPACTED,
        State.DEGRADED,
        State.UNKNOWN,
        State.WARNING,
        State.MAINTENANCE,
        State.OK,
    ]
    assert sorted(order, key=lambda s: -s.severity) == order
    assert worst(State.WARNING, State.UNKNOWN, State.OK) is State.UNKNOWN


def test_criticality_caps() -> None:
    assert Criticality.STOPS_LINE.cap(State.DOWN) is State.DOWN
    assert Criticality.DEGRADES.cap(State.DOWN) is State.DEGRADED
    assert Criticality.DEGRADES.cap(State.WARNING) is State.WARNING
    assert Criticality.INFO.cap(State.IMPACTED) is State.WARNING


@pytest.mark.parametrize(
    ("sig", "state", "code"),
    [
        (
            signals(RUNNING, maintenance=Reason.of("maintenance", window="CHG-12", until="06:00")),
            State.MAINTENANCE,
            "maintenance",
        ),
        (signals(link="connecting", ever_connected=False), State.UNKNOWN, "no_data"),
        (signals(reading("run_state", 1, role="run_state", age=2.6)), State.UNKNOWN, "stale"),
        (signals(link="down", down_for_s=5.2), State.DOWN, "no_answer"),
        (signals(link="refused", link_detail="port 4840"), State.DOWN, "refused"),
        (signals(reading("run_state", 0, role="run_state")), State.DOWN, "program_stopped"),
        (signals(RUNNING, reading("fault_code", 0x2A, role="fault_code")), State.DOWN, "fault"),
        (
            signals(RUNNING, reading("fault_flag", True, role="fault_flag")),
            State.DOWN,
            "fault_flag",
        ),
        (signals(RUNNING, reading("vibration", 7.9, **VIB)), State.DEGRADED, "threshold"),
        (signals(RUNNING, reading("vibration", 5.0, **VIB)), State.WARNING, "threshold"),
        (signals(RUNNING, reading("vibration", 3.0, age=1.2, **VIB)), State.WARNING, "stale"),
        (
            signals(
                RUNNING,
                reading(
                    "vibration", 3.0, severity="uncertain", status="UncertainLastUsableValue", **VIB
                ),
            ),
            State.WARNING,
            "quality",
        ),
        (signals(RUNNING, reading("vibration", 3.0, **VIB)), State.OK, "ok"),
        (
            signals(
                reading(
                    "run_state", None, role="run_state", severity="bad", status="BadDecodingError"
                )
            ),
            State.UNKNOWN,
            "quality",
        ),
        (
            signals(
                RUNNING,
                reading("vibration", None, severity="bad", status="BadDecodingError", **VIB),
            ),
            State.WARNING,
            "quality",
        ),
        (
            signals(link="console_error", link_code="untrusted_certificate", link_detail="AB:CD"),
            State.UNKNOWN,
            "cert_untrusted",
        ),
    ],
)
def test_own_state_table(sig: Signals, state: State, code: str) -> None:
    health = evaluate(sig)
    assert health.state is state
    assert health.reason.code == code


def test_fault_text_comes_from_the_profile_in_both_languages() -> None:
    health = evaluate(signals(RUNNING, reading("fault_code", 0x2A, role="fault_code")))
    assert render(health.reason, "en") == "fault 0x2A: Safety door open"
    assert render(health.reason, "de") == "Störung 0x2A: Schutztür offen"
    unknown = evaluate(signals(RUNNING, reading("fault_code", 0x77, role="fault_code")))
    assert render(unknown.reason, "en") == "fault 0x77: no text in device profile"


def test_reasons_render_in_english_and_german() -> None:
    reason = Reason.of("unreachable_behind", ci="SW-L3-043")
    assert render(reason, "en") == "unreachable behind SW-L3-043"
    assert render(reason, "de") == "nicht erreichbar hinter SW-L3-043"
    threshold = Reason.of(
        "threshold", tag="vibration", value=7.9, limit=7.1, level="alarm", unit="mm/s"
    )
    assert render(threshold, "en") == "vibration = 7.9 mm/s beyond alarm limit 7.1"
    assert "7,9" in render(threshold, "de")
    assert render(Reason.of("something_new", x=1)) == "something_new(x=1)"
    assert state_name(State.IMPACTED, "de") == "Betroffen"


def down(code: str = "no_answer") -> Health:
    return Health(State.DOWN, Reason.of(code, s=5))


def test_switch_down_makes_devices_impacted_and_lines_stop(demo_plant: Plant) -> None:
    engine = HealthEngine(demo_plant, initial=OK_HEALTH)
    behind = [c for c in demo_plant.dependents["SW-L3-043"] if demo_plant.nodes[c].monitored]
    engine.apply({"SW-L3-043": down(), **{c: down() for c in behind}})
    assert engine.effective["SW-L3-043"].state is State.DOWN
    plc = engine.effective["AR-042-PLC"]
    assert plc.state is State.IMPACTED
    assert plc.reason == Reason.of("unreachable_behind", ci="SW-L3-043")
    assert sorted(engine.stopped_lines()) == ["L3", "L4", "L5"]
    assert engine.cost_at_risk() == 11_400
    assert engine.root_causes() == ["SW-L3-043"]
    line = engine.rolled["L4"]
    assert line.state is State.IMPACTED and line.source in demo_plant.nodes


def test_device_ok_behind_a_down_switch_stays_ok(demo_plant: Plant) -> None:
    engine = HealthEngine(demo_plant, initial=OK_HEALTH)
    engine.apply({"SW-L3-043": down()})
    assert engine.effective["AR-042-PLC"].state is State.OK


def test_redundant_ring_survives_one_switch(demo_plant: Plant) -> None:
    engine = HealthEngine(demo_plant, initial=OK_HEALTH)
    engine.apply({"SW-L1-A": down()})
    assert engine.effective["RING-L1"].state is State.DEGRADED
    assert engine.rolled["L1"].state is State.DEGRADED
    assert "L1" not in engine.stopped_lines()
    engine.apply({"SW-L1-B": down(), "PB-101-PLC": down()})
    assert engine.effective["RING-L1"].state is State.DOWN
    assert engine.effective["PB-101-PLC"].state is State.IMPACTED
    assert "L1" in engine.stopped_lines()


def test_criticality_info_does_not_stop_a_line(demo_plant: Plant) -> None:
    engine = HealthEngine(demo_plant, initial=OK_HEALTH)
    engine.apply({"AR-042-VIS": down()})
    assert engine.rolled["AR-042"].state is State.WARNING
    assert engine.stopped_lines() == []


def test_line_running_tag_stops_the_line(demo_plant: Plant) -> None:
    engine = HealthEngine(demo_plant, initial=OK_HEALTH)
    engine.apply(
        {"L3": Health(State.DOWN, Reason.of("line_stopped", tag="CONV-L3-PLC:line_running"))}
    )
    assert engine.stopped_lines() == ["L3"]


def test_console_offline_makes_everything_unknown(demo_plant: Plant) -> None:
    engine = HealthEngine(demo_plant, initial=OK_HEALTH)
    engine.apply({"SW-L3-043": down()})
    changes = engine.set_console_offline(True)
    assert changes.rolled
    assert {h.state for h in engine.rolled.values()} == {State.UNKNOWN}
    assert engine.stopped_lines() == [] and engine.root_causes() == []
    engine.apply({"AR-042-PLC": down()})
    engine.set_console_offline(False)
    assert engine.effective["SW-L3-043"].state is State.DOWN
    assert engine.effective["AR-042-PLC"].state is State.IMPACTED


def test_maintenance_upstream_explains_devices_behind_it(demo_plant: Plant) -> None:
    engine = HealthEngine(demo_plant, initial=OK_HEALTH)
    maintenance = Health(
        State.MAINTENANCE, Reason.of("maintenance", window="CHG-12", until="06:00")
    )
    engine.apply({"SW-L3-043": maintenance, "AR-042-PLC": down()})
    assert engine.effective["AR-042-PLC"].state is State.IMPACTED
    assert engine.root_causes() == []


def test_impact_of_switch_is_three_lines_11400(demo_plant: Plant) -> None:
    impact = ImpactAnalyzer(demo_plant).impact_of("SW-L3-043")
    assert impact.stopped_lines == ("L3", "L4", "L5")
    assert impact.cost_per_hour == 11_400
    assert impact.units_per_shift == 720
    assert "AR-042-PLC" in impact.affected and "PB-101-PLC" not in impact.affected


def test_impact_honours_redundancy_and_leaves_no_trace(demo_plant: Plant) -> None:
    analyzer = ImpactAnalyzer(demo_plant)
    one = analyzer.impact_of("SW-L1-A")
    assert one.stopped_lines == () and one.degraded_lines == ("L1",)
    core = analyzer.impact_of("SW-CORE-01")
    assert set(core.stopped_lines) == {"L1", "L3", "L4", "L5"}
    again = analyzer.impact_of("SW-L3-043")
    assert again.cost_per_hour == 11_400
    with pytest.raises(KeyError):
        analyzer.impact_of("NOPE")


@pytest.mark.parametrize("garbage", [float("nan"), float("inf"), float("-inf")])
def test_a_non_finite_run_state_or_fault_code_is_a_state_not_an_exception(
    garbage: float,
) -> None:
    """A PLC answering NaN or infinity: evaluated like any other odd value (the flush of
    the whole plant used to fail with 'health evaluation failed')."""
    for role in ("run_state", "fault_code"):
        health = evaluate(signals(reading(role, garbage, role=role)))
        assert health.state is not State.DOWN, (role, health)
