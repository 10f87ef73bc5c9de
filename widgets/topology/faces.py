"""What each diagram item says: state, words and numbers, computed from the health engine.

A `Face` is the complete content of one item; items keep their face and repaint
only when a refresh gives a different one. No Qt here, so the texts are tested
directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.formatting import eur
from models.cmdb import Plant
from models.health import HealthEngine
from models.reasons import render, state_name
from models.states import Health, State

BLOCKING = (State.DOWN, State.IMPACTED, State.MAINTENANCE)


@dataclass(frozen=True)
class Face:
    state: State
    title: str
    lines: tuple[str, ...] = ()
    alarm: str = ""  # the one line that must be read first ("STOPPED — EUR 3,800/h at risk")
    short: str = ""  # title when zoomed out: an id, without its machine's prefix ("PLC")
    badge: str = ""  # a word for far away ("STOPPED")


@dataclass(frozen=True)
class EdgeFace:
    abnormal: bool
    state: State  # the upstream end's state: its colour when abnormal


def state_label(health: Health, lang: str = "en") -> str:
    """'OK', 'Down: no answer within 1.0 s', 'Impacted (behind SW-L3-043)'."""
    state, reason = health.state, health.reason
    name = state_name(state, lang)
    if state is State.OK:
        return name
    if reason.code == "unreachable_behind":
        return f"{name} ({'hinter' if lang == 'de' else 'behind'} {reason.param('ci', '?')})"
    if state is State.MAINTENANCE and reason.param("until"):
        return f"{name} {'bis' if lang == 'de' else 'until'} {reason.param('until')}"
    text = render(reason, lang, health.source)
    return f"{name}: {text}" if text else name


def rate(amount: float) -> str:
    """'EUR 3,800/h' (the diagram is narrow: '/h', as in the header)."""
    return f"{eur(amount)}/h"


class HealthLookup:
    """Reads the engine for the diagram: faces of CIs, lines and edges."""

    def __init__(self, plant: Plant, engine: HealthEngine, lang: str = "en") -> None:
        self.plant = plant
        self.engine = engine
        self.lang = lang
        self._lines_cache: dict[str, list[str]] = {}

    def health(self, ci_id: str) -> Health:
        return self.engine.rolled[ci_id]

    def node_face(self, ci_id: str) -> Face:
        node = self.plant.nodes[ci_id]
        health = self.health(ci_id)
        short, parent = ci_id, node.parent
        if parent and parent not in self.plant.lines and ci_id.startswith(parent + "-"):
            short = ci_id[len(parent) + 1 :]
        return Face(health.state, ci_id, (node.name, state_label(health, self.lang)), "", short)

    def line_face(self, line_id: str, members: Iterable[str]) -> Face:
        health = self.health(line_id)
        cost = self.plant.lines[line_id].cost_per_hour
        if health.state.is_out:
            alarm = f"STOPPED — {rate(cost)} at risk"
            money = ""
        else:
            alarm = ""
            money = f"Running · {rate(cost)}"
        lines = (state_label(health, self.lang), self.counts(members))
        return Face(
            health.state,
            self.plant.nodes[line_id].name,
            (*lines, money) if money else lines,
            alarm,
            line_id,
            "STOPPED" if alarm else "",
        )

    def group_face(self, ci_id: str, members: Iterable[str]) -> Face:
        """An area or machine block: its state and the counts of its devices."""
        health = self.health(ci_id)
        lines = [state_label(health, self.lang), self.counts(members)]
        alarm = ""
        lines_here = self._lines_under(ci_id)
        if lines_here and ci_id not in self.plant.lines:
            stopped = [c for c in lines_here if self.health(c).state.is_out]
            cost = sum(self.plant.lines[c].cost_per_hour for c in stopped)
            if stopped:
                alarm = f"{len(stopped)} of {len(lines_here)} lines stopped — {rate(cost)} at risk"
            else:
                lines.append(_count(len(lines_here), "line") + " running")
        return Face(health.state, self.plant.nodes[ci_id].name, tuple(lines), alarm, ci_id)

    def _lines_under(self, ci_id: str) -> list[str]:
        if ci_id not in self._lines_cache:
            self._lines_cache[ci_id] = [c for c in self.plant.walk(ci_id) if c in self.plant.lines]
        return self._lines_cache[ci_id]

    def counts(self, members: Iterable[str]) -> str:
        """'212 devices: 3 down, 19 impacted' or '10 devices, all OK'."""
        total = 0
        by_state: dict[State, int] = {}
        effective = self.engine.effective
        for ci_id in members:
            total += 1
            state = effective[ci_id].state
            if state is not State.OK:
                by_state[state] = by_state.get(state, 0) + 1
        head = _count(total, "device")
        if not by_state:
            return f"{head}, all OK" if total else "no devices"
        parts = [
            f"{by_state[s]:,} {_SHORT[s]}" for s in sorted(by_state, key=lambda s: -s.severity)
        ]
        return f"{head}: {', '.join(parts)}"

    def summary(self, lines: Iterable[str]) -> tuple[State, str]:
        """Worst line state and 'All 4 lines running' / '3 of 4 lines stopped — EUR 11,400/h
        at risk'; lines without data are not called running."""
        ids = list(lines)
        states = [self.health(c).state for c in ids]
        worst = max(states, key=lambda s: s.severity, default=State.OK)
        stopped = [c for c, s in zip(ids, states, strict=True) if s.is_out]
        unknown = sum(1 for s in states if s is State.UNKNOWN)
        if not ids:
            return worst, "No lines"
        if stopped:
            cost = sum(self.plant.lines[c].cost_per_hour for c in stopped)
            what = (
                f"{self.plant.nodes[ids[0]].name} stopped"
                if len(ids) == 1
                else f"{len(stopped)} of {_count(len(ids), 'line')} stopped"
            )
            tail = f", {unknown:,} unknown" if unknown else ""
            return worst, f"{what} — {rate(cost)} at risk{tail}"
        if unknown == len(ids):
            return worst, "Unknown / no data" if len(ids) > 1 else (
                f"{self.plant.nodes[ids[0]].name}: unknown / no data"
            )
        if unknown:
            running = len(ids) - unknown
            return worst, f"{running:,} of {_count(len(ids), 'line')} running, {unknown:,} unknown"
        tail = "" if worst is State.OK else " (with warnings)"
        if len(ids) == 1:
            return worst, f"{self.plant.nodes[ids[0]].name} running{tail}"
        return worst, f"All {_count(len(ids), 'line')} running{tail}"

    def edge_face(self, source: str, target: str) -> EdgeFace:
        """Abnormal when the upstream end blocks and the dependent end suffers."""
        up = self.health(target).state
        down = self.health(source).state
        return EdgeFace(up in BLOCKING and down.is_abnormal, up)


_SHORT = {
    State.DOWN: "down",
    State.IMPACTED: "impacted",
    State.DEGRADED: "degraded",
    State.UNKNOWN: "unknown",
    State.WARNING: "warning",
    State.MAINTENANCE: "in maintenance",
}


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"
