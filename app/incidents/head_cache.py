"""Every incident head in memory, kept current from the service's own commits.

The store answers a full list of 10,000 heads in about 100 ms (SQLite building
320,000 values); the views refresh far more often than incidents change, so the
service reads them once and then re-reads only the heads its writes (or pulled
pages) touched. Filtering and sorting 10,000 tuples in Python takes a few ms.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from models.store.engine import Store
from models.store.incident_heads import OPEN_STATUSES, IncidentHead, heads_by_ids, list_heads


class HeadCache:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._heads: dict[str, IncidentHead] | None = None

    def refresh(self, incident_ids: Iterable[str]) -> None:
        """Re-read these heads (after a commit that changed them)."""
        if self._heads is None:
            return  # not loaded yet: the first query reads everything anyway
        for head in heads_by_ids(self.store, list(incident_ids)):
            self._heads[head.id] = head

    def get(self, incident_id: str) -> IncidentHead | None:
        return self._all().get(incident_id)

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
        limit: int | None = None,
    ) -> list[IncidentHead]:
        """Like `list_heads` (same filters, newest fault first), from memory."""
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
        ]
        found.sort(key=lambda h: h.id)
        found.sort(key=lambda h: h.opened_ms if h.opened_ms is not None else -1, reverse=True)
        return found if limit is None else found[:limit]

    def _all(self) -> dict[str, IncidentHead]:
        if self._heads is None:
            self._heads = {h.id: h for h in list_heads(self.store)}
        return self._heads


def _active_since(head: IncidentHead, since_ms: int) -> bool:
    return (
        head.is_open
        or (head.opened_ms or 0) >= since_ms
        or (head.resolved_ms is not None and head.resolved_ms >= since_ms)
    )
