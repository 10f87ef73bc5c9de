"""Consoles editing through a real server converge: same folds, every comment, one incident."""

from __future__ import annotations

import asyncio

from models.incidents.dedup import merged_views
from models.incidents.ids import uuid7
from tests.server.helpers import assert_exactly_once_everywhere, eventually, run
from tests.server.site import Site, SyncedConsole


def test_three_consoles_edit_one_incident_concurrently(site: Site) -> None:
    async def scenario() -> None:
        consoles = [SyncedConsole(site) for _ in range(3)]
        incident = uuid7()
        written = {consoles[0].create(incident).id}
        for c in consoles:
            c.start()
        await eventually(
            lambda: all(incident in c.store.by_incident for c in consoles),
            what="created everywhere",
        )

        async def edit(i: int, c: SyncedConsole) -> None:
            for n in range(15):
                written.add(c.write(incident, "comment", text=f"console {i} note {n} — ✓").id)
                if n == 3:
                    written.add(c.write(incident, "assigned", assignee=f"tech-{i}").id)
                if n == 5:
                    written.add(c.write(incident, "acknowledged", note=f"ack by {i}").id)
                if n == 8:
                    written.add(c.write(incident, "urgency_changed", urgency=1 + i % 3).id)
                await asyncio.sleep(0.01 * (i + 1))

        await asyncio.gather(*(edit(i, c) for i, c in enumerate(consoles)))
        await eventually(
            lambda: (
                all(written <= set(c.store.events) and not c.store.outbox for c in consoles)
                and len({len(c.store.events) for c in consoles}) == 1
            ),
            what="every event on every console",
        )
        folds = [c.store.incident(incident) for c in consoles]
        assert folds[0] == folds[1] == folds[2]
        assert len(folds[0].notes) == 45
        assert folds[0].number_final and folds[0].number.startswith("INC-")
        assert folds[0].status.value == "acknowledged"
        for c in consoles:
            await c.stop()
        assert_exactly_once_everywhere(site, [c.store for c in consoles], [incident], written)

    run(scenario())


def test_duplicate_line_stops_raised_offline_converge_on_one(site: Site) -> None:
    async def scenario() -> None:
        a, b = SyncedConsole(site), SyncedConsole(site)
        first, second = uuid7(), uuid7()
        key = f"SW-L3-043|no_answer|{first[:8]}"
        written = {a.create(first, dedup_key=key).id}  # both offline: nothing runs yet
        written.add(b.create(second, dedup_key=key).id)
        written.add(b.write(second, "comment", text="seen from the plant PC").id)
        for c in (a, b):
            c.start()
        await eventually(
            lambda: (
                all({first, second} <= set(c.store.by_incident) for c in (a, b))
                and all(c.store.incident(first).number_final for c in (a, b))
                and all(c.store.incident(second).number_final for c in (a, b))
            ),
            what="both incidents and numbers everywhere",
        )
        views = [merged_views(c.store.incidents()) for c in (a, b)]
        mine = [[v for v in vs if v.survivor.id in (first, second)] for vs in views]
        assert len(mine[0]) == len(mine[1]) == 1
        assert mine[0][0].survivor == mine[1][0].survivor
        assert len(mine[0][0].duplicate_ids) == 1
        assert [n.text for _, n in mine[0][0].notes] == ["seen from the plant PC"]
        numbers = {c.store.incident(i).number for c in (a, b) for i in (first, second)}
        assert len(numbers) == 2  # two incidents, two server numbers, never shared
        for c in (a, b):
            await c.stop()
        assert_exactly_once_everywhere(site, [a.store, b.store], [first, second], written)

    run(scenario())
