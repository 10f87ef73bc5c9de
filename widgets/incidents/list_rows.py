"""SortedRows: the incident list's shown rows in key order, plain Python (no Qt).

Each row has a unique key (the sort column's value, the default order, the incident
id); `position` finds a row by id with one bisect, so one incident's change costs
O(log n) comparisons plus a list insert or delete (a C memmove), never a re-sort.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from models.store.incident_heads import IncidentHead

Key = tuple[Any, ...]


class SortedRows:
    def __init__(self) -> None:
        self.heads: list[IncidentHead] = []
        self.keys: list[Key] = []
        self._key_of: dict[str, Key] = {}

    def __len__(self) -> int:
        return len(self.heads)

    def reset(self, rows: Iterable[tuple[Key, IncidentHead]]) -> None:
        """Replace every row (sorted here: one key comparison per pair)."""
        pairs = sorted(rows, key=lambda pair: pair[0])
        self.keys = [key for key, _head in pairs]
        self.heads = [head for _key, head in pairs]
        self._key_of = {head.id: key for key, head in pairs}

    def assign(self, rows: Iterable[tuple[Key, IncidentHead]]) -> None:
        """Replace every row with rows already in key order (a filtered `SortedRows`)."""
        pairs = list(rows)
        self.keys = [key for key, _head in pairs]
        self.heads = [head for _key, head in pairs]
        self._key_of = {head.id: key for key, head in pairs}

    def pairs(self) -> Iterable[tuple[Key, IncidentHead]]:
        return zip(self.keys, self.heads, strict=True)

    def put(self, incident_id: str, key: Key | None, head: IncidentHead | None) -> None:
        """Move (or add, or with None remove) one row to where its key belongs."""
        old = self.position(incident_id)
        if old is not None:
            self.pop(old)
        if key is not None and head is not None:
            self.insert(self.insert_position(key), key, head)

    def position(self, incident_id: str) -> int | None:
        """Where this incident's row is (None: not shown)."""
        key = self._key_of.get(incident_id)
        return None if key is None else bisect_left(self.keys, key)

    def insert_position(self, key: Key) -> int:
        return bisect_left(self.keys, key)

    def insert(self, position: int, key: Key, head: IncidentHead) -> None:
        self.keys.insert(position, key)
        self.heads.insert(position, head)
        self._key_of[head.id] = key

    def pop(self, position: int) -> IncidentHead:
        del self.keys[position]
        head = self.heads.pop(position)
        del self._key_of[head.id]
        return head

    def replace(self, position: int, head: IncidentHead) -> None:
        """A changed head whose key stayed the same."""
        self.heads[position] = head
