"""In-app notifications of new incidents, and ISA-18.2 flood awareness.

A new incident is announced to the roles of every `incidents.notify` rule whose
areas and minimum priority it meets. An incident in areas no rule names at all is
announced to everyone (`roles` empty) from `UNRULED_MIN_PRIORITY` up: a plant file
without rules for an area must not silence it. More than `flood_limit` new incidents
within `flood_window_min` is a flood: single announcements stop and one banner state
(`flood` = True, with the count) stands for them until the rate falls again.

Who sees an announcement at a console (`is_for`): the plant file's roles are job roles
(shift_supervisor, plant_it...) while a login carries a rights role (viewer, technician,
supervisor, admin: `server.security.roles`); nothing maps one onto the other. So a
notification is routed by the login only when every role it names is a rights role
(a rule may write `roles = ["supervisor"]`); when it names a job role, everyone sees it,
told whom it is for. A console without a login (local mode) sees everything.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from app.incidents.policy import areas_of
from models.cmdb import Plant
from models.incidents.priority import Priority
from models.incidents.state import IncidentState
from server.security.roles import Role

NEW, FLOOD, FLOOD_OVER = "new_incident", "flood", "flood_over"
LOGIN_ROLES = frozenset(role.label for role in Role)  # viewer, technician, supervisor, admin
UNRULED_MIN_PRIORITY = "P2"  # as a notify rule's default min_priority


@dataclass(frozen=True)
class Notification:
    kind: str  # new_incident | flood | flood_over
    at_ms: int
    incident_id: str | None = None
    number: str = ""
    title: str = ""
    priority: str = ""
    roles: tuple[str, ...] = ()
    sound: bool = False
    lines: tuple[str, ...] = ()
    cost_per_hour: float = 0.0
    count: int = 0  # flood: new incidents within the flood window

    @property
    def routed(self) -> bool:
        """True when the roles it names are all login roles: only they see it."""
        return bool(self.roles) and LOGIN_ROLES.issuperset(self.roles)


def is_for(note: Notification, role: str | None) -> bool:
    """Whether a console whose login has `role` shows `note` (None: no login, local mode).
    A job role (shift_supervisor) has no login counterpart: then everyone sees it."""
    return role is None or not note.routed or role in note.roles


def role_name(role: str) -> str:
    """A plant file's role as people read it: 'shift_supervisor' -> 'Shift supervisor'."""
    text = role.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


class Notifier:
    """Decides who hears of which new incident; counts them for flood awareness."""

    def __init__(self, plant: Plant, emit: Callable[[Notification], None]) -> None:
        policy = plant.source.incidents
        self.plant = plant
        self.limit = policy.flood_limit
        self.window_ms = policy.flood_window_min * 60_000
        self.flood = False
        self.flood_listeners: list[Callable[[bool], None]] = []
        self._emit = emit
        self._recent: deque[int] = deque()

    def new_incident(self, state: IncidentState, now_ms: int) -> None:
        self._recent.append(now_ms)
        self.tick(now_ms)
        if self.flood:
            return
        note = self.notification(state, now_ms)
        if note is not None:
            self._emit(note)

    def notification(self, state: IncidentState, now_ms: int) -> Notification | None:
        """The announcement of `state`, or None when no rule asks for it."""
        areas = areas_of(self.plant, state.root_cause_ci)
        for line in state.lines:
            areas |= areas_of(self.plant, line.id)
        roles: dict[str, None] = {}
        sound = False
        ruled = False  # some rule names one of the incident's areas
        for rule in self.plant.source.incidents.notify:
            if "*" not in rule.areas and not areas.intersection(rule.areas):
                continue
            ruled = True
            if state.priority.rank > Priority(rule.min_priority).rank:
                continue
            roles.update(dict.fromkeys(rule.roles))
            sound = sound or rule.sound
        if not roles and (ruled or state.priority.rank > Priority(UNRULED_MIN_PRIORITY).rank):
            return None
        return Notification(
            NEW,
            now_ms,
            state.id,
            state.number,
            state.title,
            state.priority.value,
            tuple(roles),
            sound,
            tuple(line.id for line in state.lines),
            state.cost_per_hour,
        )

    def tick(self, now_ms: int) -> None:
        """Forget incidents older than the window; enter or leave the flood state."""
        while self._recent and self._recent[0] <= now_ms - self.window_ms:
            self._recent.popleft()
        flood = len(self._recent) > self.limit
        if flood == self.flood:
            return
        self.flood = flood
        kind = FLOOD if flood else FLOOD_OVER
        self._emit(Notification(kind, now_ms, sound=flood, count=len(self._recent)))
        for listener in list(self.flood_listeners):
            listener(flood)

    @property
    def recent_count(self) -> int:
        return len(self._recent)
