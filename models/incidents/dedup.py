"""Duplicate incidents, decided by a pure function of the folded incidents.

Two incidents with the same dedup key (root-cause CI + fault) that were open at the
same time converge on the earliest (by created HLC, then console id, then incident
id); the others are its duplicates. No event is written for this, so every console
and the server compute the same mapping from the same incidents, whatever the order
they arrived in. A person's explicit `marked_duplicate` is honoured on top.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from models.incidents.hlc import Hlc
from models.incidents.state import IncidentState, Note
from models.plant_schema import parse_fault_code

FOREVER = 1 << 62


def dedup_key(root_cause_ci: str, reason_code: str, fault_code: str | None = None) -> str:
    """The key every console builds alike: 'SW-L3-043|no_answer', 'AR-042-PLC|fault|0x2a'.

    Fault codes are normalised ('0x2A' and '42' agree) so two consoles reading one
    device through different profiles still meet on one incident.
    """
    parts = [root_cause_ci, reason_code]
    if fault_code:
        try:
            parts.append(hex(parse_fault_code(fault_code)))
        except ValueError:
            parts.append(fault_code.strip().lower())
    return "|".join(parts)


def opened_key(state: IncidentState) -> tuple[Hlc, str, str]:
    """Sort key of an incident: its `created` HLC, console id, then incident id."""
    assert state.opened is not None
    return (state.opened[0], state.opened[1], state.id)


class DedupFacts(NamedTuple):
    """What convergence reads of one incident (from a folded state or a list head).

    `opened` is (created HLC, console id, incident id): `Hlc` values from a fold, or
    the HLC's fixed-width text from the store (both sort alike; never mixed in one call).
    """

    id: str
    opened: tuple[Any, str, str]
    opened_ms: int  # the created HLC's wall time
    resolved_ms: int | None
    dedup_key: str
    duplicate_of: str | None  # a person's mark


def facts_of(state: IncidentState) -> DedupFacts:
    key = opened_key(state)
    return DedupFacts(
        state.id, key, key[0].wall_ms, state.resolved_at_ms, state.dedup_key, state.duplicate_of
    )


def survivors(incidents: Iterable[IncidentState]) -> dict[str, str]:
    """duplicate incident id -> surviving incident id (survivors are not keys)."""
    return survivors_of(facts_of(s) for s in incidents if s.created)


def survivors_of(incidents: Iterable[DedupFacts]) -> dict[str, str]:
    """`survivors` over plain facts: what the consoles' lists and the CLI compute from
    their heads, without folding. Incidents not given are treated as unknown."""
    known = {f.id: f for f in incidents}
    ordered = sorted(known.values(), key=lambda f: f.opened)
    parent: dict[str, str] = {}
    clusters: dict[str, tuple[str, int]] = {}  # dedup key -> (survivor, cluster end)
    for facts in ordered:
        if not facts.dedup_key:
            continue
        start = facts.opened_ms  # [opened, resolved) in HLC wall time; open: forever
        end = facts.resolved_ms if facts.resolved_ms is not None else FOREVER
        current = clusters.get(facts.dedup_key)
        if current is not None and start < current[1]:
            parent[facts.id] = current[0]
            clusters[facts.dedup_key] = (current[0], max(current[1], end))
        else:
            clusters[facts.dedup_key] = (facts.id, end)
    for facts in ordered:  # a person's decision overrides the automatic one
        if facts.duplicate_of in known and facts.duplicate_of != facts.id:
            parent[facts.id] = facts.duplicate_of
    return follow_chains(parent, {f.id: f.opened for f in ordered})


def follow_chains(
    parent: Mapping[str, str], key: Mapping[str, tuple[Any, str, str]]
) -> dict[str, str]:
    """Each child's root: chains followed to their end; in a cycle, the earliest member
    (by `key`, which must cover every child) survives."""
    links = dict(parent)
    for start in sorted(links, key=key.__getitem__):
        path, node = [start], links.get(start)
        while node is not None and node not in path:
            path.append(node)
            node = links.get(node)
        if node is not None:  # a cycle: break it at its earliest member
            cycle = path[path.index(node) :]
            links.pop(min(cycle, key=key.__getitem__))
    result: dict[str, str] = {}
    for child in links:
        root = child
        while root in links:
            root = links[root]
        result[child] = root
    return result


@dataclass(frozen=True)
class MergedView:
    """A surviving incident with what its duplicates add: notes, CIs, repeats."""

    survivor: IncidentState
    duplicate_ids: tuple[str, ...]
    notes: tuple[tuple[str, Note], ...]  # (incident id, note) in fold order
    affected_cis: tuple[str, ...]
    repeat_count: int  # each duplicate counts as one repeat, plus its own repeats


def merged_view(survivor: IncidentState, duplicates: Iterable[IncidentState]) -> MergedView:
    dups = sorted(duplicates, key=lambda s: (s.opened is None, s.opened or (), s.id))
    notes = [(survivor.id, n) for n in survivor.notes]
    notes += [(d.id, n) for d in dups for n in d.notes]
    notes.sort(key=lambda item: (item[1].sort_key, item[0]))
    cis = dict.fromkeys(survivor.affected_cis)
    for dup in dups:
        if dup.root_cause_ci != survivor.root_cause_ci:
            cis.setdefault(dup.root_cause_ci)
        cis.update(dict.fromkeys(dup.affected_cis))
    cis.pop("", None)
    return MergedView(
        survivor=survivor,
        duplicate_ids=tuple(d.id for d in dups),
        notes=tuple(notes),
        affected_cis=tuple(cis),
        repeat_count=survivor.repeat_count + sum(d.repeat_count + 1 for d in dups),
    )


def merged_views(incidents: Iterable[IncidentState]) -> list[MergedView]:
    """Every incident that is no one's duplicate, with its duplicates merged in."""
    states = {s.id: s for s in incidents}
    mapping = survivors(states.values())
    groups: dict[str, list[IncidentState]] = {}
    for dup, root in mapping.items():
        groups.setdefault(root, []).append(states[dup])
    return [
        merged_view(s, groups.get(s.id, []))
        for s in sorted(states.values(), key=lambda s: (s.opened is None, s.opened or (), s.id))
        if s.id not in mapping
    ]
