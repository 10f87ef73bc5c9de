"""Two consoles raise the same line stop offline: after they exchange events, both show
one open P1 and one duplicate, the survivor carries both notes, and the CLI agrees."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.incidents.builders import created_payload
from app.incidents.head_cache import HeadCache
from app.incidents.service import IncidentService
from models.cmdb import Plant
from models.incidents.dedup import dedup_key, survivors
from models.incidents.events import new_event
from models.incidents.hlc import HlcClock
from models.incidents.ids import uuid7
from models.plant_loader import load_plant
from models.store import open_store
from models.store.incident_repo import append_events, load_events, load_incidents
from resources import demo_plant_path
from tests.app.incidents.conftest import T0, Clock

SWITCH = "SW-L3-043"
KEY = dedup_key(SWITCH, "no_answer")


@dataclass
class Console:
    service: IncidentService
    clock: Clock
    path: Path
    heard: list[set[str]] = field(default_factory=list)

    def raise_stop(self) -> str:
        """What auto-raise writes for the switch going down (no server reachable)."""
        svc = self.service
        payload = created_payload(
            svc.plant,
            ci=SWITCH,
            title="LINE STOP — 3 lines",
            fault_at_ms=self.clock.now,
            impact=1,
            urgency=1,
            local_ref=svc.local_ref(SWITCH, ["L3"]),
            lines=["L3", "L4", "L5"],
            dedup_key=KEY,
            origin="auto",
        )
        return svc.create(payload, user="system").id

    def receive(self, other: Console, incident_id: str) -> set[str]:
        """A pulled page with everything the other console wrote on one incident."""
        self.heard.clear()
        self.service.apply_remote(load_events(other.service.store, incident_id), None)
        return set().union(*self.heard)


@pytest.fixture
def consoles(tmp_path: Path, demo_plant: Plant) -> Iterator[tuple[Console, Console]]:
    made = []
    with open_store(tmp_path / "cr1.db") as one, open_store(tmp_path / "pc2.db") as two:
        for store, name, clock in ((one, "CR1", Clock(T0)), (two, "PC-2", Clock(T0 + 2000))):
            service = IncidentService(store, demo_plant, user="anna", console_id=name, now_ms=clock)
            console = Console(service, clock, tmp_path / f"{name.lower().replace('-', '')}.db")
            service.add_listener(console.heard.append)
            made.append(console)
        yield made[0], made[1]


def raise_both_and_sync(room: Console, pc: Console) -> tuple[str, str]:
    first = room.raise_stop()  # CR1 raises 2 s before PC-2 (HLC): the survivor
    second = pc.raise_stop()
    room.service.add_note(first, "replacing the switch PSU")
    pc.service.add_note(second, "HMI on L4 shows no PLC")
    assert len(pc.service.heads(open_only=True, priorities=("P1",), duplicates=False)) == 1
    room.receive(pc, second)
    pc.receive(room, first)
    return first, second


def test_two_consoles_converge_on_the_earliest_with_both_notes(
    consoles: tuple[Console, Console],
) -> None:
    room, pc = consoles
    first, second = raise_both_and_sync(room, pc)
    for console in (room, pc):
        svc = console.service
        p1s = svc.heads(open_only=True, priorities=("P1",), duplicates=False)
        assert [h.id for h in p1s] == [first]  # one open P1: counts and costs once
        assert sum(h.cost_per_hour for h in p1s) == 11_400
        everything = {h.id: h for h in svc.heads()}
        assert set(everything) == {first, second}
        assert everything[second].duplicate_of == first
        assert everything[first].duplicate_of is None
        assert svc.survivor_of(second) == first and svc.duplicates_of(first) == (second,)
        merged = svc.merged(first)
        assert [(i, n.text) for i, n in merged.notes] == [
            (first, "replacing the switch PSU"),
            (second, "HMI on L4 shows no PLC"),
        ]
        assert svc.merged(second).notes[0][1].text == "HMI on L4 shows no PLC"


def test_the_console_whose_incident_loses_hears_of_it(consoles: tuple[Console, Console]) -> None:
    """PC-2's own incident did not change, yet its view did: listeners hear both ids."""
    room, pc = consoles
    first, second = room.raise_stop(), pc.raise_stop()
    assert pc.receive(room, first) == {first, second}
    assert pc.service.head(second).duplicate_of == first  # type: ignore[union-attr]
    pc.heard.clear()
    pc.service.add_note(second, "still dark")  # a duplicate's note: the survivor shows it
    assert set().union(*pc.heard) == {second, first}


def test_resolving_the_survivor_keeps_the_stop_counted_once(
    consoles: tuple[Console, Console],
) -> None:
    room, pc = consoles
    first, second = raise_both_and_sync(room, pc)
    room.clock.advance(600)
    room.service.resolve(first, "PSU replaced")
    pc.receive(room, first)
    for console in (room, pc):  # overlapped while open: still the survivor's duplicate
        assert console.service.survivor_of(second) == first
        assert console.service.heads(open_only=True, duplicates=False) == []


