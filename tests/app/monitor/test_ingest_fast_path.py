"""`ReadingStore.ingest` (a driver's batch, with the inlined fast path of a live
subscription) gives exactly what `on_sample` gives sample by sample: the same CIs to
re-evaluate, the same CIs touched, the same taps, the same stored readings, and so the
same health for every CI. Random batches and link changes (hypothesis)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from app.monitor.readings import ReadingStore, SampleTap
from drivers.base import (
    BAD_NOT_CONNECTED,
    BAD_TIMEOUT,
    GOOD,
    LinkState,
    LinkStatus,
    Quality,
    Sample,
)
from models.cmdb import Plant
from models.own_health import evaluate
from models.states import Health

PLC = "AR-042-PLC"  # OPC UA, judged roles and points with limits
CONV = "CONV-L3-PLC"  # OPC UA, its line_running is line L3's running tag
RC = "AR-042-RC"  # Modbus: never the fast path
CIS = {PLC: "opcua", CONV: "opcua", RC: "modbus"}

JUDGED = [f"{ci}:{p}" for ci in (PLC, CONV) for p in ("cabinet_temp", "vibration", "run_state")]
LIMITS = st.sampled_from([40.0, 44.9, 45.0, 45.1, 4.4, 4.5, 4.6, 7.1, 7.2, 55.0, 55.1])
VALUES = st.one_of(
    LIMITS,  # around the limits of cabinet_temp (45, 55) and vibration (4.5, 7.1)
    LIMITS,
    st.sampled_from([0, 1, 2, 3, -1, True, False, None, "", "x", math.nan, math.inf, 10**20]),
    st.floats(allow_nan=True, width=32),
    st.integers(-5, 60),
)
QUALITIES = st.sampled_from(
    [
        *[GOOD] * 6,
        Quality(0, "Good"),  # equal to GOOD, not the same object
        BAD_NOT_CONNECTED,
        BAD_TIMEOUT,
        Quality(0x40000000, "Uncertain"),
    ]
)
STATES = st.sampled_from(
    [LinkState.CONNECTED, LinkState.CONNECTED, LinkState.RECONNECTING, LinkState.CONNECTING]
)


def _points(plant: Plant) -> dict[str, tuple[str, str]]:
    out = {f"{ci}:{p.name}": (ci, p.name) for ci in CIS for p in plant.points(ci)}
    out[f"{PLC}:not_in_the_file"] = (PLC, "not_in_the_file")
    return out


def _running(plant: Plant) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for line_id, line in plant.lines.items():
        if line.running_tag:
            ci, point = line.running_tag.split(":", 1)
            out[(ci, point)] = line_id
    return out


def _store(plant: Plant) -> ReadingStore:
    store = ReadingStore(plant)
    for ci, protocol in CIS.items():
        store.register(ci, protocol, 0.5, 1.0)
    return store


def _reference(
    store: ReadingStore,
    points: dict[str, tuple[str, str]],
    running: dict[tuple[str, str], str],
    samples: Sequence[Sample],
    dirty: set[str],
    touched: set[str],
    tapped: list[tuple[str, str, Sample]],
) -> None:
    """The monitor's loop before `ingest`: `on_sample` one sample at a time."""
    for sample in samples:
        target = points.get(sample.point)
        if target is None:
            continue
        ci_id, point = target
        if store.on_sample(ci_id, point, sample):
            dirty.add(ci_id)
        tapped.append((ci_id, point, sample))
        touched.add(ci_id)
        line = running.get(target)
        if line is not None:
            dirty.add(line)


def _state(store: ReadingStore) -> dict[str, object]:
    return {
        ci: (
            entry.last_sample,
            {n: (v.value, v.quality, v.source_time, v.received) for n, v in entry.points.items()},
        )
        for ci, entry in store.cis.items()
    }


