"""What keeps the monitor's flush cheap at 5,000 changes/s, and that it changes no result.

- a polled value that repeats an in-range reading is not re-evaluated, but any sample
  that can change health is, and a reading that stops updating still turns stale on
  time (the ageing deadline, not the next sample);
- a flush with a time budget evaluates dependencies first and leaves the rest for the
  next flush: nothing is lost and the end state equals one full flush.

The clock is `time.monotonic`, replaced by a settable one; no event loop runs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from app.monitor import plant_monitor, readings
from app.monitor.bindings import Binding, Intervals
from app.monitor.plant_monitor import PlantMonitor
from drivers.base import BAD_NOT_CONNECTED, LinkState
from drivers.fake import FakeDriver
from models.cmdb import Plant
from models.own_health import Signals, evaluate
from models.states import State

RC = "AR-042-RC"  # robot controller, Modbus, polled every 0.5 s (profile minimum)
HEALTHY = {
    "run_state": 1,
    "fault_code": 0,
    "cycle_counter": 1,
    "axis_temp": 40.0,
    "vibration": 1.0,
    "fault_flag": False,
}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    clock = Clock()
    monkeypatch.setattr(time, "monotonic", clock)
    yield clock


def _monitor(plant: Plant) -> tuple[PlantMonitor, dict[str, FakeDriver]]:
    drivers: dict[str, FakeDriver] = {}

    def factory(binding: Binding, _floor: int) -> FakeDriver:
        driver = FakeDriver(list(binding.points))
        for ci_id in binding.cis:
            drivers[ci_id] = driver
        return driver

    monitor = PlantMonitor(plant, Intervals(poll_ms=500, timeout_s=1.0), driver_factory=factory)
    monitor.attach_drivers()
    return monitor, drivers


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Signals]:
    evaluated: list[Signals] = []

    def counted(signals: Signals) -> object:
        evaluated.append(signals)
        return evaluate(signals)

    monkeypatch.setattr(plant_monitor, "evaluate", counted)
    return evaluated


def _rc_healthy(drivers: dict[str, FakeDriver], **changes: object) -> None:
    values = {**HEALTHY, **changes}
    drivers[RC].set_values({f"{RC}:{k}": v for k, v in values.items()})  # type: ignore[misc]


def test_polled_repeats_skip_evaluation_but_changes_do_not(
    demo_plant: Plant, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monitor, drivers = _monitor(demo_plant)
    drivers[RC].set_link_state(LinkState.CONNECTED)
    _rc_healthy(drivers)
    monitor.flush()
    assert monitor.engine.effective[RC].state is State.OK
    evaluated = _counting(monkeypatch)

    # The next poll: the same values, a counter tick, an in-range temperature.
    clock.now += 0.5
    _rc_healthy(drivers, cycle_counter=2, axis_temp=41.5)
    monitor.flush()
    assert evaluated == []
    assert monitor.readings.cis[RC].points["axis_temp"].sample.value == 41.5

    for change, state in (
        ({"axis_temp": 61.0}, State.WARNING),  # past the warning limit
        ({"axis_temp": 62.0}, State.WARNING),  # the reason quotes the value
        ({"vibration": 8.0}, State.DEGRADED),
        ({}, State.OK),
        ({"run_state": 0}, State.DOWN),
        ({}, State.OK),
        ({"vibration": "garbage"}, State.OK),  # no number: evaluated, and not judged
    ):
        evaluated.clear()
        clock.now += 0.5
        _rc_healthy(drivers, **change)
        monitor.flush()
        assert len(evaluated) == 1, change
        assert monitor.engine.effective[RC].state is state, change

    # Bad quality on a polled point: judged, never skipped.
    _rc_healthy(drivers)
    monitor.flush()
    evaluated.clear()
    drivers[RC].set_quality(f"{RC}:axis_temp", BAD_NOT_CONNECTED)
    monitor.flush()
    assert len(evaluated) == 1
    assert monitor.engine.effective[RC].state is State.WARNING


def test_a_reading_that_stops_updating_turns_stale_on_time(
    demo_plant: Plant, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One point keeps arriving (skipped), another stops: stale after 2 intervals."""
    monitor, drivers = _monitor(demo_plant)
    drivers[RC].set_link_state(LinkState.CONNECTED)
    _rc_healthy(drivers)
    monitor.flush()
    interval = monitor.readings.cis[RC].interval_s
    assert interval == 0.5
    evaluated = _counting(monkeypatch)
    steps = 0
    while monitor.engine.effective[RC].state is State.OK:
        clock.now += 0.1
        drivers[RC].set_value(f"{RC}:cycle_counter", steps)
        monitor.flush()
        steps += 1
        assert steps < 50, "never turned stale"
    # Stale as soon as the oldest reading is more than 2 intervals old, not later.
    assert 2 * interval - 1e-6 < steps * 0.1 <= 2 * interval + 0.1 + 1e-6
    health = monitor.engine.effective[RC]
    assert health.state is State.WARNING and health.reason.code == "stale"
    assert len(evaluated) <= 2  # the deadline (and one at the boundary), not every tick
    # A fresh poll of everything ends it at once.
    clock.now += 0.1
    _rc_healthy(drivers)
    monitor.flush()
    assert monitor.engine.effective[RC].state is State.OK


