"""Every incident head in memory, kept current from the service's own commits.

The store answers a full list of 10,000 heads in about 100 ms (SQLite building
320,000 values); the views refresh far more often than incidents change, so the
service reads them once and then re-reads only the heads its writes (or pulled
pages) touched. Filtering and sorting 10,000 tuples in Python takes a few ms.

Duplicates converge here, in the view, with no event written
(`models.incidents.dedup.survivors_of`): every console computes the same mapping
from the same heads. A head this cache returns has `duplicate_of` = the incident it
converged on (the earliest open one with its dedup key, or a person's mark, chains
followed), None for everything else. Only incidents that share a dedup key or carry
a mark take part, so a change costs what its dedup key's group costs, not the list.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from models.incidents.dedup import DedupFacts, follow_chains, survivors_of
from models.incidents.payloads import PAYLOADS
from models.store.engine import Store
from models.store.incident_heads import OPEN_STATUSES, IncidentHead, heads_by_ids, list_heads

_CREATED_VERSIONS = tuple(sorted(PAYLOADS["created"]))


class HeadCache:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._heads: dict[str, IncidentHead] | None = None  # as shown (duplicate_of converged)
        self._raw: dict[str, IncidentHead] = {}  # as stored
        self._by_key: dict[str, set[str]] = {}  # dedup key -> incident ids
        self._marked: set[str] = set()  # ids with a person's duplicate mark
        self._opened: dict[str, tuple[str, str]] = {}  # id -> created (HLC text, console)
        self._survivor: dict[str, str] = {}  # duplicate -> survivor
        self._auto: dict[str, dict[str, str]] = {}  # dedup key -> its automatic duplicates
        self._with_marks = False  # the mapping was last built with a person's mark
        self._duplicates: dict[str, set[str]] = {}  # survivor -> its duplicates

    def refresh(self, incident_ids: Iterable[str]) -> set[str]:
        """Re-read these heads (after a commit that changed them). Returns the other
        incidents whose view changed with them: duplicates that now converge elsewhere
        (or no longer), and the survivors of changed duplicates (their merged notes)."""
        ids = list(incident_ids)
        if self._heads is None:  # first use: read everything (the commit included)
            self._all()
            touched = {self._survivor[i] for i in ids if i in self._survivor}
            touched.update(d for i in ids for d in self._duplicates.get(i, ()))
            return touched - set(ids)
        keys: set[str] = set()
        for head in heads_by_ids(self.store, ids):
            old = self._raw.get(head.id)
            keys.update(k for k in (old.dedup_key if old else "", head.dedup_key) if k)
            self._index(head)
        before = {i: self._survivor.get(i) for i in ids}
        touched = self._converge(keys)
        for incident_id in ids:
            touched.update(s for s in (before[incident_id], self._survivor.get(incident_id)) if s)
        return touched - set(ids)

    def get(self, incident_id: str) -> IncidentHead | None:
        return self._all().get(incident_id)

    def survivor_of(self, incident_id: str) -> str | None:
        """The incident this one converged on (None: it is no one's duplicate)."""
        self._all()
        return self._survivor.get(incident_id)

    def duplicates_of(self, incident_id: str) -> tuple[str, ...]:
        """The incidents that converged on this one, earliest first."""
        self._all()
        found = self._duplicates.get(incident_id, set())
        return tuple(sorted(found, key=lambda i: self._opened[i]))

    def query(
        self,
        *,
        open_only: bool = False,
        statuses: Collection[str] = (),
        priorities: Collection[str] = (),
        line: str | None = None,
        root_ci: str | None = None,
        dedup_key: str | None = None,
        origin: str | None = None,
        active_since_ms: int | None = None,
        duplicates: bool = True,
        limit: int | None = None,
    ) -> list[IncidentHead]:
        """Like `list_heads` (same filters, newest fault first), from memory.
        `duplicates=False` leaves out incidents that converged on another."""
        wanted = set(OPEN_STATUSES if open_only else statuses)
        prios = set(priorities)
        found = [
            h
            for h in self._all().values()
            if (not wanted or h.status in wanted)
            and (not prios or h.priority in prios)
            and (line is None or line in h.lines)
            and (root_ci is None or h.root_ci == root_ci)
            and (dedup_key is None or h.dedup_key == dedup_key)
            and (origin is None or h.origin == origin)
            and (active_since_ms is None or _active_since(h, active_since_ms))
            and (duplicates or h.duplicate_of is None)
        ]
        found.sort(key=lambda h: h.id)
        found.sort(key=lambda h: h.opened_ms if h.opened_ms is not None else -1, reverse=True)
        return found if limit is None else found[:limit]

    # -- convergence -------------------------------------------------------------

    def _all(self) -> dict[str, IncidentHead]:
        if self._heads is None:
            self._heads = {}
            for head in list_heads(self.store):
                self._index(head)
            self._converge(set(self._by_key))
        return self._heads

    def _index(self, head: IncidentHead) -> None:
        assert self._heads is not None
        old = self._raw.get(head.id)
        if old is not None and old.dedup_key != head.dedup_key:
            group = self._by_key.get(old.dedup_key)
            if group is not None:
                group.discard(head.id)
        if head.dedup_key:
            self._by_key.setdefault(head.dedup_key, set()).add(head.id)
        if head.duplicate_of:
            self._marked.add(head.id)
        else:
            self._marked.discard(head.id)
        self._raw[head.id] = head
        self._heads[head.id] = _shown(head, self._survivor.get(head.id))

    def _converge(self, keys: Collection[str]) -> set[str]:
        """Recompute the automatic duplicates of these dedup keys (each key on its own),
        then every person's mark over them; returns the ids whose survivor changed.
        Without marks a change costs its dedup key's group; with marks, the number of
        duplicates and marks (a mark's chain may cross keys)."""
        changed: set[str] = set()
        groups = {k: [i for i in self._by_key.get(k, ()) if self._raw[i].created] for k in keys}
        self._fetch_opened(
            [i for g in groups.values() if len(g) > 1 for i in g if i not in self._opened]
        )
        for key, ids in groups.items():
            group = [self._raw[i] for i in ids]
            old = self._auto.pop(key, {})
            new: dict[str, str] = {}
            if len(group) > 1:
                facts = [_facts(h, self._opened[h.id]) for h in group if h.id in self._opened]
                new = survivors_of(facts)
            if new:
                self._auto[key] = new
            changed.update(i for i in old.keys() | new.keys() if old.get(i) != new.get(i))
        if self._marked or self._with_marks:
            mapping = self._with_chains()
            changed = {
                i
                for i in self._survivor.keys() | mapping.keys()
                if self._survivor.get(i) != mapping.get(i)
            }
            self._with_marks = bool(self._marked)
        else:  # each key's duplicates are its own: only the keys given change
            mapping = {i: s for key in keys for i, s in self._auto.get(key, {}).items()}
        self._apply({i: mapping.get(i) for i in changed})
        return changed

    def _apply(self, changes: dict[str, str | None]) -> None:
        """Set (or clear) these incidents' survivors, in the mapping, its reverse and the
        heads as shown."""
        assert self._heads is not None
        for incident_id, after in changes.items():
            before = self._survivor.pop(incident_id, None)
            if before is not None:
                group = self._duplicates.get(before, set())
                group.discard(incident_id)
                if not group:
                    self._duplicates.pop(before, None)
            if after is not None:
                self._survivor[incident_id] = after
                self._duplicates.setdefault(after, set()).add(incident_id)
            raw = self._raw.get(incident_id)
            if raw is not None:
                self._heads[incident_id] = _shown(raw, after)

    def _with_chains(self) -> dict[str, str]:
        """The automatic duplicates with every person's mark on top, chains followed
        (as `survivors_of` does over all incidents)."""
        parent = {d: s for auto in self._auto.values() for d, s in auto.items()}
        marks = {i: self._raw[i].duplicate_of or "" for i in self._marked}
        self._fetch_opened([i for i in {*marks, *marks.values()} if i not in self._opened])
        for incident_id, target in marks.items():
            known = self._raw.get(target)
            if (
                target != incident_id
                and incident_id in self._opened
                and target in self._opened
                and known is not None
                and known.created
                and self._raw[incident_id].created
            ):
                parent[incident_id] = target
        keys = {i: (*self._opened[i], i) for i in parent}
        return follow_chains(parent, keys)

    def _fetch_opened(self, incident_ids: list[str]) -> None:
        """The `created` event's (HLC, console) of these incidents, as the fold takes it:
        the first known-version `created` in (HLC, console id, event id) order."""
        if not incident_ids:
            return
        marks = ", ".join("?" * len(_CREATED_VERSIONS))
        with self.store.read() as connection:
            for start in range(0, len(incident_ids), 500):
                chunk = incident_ids[start : start + 500]
                sql = (
                    "SELECT incident_id, hlc, console_id, id FROM incident_event "
                    f"WHERE type = 'created' AND version IN ({marks}) "
                    f"AND incident_id IN ({', '.join('?' * len(chunk))})"
                )
                rows = connection.exec_driver_sql(sql, (*_CREATED_VERSIONS, *chunk)).fetchall()
                first: dict[str, tuple[str, str, str]] = {}
                for incident_id, hlc, console_id, event_id in rows:
                    key = (hlc, console_id, event_id)
                    if incident_id not in first or key < first[incident_id]:
                        first[incident_id] = key
                for incident_id, (hlc, console_id, _event) in first.items():
                    self._opened[incident_id] = (hlc, console_id)


def _shown(head: IncidentHead, survivor: str | None) -> IncidentHead:
    """The head as lists show it: `duplicate_of` = the survivor it converged on."""
    return head if head.duplicate_of == survivor else head._replace(duplicate_of=survivor)


def _facts(head: IncidentHead, opened: tuple[str, str]) -> DedupFacts:
    """A head's facts for its dedup key alone (marks are applied over all keys later)."""
    hlc, console_id = opened
    wall_ms = int(hlc.split("-", 1)[0])
    return DedupFacts(
        head.id, (hlc, console_id, head.id), wall_ms, head.resolved_ms, head.dedup_key, None
    )


def _active_since(head: IncidentHead, since_ms: int) -> bool:
    return (
        head.is_open
        or (head.opened_ms or 0) >= since_ms
        or (head.resolved_ms is not None and head.resolved_ms >= since_ms)
    )
