"""Priority from impact x urgency: derived on every fold, never stored on an incident.

Impact and urgency run 1 (highest: a line stop) to 3. The matrix comes from the
plant file so that every console and the server derive the same priority.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

LEVELS = (1, 2, 3)


class Priority(enum.Enum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"
    P5 = "P5"

    @property
    def rank(self) -> int:
        """1 for P1 (most urgent) to 5."""
        return int(self.value[1])


@dataclass(frozen=True)
class PriorityMatrix:
    """`rows[impact - 1][urgency - 1]`; a worse impact or urgency never lowers priority."""

    rows: tuple[tuple[Priority, Priority, Priority], ...]

    def __post_init__(self) -> None:
        if len(self.rows) != 3 or any(len(row) != 3 for row in self.rows):
            raise ValueError("the priority matrix needs 3 rows (impact) of 3 cells (urgency)")
        for i in LEVELS:
            for u in LEVELS:
                cell = self.priority(i, u).rank
                if (i > 1 and cell < self.priority(i - 1, u).rank) or (
                    u > 1 and cell < self.priority(i, u - 1).rank
                ):
                    raise ValueError(
                        f"priority matrix cell impact={i} urgency={u} is more urgent than a "
                        "cell with higher impact or urgency"
                    )

    @classmethod
    def from_names(cls, rows: Sequence[Sequence[str]]) -> PriorityMatrix:
        """From the plant file's form: [["P1", "P2", "P3"], ["P2", "P3", "P4"], ...]."""
        if len(rows) != 3 or any(len(row) != 3 for row in rows):
            raise ValueError("the priority matrix needs 3 rows (impact) of 3 cells (urgency)")
        return cls(tuple((Priority(r[0]), Priority(r[1]), Priority(r[2])) for r in rows))

    def priority(self, impact: int, urgency: int) -> Priority:
        if impact not in LEVELS or urgency not in LEVELS:
            raise ValueError(f"impact {impact} and urgency {urgency} must be 1, 2 or 3")
        return self.rows[impact - 1][urgency - 1]


P = Priority
DEFAULT_MATRIX = PriorityMatrix(
    (
        (P.P1, P.P2, P.P3),  # impact 1: line stop / high
        (P.P2, P.P3, P.P4),  # impact 2: line degraded / medium
        (P.P3, P.P4, P.P5),  # impact 3: no production impact / low
    )
)