def test_a_device_polled_every_cycle_is_not_re_evaluated_at_its_deadline(
    demo_plant: Plant, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ageing deadline moves with the readings while all of them keep arriving; when
    one stops, the CI still turns stale on time (the test above)."""
    monitor, drivers = _monitor(demo_plant)
    drivers[RC].set_link_state(LinkState.CONNECTED)
    _rc_healthy(drivers)
    monitor.flush()
    evaluated = _counting(monkeypatch)
    for _ in range(40):  # 20 s of 0.5 s polls, a flush every 0.1 s
        for _ in range(5):
            clock.now += 0.1
            monitor.flush()
        _rc_healthy(drivers, cycle_counter=int(clock.now))
    monitor.flush()
    assert evaluated == []
    assert monitor.engine.effective[RC].state is State.OK
    entry = monitor.readings.cis[RC]
    assert clock.now < entry.fresh_until <= clock.now + 2 * entry.interval_s


def test_reachability_counts_only_whether_reachable(
    demo_plant: Plant, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monitor, drivers = _monitor(demo_plant)
    reach = next(c for c, e in monitor.readings.cis.items() if e.protocol == "reach")
    driver = drivers[reach]
    driver.set_link_state(LinkState.CONNECTED)
    driver.set_values({"reachable": True, "rtt_ms": 0.2})
    monitor.flush()
    evaluated = _counting(monkeypatch)
    driver.set_values({"reachable": True, "rtt_ms": 0.7})
    monitor.flush()
    assert evaluated == []
    driver.set_value("reachable", False)
    monitor.flush()
    assert len(evaluated) == 1
    assert monitor.engine.effective[reach].state is State.DOWN


def test_budgeted_flush_goes_dependencies_first_and_loses_nothing(
    demo_plant: Plant, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every driver of the demo plant reconnects at once, then the switch dies."""
    monkeypatch.setattr(plant_monitor, "SLICE_MIN", 4)
    sliced, drivers = _monitor(demo_plant)
    full, full_drivers = _monitor(demo_plant)
    order: list[str] = []  # CIs in the order the sliced monitor evaluates them
    note = sliced.readings.note_evaluated

    def noting(ci_id: str, signals: Signals, now: float) -> None:
        order.append(ci_id)
        note(ci_id, signals, now)

    monkeypatch.setattr(sliced.readings, "note_evaluated", noting)

    def connect_all(ds: dict[str, FakeDriver]) -> None:
        for driver in {id(d): d for d in ds.values()}.values():
            driver.set_link_state(LinkState.CONNECTED)

    def switch_down(ds: dict[str, FakeDriver]) -> None:
        for ci_id in ["SW-L3-043", *demo_plant.dependents["SW-L3-043"]]:
            if ci_id in ds:
                ds[ci_id].set_link_state(LinkState.RECONNECTING, "no answer", "timeout")

    for step in (connect_all, switch_down):
        order.clear()
        step(drivers)
        step(full_drivers)
        full.flush()
        flushes = 0
        sliced.flush(budget_s=0.0)  # a budget already spent: one slice per flush
        flushes += 1
        while sliced._backlog:
            sliced.flush(budget_s=0.0)
            flushes += 1
        assert flushes > 1, "the test must really slice"
        assert sliced.engine.effective == full.engine.effective
        assert sliced.engine.rolled == full.engine.rolled
    assert sliced.engine.effective["SW-L3-043"].state is State.DOWN
    assert sliced.engine.root_causes() == ["SW-L3-043"]
    assert sorted(sliced.engine.stopped_lines()) == ["L3", "L4", "L5"]
    # The switch was evaluated before every monitored device behind it.
    behind = [c for c in demo_plant.dependents["SW-L3-043"] if c in order]
    assert behind and all(order.index("SW-L3-043") < order.index(c) for c in behind)


def test_fresh_until_follows_the_state_table() -> None:
    """The deadline is never later than the moment `evaluate` would answer otherwise."""
    from models.own_health import Reading

    def signals(age: float, link: str = "connected") -> Signals:
        reading = Reading("t", "tag", 1.0, "good", "Good", age, warn_high=5.0)
        return Signals(link=link, interval_s=1.0, readings={"t": reading})  # type: ignore[arg-type]

    assert readings.fresh_until(signals(0.5), now=10.0) == pytest.approx(11.5)
    assert readings.fresh_until(signals(3.0), now=10.0) < 10.0  # already stale: always due
    assert readings.fresh_until(signals(0.5, "down"), now=10.0) == float("inf")
    assert readings.fresh_until(signals(0.5), now=10.0, ageing=False) == float("inf")
    for age in (0.5, 1.9, 2.0):
        assert evaluate(signals(age)).state is State.OK
    assert evaluate(signals(2.01)).state is State.WARNING
