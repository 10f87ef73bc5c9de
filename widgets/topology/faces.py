"""What each diagram item says: state, words and numbers, computed from the health engine.

A `Face` is the complete content of one item; items keep their face and repaint
only when a refresh gives a different one. No Qt here, so the texts are tested
directly. Texts are English or German (`HealthLookup.lang`, switched live by the view),
numbers and EUR grouped as in that language ("EUR 11,400/h", "EUR 11.400/h").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
    state: State  # the upstream end's state when abnormal (its colour), else OK


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


def rate(amount: float, lang: str = "en") -> str:
    """'EUR 3,800/h' / 'EUR 3.800/h' (the diagram is narrow: '/h', as in the header)."""
    return f"EUR {_num(round(amount), lang)}/h"


# The diagram's words: English and German (reasons and state names: models.reasons).
_WORDS: dict[str, dict[str, str]] = {
    "alarm": {"en": "STOPPED — {rate} at risk", "de": "STILLSTAND — {rate} gefährdet"},
    "money": {"en": "Running · {rate}", "de": "Läuft · {rate}"},
    "badge": {"en": "STOPPED", "de": "STILLSTAND"},
    "group_alarm": {
        "en": "{n} of {m} lines stopped — {rate} at risk",
        "de": "{n} von {m} Linien stehen — {rate} gefährdet",
    },
    "lines_running": {"en": "{lines} running", "de": "{lines} in Betrieb"},
    "all_ok": {"en": "{devices}, all OK", "de": "{devices}, alle OK"},
    "no_devices": {"en": "no devices", "de": "keine Geräte"},
    "no_lines": {"en": "No lines", "de": "Keine Linien"},
    "one_stopped": {"en": "{name} stopped", "de": "{name} steht"},
    "some_stopped": {"en": "{n} of {lines} stopped", "de": "{n} von {lines} stehen"},
    "unknown_tail": {"en": ", {n} unknown", "de": ", {n} unbekannt"},
    "at_risk": {"en": "{what} — {rate} at risk{tail}", "de": "{what} — {rate} gefährdet{tail}"},
    "all_unknown": {"en": "Unknown / no data", "de": "Unbekannt / keine Daten"},
    "one_unknown": {"en": "{name}: unknown / no data", "de": "{name}: unbekannt / keine Daten"},
    "some_unknown": {
        "en": "{running} of {lines} running, {n} unknown",
        "de": "{running} von {lines} in Betrieb, {n} unbekannt",
    },
    "warnings": {"en": " (with warnings)", "de": " (mit Warnungen)"},
    "one_running": {"en": "{name} running{tail}", "de": "{name} in Betrieb{tail}"},
    "all_running": {"en": "All {lines} running{tail}", "de": "Alle {lines} in Betrieb{tail}"},
}


def _word(key: str, lang: str, **params: object) -> str:
    texts = _WORDS[key]
    return texts.get(lang, texts["en"]).format(**params)


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
        cost, lang = self.plant.lines[line_id].cost_per_hour, self.lang
        if health.state.is_out:
            alarm = _word("alarm", lang, rate=rate(cost, lang))
            money = ""
        else:
            alarm = ""
            money = _word("money", lang, rate=rate(cost, lang))
        lines = (state_label(health, lang), self.counts(members))
        return Face(
            health.state,
            self.plant.nodes[line_id].name,
            (*lines, money) if money else lines,
            alarm,
            line_id,
            _word("badge", lang) if alarm else "",
        )

    def group_face(self, ci_id: str, members: Iterable[str]) -> Face:
        """An area or machine block: its state and the counts of its devices."""
        health, lang = self.health(ci_id), self.lang
        lines = [state_label(health, lang), self.counts(members)]
        alarm = ""
        lines_here = self._lines_under(ci_id)
        if lines_here and ci_id not in self.plant.lines:
            stopped = [c for c in lines_here if self.health(c).state.is_out]
            cost = sum(self.plant.lines[c].cost_per_hour for c in stopped)
            if stopped:
                alarm = _word(
                    "group_alarm", lang, n=len(stopped), m=len(lines_here), rate=rate(cost, lang)
                )
            else:
                lines.append(
                    _word("lines_running", lang, lines=_count(len(lines_here), "line", lang))
                )
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
        lang = self.lang
        head = _count(total, "device", lang)
        if not by_state:
            return _word("all_ok", lang, devices=head) if total else _word("no_devices", lang)
        short = _SHORT.get(lang, _SHORT["en"])
        parts = [
            f"{_num(by_state[s], lang)} {short[s]}"
            for s in sorted(by_state, key=lambda s: -s.severity)
        ]
        return f"{head}: {', '.join(parts)}"

    def summary(self, lines: Iterable[str]) -> tuple[State, str]:
        """Worst line state and 'All 4 lines running' / '3 of 4 lines stopped — EUR 11,400/h
        at risk'; lines without data are not called running."""
        ids, lang = list(lines), self.lang
        states = [self.health(c).state for c in ids]
        worst = max(states, key=lambda s: s.severity, default=State.OK)
        stopped = [c for c, s in zip(ids, states, strict=True) if s.is_out]
        unknown = sum(1 for s in states if s is State.UNKNOWN)
        if not ids:
            return worst, _word("no_lines", lang)
        first = self.plant.nodes[ids[0]].name
        count = _count(len(ids), "line", lang)
        if stopped:
            cost = sum(self.plant.lines[c].cost_per_hour for c in stopped)
            what = (
                _word("one_stopped", lang, name=first)
                if len(ids) == 1
                else _word("some_stopped", lang, n=_num(len(stopped), lang), lines=count)
            )
            tail = _word("unknown_tail", lang, n=_num(unknown, lang)) if unknown else ""
            return worst, _word("at_risk", lang, what=what, rate=rate(cost, lang), tail=tail)
        if unknown == len(ids):
            if len(ids) > 1:
                return worst, _word("all_unknown", lang)
            return worst, _word("one_unknown", lang, name=first)
        if unknown:
            running = _num(len(ids) - unknown, lang)
            n = _num(unknown, lang)
            return worst, _word("some_unknown", lang, running=running, lines=count, n=n)
        tail = "" if worst is State.OK else _word("warnings", lang)
        if len(ids) == 1:
            return worst, _word("one_running", lang, name=first, tail=tail)
        return worst, _word("all_running", lang, lines=count, tail=tail)

    def edge_face(self, source: str, target: str) -> EdgeFace:
        """Abnormal when the upstream end blocks and the dependent end suffers."""
        up = self.health(target).state
        down = self.health(source).state
        abnormal = up in BLOCKING and down.is_abnormal
        # A normal edge is grey whatever its ends' states: no repaint when they change.
        return EdgeFace(abnormal, up if abnormal else State.OK)


_SHORT = {
    "en": {
        State.DOWN: "down",
        State.IMPACTED: "impacted",
        State.DEGRADED: "degraded",
        State.UNKNOWN: "unknown",
        State.WARNING: "warning",
        State.MAINTENANCE: "in maintenance",
    },
    "de": {
        State.DOWN: "ausgefallen",
        State.IMPACTED: "betroffen",
        State.DEGRADED: "beeinträchtigt",
        State.UNKNOWN: "unbekannt",
        State.WARNING: "Warnung",
        State.MAINTENANCE: "in Wartung",
    },
}
_NOUNS = {
    "line": {"en": ("line", "lines"), "de": ("Linie", "Linien")},
    "device": {"en": ("device", "devices"), "de": ("Gerät", "Geräte")},
}


def _num(n: int, lang: str = "en") -> str:
    """Thousands grouped: '10,000' (en), '10.000' (de)."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "de" else text


def _count(n: int, word: str, lang: str = "en") -> str:
    nouns = _NOUNS[word]
    one, many = nouns.get(lang, nouns["en"])
    return f"{_num(n, lang)} {one if n == 1 else many}"
