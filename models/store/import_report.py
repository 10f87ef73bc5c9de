"""What one plant import changed in the store, as data and as lines for the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ImportReport:
    """CIs added, removed and changed (id -> changed field names), in file order."""

    added: list[str]
    removed: list[str]
    changed: dict[str, list[str]]
    unchanged: int
    first_import: bool

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def summary(self, limit: int | None = 10) -> list[str]:
        """Lines such as "added 3 CIs: A, B, C" or "changed X: firmware"; "no changes" if none.

        At most `limit` ids per line and `limit` "changed" lines (None: all).
        """
        if not self.has_changes:
            return ["no changes"]
        lines = []
        if self.added:
            lines.append(f"added {_count(self.added)}: {_ids(self.added, limit)}")
        changed = list(self.changed.items())
        shown = changed if limit is None else changed[:limit]
        lines.extend(f"changed {ci_id}: {', '.join(fields)}" for ci_id, fields in shown)
        if len(shown) < len(changed):
            lines.append(f"changed {len(changed) - len(shown)} more CIs")
        if self.removed:
            lines.append(f"removed {_count(self.removed)}: {_ids(self.removed, limit)}")
        return lines

    def as_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "first_import": self.first_import,
        }


def _count(ids: list[str]) -> str:
    return f"{len(ids)} CI" if len(ids) == 1 else f"{len(ids)} CIs"


def _ids(ids: list[str], limit: int | None) -> str:
    if limit is None or len(ids) <= limit:
        return ", ".join(ids)
    return f"{', '.join(ids[:limit])} and {len(ids) - limit} more"
