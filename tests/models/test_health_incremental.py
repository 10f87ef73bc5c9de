"""Incremental health updates equal a full recomputation, for any plant and any changes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.cmdb import Plant
from models.health import HealthEngine
from models.plant_loader import build_plant
from models.plant_schema import Area, Ci, Line, PlantFile, ReachEndpoint, Site
from models.states import OK_HEALTH, Health, Reason, State

STATES = [
    OK_HEALTH,
    Health(State.DOWN, Reason.of("no_answer", s=3)),
    Health(State.DOWN, Reason.of("program_stopped", state="STOP")),
    Health(State.UNKNOWN, Reason.of("stale", age_s=9.0)),
    Health(State.WARNING, Reason.of("stale", age_s=1.2)),
    Health(State.DEGRADED, Reason.of("threshold", tag="t", value=9.0, limit=7.0, level="alarm")),
    Health(State.MAINTENANCE, Reason.of("maintenance", window="CHG-1", until="06:00")),
]


@st.composite
def plants(draw: st.DrawFn) -> Plant:
    n_lines = draw(st.integers(1, 3))
    lines = [
        Line(id=f"L{i}", name=f"Line {i}", area="A1", cost_per_hour=draw(st.integers(0, 9000)))
        for i in range(n_lines)
    ]
    containers = ["A1", *(line.id for line in lines)]
    cis: list[Ci] = []
    n_cis = draw(st.integers(1, 30))
    for index in range(n_cis):
        ident = f"C{index}"
        earlier = [c.id for c in cis if c.kind != "redundancy_group"]
        parent = draw(st.sampled_from(containers + earlier))
        criticality = draw(st.sampled_from(["stops_line", "degrades", "info"]))
        make_group = len(earlier) >= 2 and draw(st.integers(0, 6)) == 0
        if make_group:
            members = draw(st.lists(st.sampled_from(earlier), min_size=2, max_size=4, unique=True))
            cis.append(
                Ci(
                    id=ident,
                    kind="redundancy_group",
                    parent=parent,
                    criticality=criticality,
                    members=tuple(members),
                    min_up=draw(st.integers(1, len(members))),
                )
            )
            continue
        deps = (
            draw(st.lists(st.sampled_from([c.id for c in cis]), max_size=3, unique=True))
            if cis
            else []
        )
        monitored = draw(st.booleans())
        cis.append(
            Ci(
                id=ident,
                kind="switch" if monitored else "machine",
                parent=parent,
                criticality=criticality,
                depends_on=tuple(deps),
                reach=ReachEndpoint(host=f"127.0.0.{index + 1}") if monitored else None,
            )
        )
    source = PlantFile(
        site=Site(id="S", name="Site"),
        area=(Area(id="A1", name="Area"),),
        line=tuple(lines),
        ci=tuple(cis),
    )
    return build_plant(source)


def full(plant: Plant, own: dict[str, Health], offline: bool) -> HealthEngine:
    engine = HealthEngine(plant, initial=OK_HEALTH)
    engine.own.update(own)
    engine.console_offline = offline
    engine.recompute_all()
    return engine


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), plant=plants())
def test_incremental_equals_full(data: st.DataObject, plant: Plant) -> None:
    engine = HealthEngine(plant, initial=OK_HEALTH)
    # Groups too: a what-if sets a group's own health (the group as a whole down).
    targets = [c for c, n in plant.nodes.items() if n.monitored or n.is_group]
    targets += list(plant.lines)
    if not targets:
        return
    steps = data.draw(st.integers(1, 12))
    for _ in range(steps):
        if data.draw(st.integers(0, 9)) == 0:
            engine.set_console_offline(not engine.console_offline)
        else:
            batch = data.draw(
                st.dictionaries(
                    st.sampled_from(targets), st.sampled_from(STATES), min_size=1, max_size=4
                )
            )
            engine.apply(batch)
        reference = full(plant, engine.own, engine.console_offline)
        assert engine.effective == reference.effective
        assert engine.rolled == reference.rolled


@settings(max_examples=60, deadline=None)
@given(plant=plants(), data=st.data())
def test_changes_report_exactly_what_changed(plant: Plant, data: st.DataObject) -> None:
    engine = HealthEngine(plant, initial=OK_HEALTH)
    targets = [c for c, n in plant.nodes.items() if n.monitored]
    if not targets:
        return
    batch = data.draw(
        st.dictionaries(st.sampled_from(targets), st.sampled_from(STATES), min_size=1)
    )
    before = dict(engine.rolled)
    changes = engine.apply(batch)
    assert changes.rolled == {c for c, h in engine.rolled.items() if before[c] != h}