def test_a_persons_mark_makes_a_duplicate_and_undoing_it_restores(
    consoles: tuple[Console, Console],
) -> None:
    room, _pc = consoles
    svc = room.service
    stop = room.raise_stop()
    other = svc.raise_manual("AR-042-PLC", "gripper slow", impact=3, urgency=3).id
    svc.mark_duplicate(other, stop)
    assert svc.survivor_of(other) == stop
    assert svc.heads(duplicates=False) == [svc.head(stop)] and len(svc.heads()) == 2
    svc.mark_duplicate(other, None)
    assert svc.survivor_of(other) is None and len(svc.heads(duplicates=False)) == 2


def test_cli_list_and_show_converge_like_the_console(
    consoles: tuple[Console, Console], capsys: pytest.CaptureFixture[str]
) -> None:
    room, pc = consoles
    first, second = raise_both_and_sync(room, pc)
    store = str(pc.path)
    pc.service.store.close()
    assert main(["incidents", "list", "--open", "--store", store]) == 0
    out = capsys.readouterr().out
    assert out.count("11,400") == 1  # the duplicate shows no rate of its own
    assert (
        "[DUPLICATE of L3-tmp-1]" in out
        and "(1 of 2 are duplicates: they count on the one named)" in out
    )
    assert main(["incidents", "list", "--json", "--store", store]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[second]["duplicate_of"] == first and rows[first]["duplicate_of"] is None

    assert main(["incidents", "show", first[:18], "--store", store]) == 0
    out = capsys.readouterr().out
    assert "duplicates    L3-tmp-1" in out
    assert "[from duplicate L3-tmp-1] comment: HMI on L4 shows no PLC" in out
    assert main(["incidents", "show", first[:18], "--json", "--store", store]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(n["text"], n["from_duplicate"]) for n in data["notes"]] == [
        ("replacing the switch PSU", False),
        ("HMI on L4 shows no PLC", True),
    ]
    assert data["duplicates"] == [{"id": second, "number": "L3-tmp-1"}]
    assert main(["incidents", "show", second[:18], "--store", store]) == 0
    assert "DUPLICATE of  L3-tmp-1: its stop, cost and SLA count there" in capsys.readouterr().out
    assert main(["incidents", "show", second[:18], "--json", "--store", store]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["duplicate_of"] == first and data["duplicate_of_number"] == "L3-tmp-1"


# -- the head cache computes, incrementally, what the fold-based rule computes ---------

OPS = st.tuples(
    st.sampled_from(["create", "create", "resolve", "reopen", "mark", "unmark"]),
    st.integers(0, 30),
    st.integers(0, 30),
    st.sampled_from(["k1", "k2", ""]),
    st.sampled_from(["CR1", "PC-2"]),
    st.integers(0, 20 * 60_000),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, min_size=1, max_size=30))
def test_head_cache_matches_the_fold_rule_after_each_change(
    ops: list[tuple[str, int, int, str, str, int]],
) -> None:
    plant = _plant()
    now = [T0]
    clock = HlcClock(lambda: now[0])
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "c.db") as store:
        cache = HeadCache(store)
        assert cache.query() == []
        ids: list[str] = []
        for kind, a, b, key, console, delta in ops:
            now[0] += delta
            if kind == "create" or not ids:
                payload = created_payload(
                    plant,
                    ci=SWITCH,
                    title="stop",
                    fault_at_ms=now[0],
                    impact=1,
                    urgency=1,
                    local_ref="L3-tmp-1",
                    dedup_key=key,
                    origin="auto",
                )
                target, kind, payload = uuid7(now[0]), "created", payload
                ids.append(target)
            else:
                target = ids[a % len(ids)]
                other = ids[b % len(ids)]
                payloads: dict[str, dict[str, Any]] = {
                    "resolve": {"resolution": "done"},
                    "reopen": {"reason": "again"},
                    "mark": {"of": other},
                    "unmark": {"of": None},
                }
                payload = payloads[kind]
                kind = {"resolve": "resolved", "reopen": "reopened"}.get(kind, "marked_duplicate")
            event = new_event(
                clock, incident_id=target, type=kind, payload=payload, console_id=console, user="u"
            )
            append_events(store, [event])
            cache.refresh([target])
            expected = survivors(load_incidents(store, ids))
            assert {i: cache.survivor_of(i) for i in ids if cache.survivor_of(i)} == expected
            for survivor in set(expected.values()):
                assert set(cache.duplicates_of(survivor)) == {
                    d for d, s in expected.items() if s == survivor
                }
            shown = {h.id: h.duplicate_of for h in cache.query()}
            assert {i: s for i, s in shown.items() if s} == expected


_PLANT: list[Plant] = []


def _plant() -> Plant:
    if not _PLANT:
        _PLANT.append(load_plant(demo_plant_path()))
    return _PLANT[0]