def _health(store: ReadingStore, now: float) -> dict[str, Health | str]:
    out: dict[str, Health | str] = {}
    for ci in store.cis:
        try:
            out[ci] = evaluate(store.signals(ci, now, lambda _ci: None))
        except (ValueError, OverflowError) as exc:  # a NaN or infinite run state (models/)
            out[ci] = repr(exc)
    return out


@dataclass(frozen=True)
class Status:
    ci: str
    state: LinkState


Step = Status | list[Sample]


def _tap(into: list[tuple[str, str, Sample]]) -> SampleTap:
    return lambda ci, point, sample: into.append((ci, point, sample))


@st.composite
def actions(draw: st.DrawFn, names: list[str]) -> list[Step]:
    """Link changes and batches of samples (each batch received at one instant)."""
    out: list[Step] = [Status(PLC, LinkState.CONNECTED), Status(CONV, LinkState.CONNECTED)]
    received = 100.0
    for _ in range(draw(st.integers(1, 40))):
        if draw(st.integers(0, 5)) == 0:
            out.append(Status(draw(st.sampled_from(list(CIS))), draw(STATES)))
            continue
        received += draw(st.sampled_from([0.0, 0.25, 0.5]))
        # mostly the points that limits and roles judge, so that each sees many changes
        pick = st.one_of(st.sampled_from(names), st.sampled_from(JUDGED))
        names_ = draw(st.lists(pick, min_size=1, max_size=4))
        out.append([Sample(n, draw(VALUES), draw(QUALITIES), None, received) for n in names_])
    return out


def test_ingest_matches_on_sample_one_by_one(demo_plant: Plant) -> None:
    points = _points(demo_plant)
    names = [*points, "NOT-A-CI:run_state"]

    @settings(max_examples=200, deadline=None)
    @given(actions(names))
    def check(steps: list[Step]) -> None:
        fast, slow = _store(demo_plant), _store(demo_plant)
        running = _running(demo_plant)
        routes = fast.routes(points, running)
        now = 100.0
        for step in steps:
            if isinstance(step, Status):
                status = LinkStatus(step.state, None, None, "None", now)
                fast.on_status(step.ci, status)
                slow.on_status(step.ci, status)
                continue
            batch = step
            dirty_f: set[str] = set()
            touched_f: set[str] = set()
            tapped_f: list[tuple[str, str, Sample]] = []
            fast.ingest(routes, batch, dirty_f, touched_f, [_tap(tapped_f)])
            dirty_s: set[str] = set()
            touched_s: set[str] = set()
            tapped_s: list[tuple[str, str, Sample]] = []
            _reference(slow, points, running, batch, dirty_s, touched_s, tapped_s)
            assert dirty_f == dirty_s
            assert touched_f == touched_s
            assert tapped_f == tapped_s
            assert _state(fast) == _state(slow)
            now = max(now, batch[-1].received)
        assert _health(fast, now + 0.1) == _health(slow, now + 0.1)

    check()


def test_a_live_in_range_change_is_not_dirty_and_a_limit_crossing_is(demo_plant: Plant) -> None:
    store = _store(demo_plant)
    routes = store.routes(_points(demo_plant), _running(demo_plant))
    store.on_status(PLC, LinkStatus(LinkState.CONNECTED, None, None, "None", 0.0))
    first = [Sample(f"{PLC}:cabinet_temp", 30.0, GOOD, None, 1.0)]
    dirty: set[str] = set()
    store.ingest(routes, first, dirty, set())
    assert dirty == {PLC}  # the first reading of a point
    for value, expect in ((31.0, set()), (44.9, set()), (45.5, {PLC}), (46.0, {PLC})):
        dirty = set()
        touched: set[str] = set()
        store.ingest(
            routes, [Sample(f"{PLC}:cabinet_temp", value, GOOD, None, 2.0)], dirty, touched
        )
        assert (dirty, touched) == (expect, {PLC}), value
    assert store.cis[PLC].points["cabinet_temp"].value == 46.0
