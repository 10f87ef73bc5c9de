"""IncidentFilterProxy: the list's filters (priority, state, line, open only, SLA, age).

The proxy owns the filter criteria; the source model applies them (`set_filter`) and
keeps its shown rows sorted, so that a change to one incident inserts, removes or
moves one row (O(log n)) instead of re-filtering 10,000 rows through a Python
`filterAcceptsRow` (a QSortFilterProxyModel re-maps every row on each source move).
The proxy itself passes rows through unchanged; sorting is the source's too.

SLA and age are judged from the head alone (no fold per row), at the time the filter
is (re)applied; the model applies time-based filters again every 30 s:
- SLA "breached": a clock went over its target (running now, or stopped late);
  "warning": none breached, a running clock is past the warning fraction (75 %);
  "ok": neither. Time on hold counts as paused while the hold lasts; an earlier hold
  or a reopen is not known to the head, so such an incident may show breached early.
- Age, from the fault's time: last hour, this shift (the plant calendar's current
  shift), last 24 h, older than 24 h.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from PySide6.QtCore import QIdentityProxyModel, QObject, Qt

from models.incidents.priority import Priority
from models.incidents.sla import DEFAULT_POLICY, SlaLevel, SlaPolicy
from models.store.incident_heads import IncidentHead
from widgets.incidents.list_model import IncidentListModel

HOUR_MS, DAY_MS = 3_600_000, 86_400_000
SLA_FILTERS = ("breached", "warning", "ok")
AGE_FILTERS = ("hour", "shift", "day", "older")
ShiftStart = Callable[[int], int]  # now (ms) -> start of the shift running then (ms)


def eight_hour_shifts(now_ms: int) -> int:
    """Start of the 06-14 / 14-22 / 22-06 (UTC) shift running at `now_ms`."""
    day = now_ms - now_ms % DAY_MS
    starts = [day - 2 * HOUR_MS, day + 6 * HOUR_MS, day + 14 * HOUR_MS, day + 22 * HOUR_MS]
    return max(s for s in starts if s <= now_ms)


@dataclass(frozen=True)
class Filters:
    """What the list shows; empty collections and None mean "any"."""

    priorities: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    line: str | None = None
    open_only: bool = False
    sla: str | None = None  # one of SLA_FILTERS
    age: str | None = None  # one of AGE_FILTERS
    policy: SlaPolicy = DEFAULT_POLICY
    shift_start: ShiftStart = field(default=eight_hour_shifts, compare=False)

    @property
    def timed(self) -> bool:
        """True when rows can enter or leave by time passing alone."""
        return self.sla is not None or self.age is not None

    def bind(self, now_ms: int) -> Callable[[IncidentHead], bool]:
        """The test for one head at `now_ms` (a plain function: called per row)."""
        priorities, statuses, line, open_only = (
            self.priorities,
            self.statuses,
            self.line,
            self.open_only,
        )
        sla, policy = self.sla, self.policy
        since, before = _age_window(self.age, now_ms, self.shift_start)

        def accepts(head: IncidentHead) -> bool:
            if open_only and not head.is_open:
                return False
            if priorities and head.priority not in priorities:
                return False
            if statuses and head.status not in statuses:
                return False
            if line is not None and line not in head.lines:
                return False
            if since is not None or before is not None:
                opened = head.opened_ms
                if opened is None:
                    return False
                if (since is not None and opened < since) or (
                    before is not None and opened >= before
                ):
                    return False
            if sla is None:
                return True
            if head.duplicate_of is not None:  # its SLA counts on the survivor: shown there
                return False
            return head_sla_level(head, now_ms, policy).value == sla

        return accepts


def _age_window(
    age: str | None, now_ms: int, shift_start: ShiftStart
) -> tuple[int | None, int | None]:
    """[since, before) of the fault's time for an age filter."""
    if age == "hour":
        return now_ms - HOUR_MS, None
    if age == "shift":
        return shift_start(now_ms), None
    if age == "day":
        return now_ms - DAY_MS, None
    if age == "older":
        return None, now_ms - DAY_MS
    return None, None


def head_sla_level(head: IncidentHead, now_ms: int, policy: SlaPolicy) -> SlaLevel:
    """The worst SLA level of an incident from its head (see the module doc)."""
    opened = head.opened_ms
    if opened is None or not head.created:
        return SlaLevel.OK
    targets = policy.targets[Priority(head.priority)]
    hold = head.on_hold_since_ms
    worst = SlaLevel.OK
    for target_s, stopped in (
        (targets.acknowledge_s, head.acknowledged_ms),
        (targets.on_site_s, head.on_site_ms),
        (targets.resolve_s, head.resolved_ms),
    ):
        if target_s is None:
            continue
        stop = stopped if stopped is not None else head.resolved_ms
        end = now_ms if stop is None else max(stop, opened)
        elapsed = end - opened
        if stop is None and hold is not None:
            elapsed -= max(0, end - max(hold, opened))
        fraction = elapsed / 1000 / target_s
        if fraction >= 1:
            return SlaLevel.BREACHED
        if stop is None and fraction >= policy.warning_fraction:
            worst = SlaLevel.WARNING
    return worst


class IncidentFilterProxy(QIdentityProxyModel):
    def __init__(
        self,
        source: IncidentListModel,
        parent: QObject | None = None,
        *,
        shift_start: ShiftStart = eight_hour_shifts,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._shift_start = shift_start
        self.filters = Filters(policy=source.sla_policy, shift_start=shift_start)
        self.setSourceModel(source)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source sorts (the view's header clicks land here)."""
        self._source.sort(column, order)

    def set_filters(
        self,
        *,
        priorities: Collection[str] = (),
        statuses: Collection[str] = (),
        line: str | None = None,
        open_only: bool = False,
        sla: str | None = None,
        age: str | None = None,
    ) -> None:
        """Empty collections and None mean "any" (ValueError for an unknown SLA or age)."""
        if sla is not None and sla not in SLA_FILTERS:
            raise ValueError(f"SLA filter {sla!r}: use one of {', '.join(SLA_FILTERS)}")
        if age is not None and age not in AGE_FILTERS:
            raise ValueError(f"age filter {age!r}: use one of {', '.join(AGE_FILTERS)}")
        self.filters = Filters(
            frozenset(priorities),
            frozenset(statuses),
            line or None,
            open_only,
            sla,
            age,
            self._source.sla_policy,
            self._shift_start,
        )
        self._source.set_filter(self.filters)
