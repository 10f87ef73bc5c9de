"""SLA clocks with a fake `now`: 75 % warning, breach at 100 %, paused on hold."""

from __future__ import annotations

import pytest

from models.incidents.events import Event
from models.incidents.fold import fold
from models.incidents.priority import Priority
from models.incidents.sla import (
    DEFAULT_POLICY,
    SlaClock,
    SlaLevel,
    SlaPolicy,
    SlaTargets,
    status,
)

from .builders import MIN, T0, Console, new_incident_id

F = T0  # fault time of every incident here
S = 1000


def start(impact: int = 1, urgency: int = 1) -> tuple[Console, str, list[Event]]:
    console = Console("CR1", F)
    iid = new_incident_id()
    return console, iid, [console.create(iid, fault_at_ms=F, impact=impact, urgency=urgency)]


def clock(events: list[Event], now_ms: int, name: str) -> SlaClock:
    return next(c for c in status(fold(events), now_ms) if c.name == name)


def test_p1_targets() -> None:
    _, _, events = start()
    clocks = status(fold(events), F)
    assert [(c.name, c.target_s) for c in clocks] == [
        ("acknowledge", 300.0),
        ("on_site", 900.0),
        ("resolve", 14_400.0),
    ]


@pytest.mark.parametrize(
    ("after_s", "level"),
    [(0, SlaLevel.OK), (224, SlaLevel.OK), (225, SlaLevel.WARNING), (299, SlaLevel.WARNING),
     (300, SlaLevel.BREACHED), (3600, SlaLevel.BREACHED)],
)  # fmt: skip
def test_acknowledge_clock_levels(after_s: int, level: SlaLevel) -> None:
    _, _, events = start()
    ack = clock(events, F + after_s * S, "acknowledge")
    assert ack.level is level
    assert ack.elapsed_s == after_s
    assert ack.remaining_s == 300 - after_s
    assert ack.fraction == pytest.approx(after_s / 300)
    assert ack.stopped_at_ms is None


def test_a_clock_stops_on_its_event() -> None:
    console, iid, events = start()
    events.append(console.advance(4 * MIN).event(iid, "acknowledged"))
    ack = clock(events, F + 3 * 3600 * S, "acknowledge")
    assert (ack.elapsed_s, ack.level, ack.stopped_at_ms) == (240, SlaLevel.WARNING, F + 4 * MIN)
    on_site = clock(events, F + 20 * MIN, "on_site")
    assert on_site.level is SlaLevel.BREACHED and on_site.remaining_s == -300


def test_hold_pauses_the_clocks() -> None:
    console, iid, events = start()
    events += [
        console.advance(MIN).event(iid, "acknowledged"),
        console.advance(MIN).event(iid, "status_changed", to="on_hold", reason="spare part"),
    ]
    during = clock(events, F + 30 * MIN, "on_site")
    assert during.elapsed_s == 120 and during.paused
    events.append(console.advance(10 * MIN).event(iid, "status_changed", to="in_progress"))
    after = clock(events, F + 20 * MIN, "on_site")
    assert after.elapsed_s == 10 * 60 and not after.paused  # 20 min minus 10 on hold
    resolve = clock(events, F + 4 * 3600 * S, "resolve")
    assert resolve.elapsed_s == 4 * 3600 - 600 and resolve.level is SlaLevel.WARNING


def test_resolving_stops_clocks_whose_event_never_came() -> None:
    console, iid, events = start()
    events.append(console.advance(3 * MIN).event(iid, "resolved"))
    clocks = status(fold(events), F + 5 * 3600 * S)
    assert {c.name: c.elapsed_s for c in clocks} == {
        "acknowledge": 180,
        "on_site": 180,
        "resolve": 180,
    }
    assert all(c.stopped_at_ms == F + 3 * MIN for c in clocks)


def test_time_spent_resolved_before_a_reopen_does_not_count() -> None:
    console, iid, events = start()
    events.append(console.advance(10 * MIN).event(iid, "resolved"))
    events.append(console.advance(60 * MIN).event(iid, "reopened", reason="back"))
    resolve = clock(events, F + 80 * MIN, "resolve")
    assert resolve.elapsed_s == 20 * 60 and resolve.stopped_at_ms is None


def test_lower_priorities_and_a_custom_policy() -> None:
    _, _, events = start(impact=3, urgency=3)
    assert [c.name for c in status(fold(events), F)] == ["acknowledge", "resolve"]  # P5
    _, _, events = start(impact=1, urgency=2)
    assert fold(events).priority is Priority.P2
    assert [c.target_s for c in status(fold(events), F)] == [900, 3600, 8 * 3600]
    targets = dict(DEFAULT_POLICY.targets)
    targets[Priority.P2] = SlaTargets(60, None, None)
    policy = SlaPolicy(targets, warning_fraction=0.5)
    [ack] = status(fold(events), F + 30 * S, policy)
    assert ack.level is SlaLevel.WARNING


def test_no_clocks_before_the_created_event() -> None:
    iid = new_incident_id()
    note = Console().event(iid, "comment", text="early")
    assert status(fold([note]), F) == []


def test_policy_validation() -> None:
    with pytest.raises(ValueError, match="P5"):
        SlaPolicy({p: SlaTargets(1, 1, 1) for p in list(Priority)[:4]})
    with pytest.raises(ValueError, match="positive"):
        SlaTargets(0, 1, 1)
    with pytest.raises(ValueError, match="warning_fraction"):
        SlaPolicy(DEFAULT_POLICY.targets, warning_fraction=1.0)
