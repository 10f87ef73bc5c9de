"""The default settle time of auto-raise: a CI that turned DOWN waits until what it depends
on has been checked again. A switch probed every 2 s is seen dead up to 3 s after the
devices behind it; with a fixed 1.5 s each device became an incident of its own (seen
against the simulator: up to 11 P1s for one dead switch from `run --headless`)."""

from __future__ import annotations

from app.incidents.auto_raise import AutoRaiser, upstream_settle_s
from app.incidents.service import IncidentService
from tests.app.incidents.conftest import Clock
from tests.widgets.conftest import PlantFeed

SWITCH = "SW-L3-043"
BEHIND = ("AR-042-PLC", "AR-051-PLC", "CONV-L4-PLC")


def step(feed: PlantFeed, raiser: AutoRaiser, clock: Clock, seconds: float) -> None:
    feed.flush()
    raiser.tick()
    clock.advance(seconds)
    feed.flush()
    raiser.tick()


def switch_check_s(feed: PlantFeed, ci: str) -> float:
    binding = feed.bindings[ci]
    return binding.interval_s + binding.config.timeout_s


def test_devices_failing_before_their_switch_is_probed_give_one_incident(
    feed: PlantFeed, service: IncidentService, clock: Clock
) -> None:
    raiser = AutoRaiser(feed.monitor, service)
    wait_s = upstream_settle_s(switch_check_s(feed, SWITCH))
    assert wait_s > 1.5 and raiser.settle_of("AR-051-PLC") == round(wait_s * 1000)

    for device in BEHIND:
        feed.cut(device)  # they time out first; the switch's next probe is still to come
    step(feed, raiser, clock, wait_s - 0.5)  # past the old fixed 1.5 s: nothing yet
    assert service.heads() == []

    feed.switch_down(SWITCH)  # the probe: the switch is dead, the devices are behind it
    step(feed, raiser, clock, upstream_settle_s(switch_check_s(feed, "SW-CORE-01")))
    step(feed, raiser, clock, 0.1)
    assert [h.root_ci for h in service.heads()] == [SWITCH]


def test_a_device_failing_alone_is_raised_once_its_switch_answered_again(
    feed: PlantFeed, service: IncidentService, clock: Clock
) -> None:
    raiser = AutoRaiser(feed.monitor, service)
    wait_s = upstream_settle_s(switch_check_s(feed, SWITCH))
    feed.cut("AR-051-PLC")
    step(feed, raiser, clock, wait_s - 0.5)
    assert service.heads() == []
    step(feed, raiser, clock, 0.6)  # the switch was checked meanwhile and is fine
    assert [h.root_ci for h in service.heads()] == ["AR-051-PLC"]


def test_an_explicit_settle_time_is_kept(
    feed: PlantFeed, service: IncidentService, clock: Clock
) -> None:
    raiser = AutoRaiser(feed.monitor, service, settle_s=1.5)
    assert raiser.settle_of("AR-051-PLC") == 1500
    feed.cut("AR-051-PLC")
    step(feed, raiser, clock, 2.0)
    assert [h.root_ci for h in service.heads()] == ["AR-051-PLC"]


def test_a_ci_that_depends_on_nothing_monitored_waits_the_least_settle(
    feed: PlantFeed, service: IncidentService
) -> None:
    raiser = AutoRaiser(feed.monitor, service)
    assert raiser.settle_of(feed.plant.root) == 1500  # the site: no dependencies


def test_a_device_behind_a_redundant_ring_waits_for_the_rings_switches(
    feed: PlantFeed, service: IncidentService
) -> None:
    """PB-101-PLC depends on RING-L1, a group nothing checks itself: the wait is that of
    the ring's slowest switch, else a dead ring gave one P1 per device behind it."""
    raiser = AutoRaiser(feed.monitor, service)
    slowest = max(switch_check_s(feed, s) for s in ("SW-L1-A", "SW-L1-B"))
    assert raiser.settle_of("PB-101-PLC") == round(upstream_settle_s(slowest) * 1000)
    assert raiser.settle_of("PB-101-PLC") > 1500


def test_a_fault_the_device_reported_waits_only_the_least_settle(
    feed: PlantFeed, service: IncidentService
) -> None:
    """A fault code read from the PLC proves its path answers: no wait for the switches."""
    raiser = AutoRaiser(feed.monitor, service)
    assert raiser.settle_of("AR-051-PLC", "no_answer") > 1500
    for reason in ("fault", "fault_flag", "program_stopped"):
        assert raiser.settle_of("AR-051-PLC", reason) == 1500
