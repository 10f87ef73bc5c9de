"""IncidentService: every incident action of this console, each one store transaction.

Plain Python (no Qt, no event loop needed): the views use it through
`IncidentServiceQt`, the headless commands and auto-raise directly. An action is
checked against the incident's current state first (`ActionError` says why not);
then its event is written with its outbox row and the new head in one transaction.
Only after that commit do caches change and listeners hear of it, so a failed write
(`StoreError`, e.g. disk full) leaves the console exactly as it was.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from app.incidents.builders import created_payload, diagnostic_payload
from app.incidents.head_cache import HeadCache
from app.incidents.notify import Notification, Notifier
from app.incidents.policy import fold_context, line_schedules, sla_policy
from app.incidents.suppression import Suppressions
from models.cmdb import Plant
from models.impact import ImpactAnalyzer
from models.incidents.cost import StopCost, incident_cost
from models.incidents.dedup import MergedView, merged_view
from models.incidents.events import Event, EventError, new_event
from models.incidents.hlc import HlcClock, system_ms
from models.incidents.ids import uuid7
from models.incidents.lifecycle import Action, Status, next_status
from models.incidents.maintenance import (
    HOUR_MS,
    MaintenanceWindow,
    Overrun,
    Shelve,
    is_shelved,
    overrun,
)
from models.incidents.problems import (
    DAY_MS,
    Problem,
    ProblemSuggestion,
    Review,
    fold_problems,
    review,
    suggest_problems,
)
from models.incidents.sla import SlaClock, status
from models.incidents.state import IncidentState
from models.store import Store
from models.store.audit import DiagnosticRecord
from models.store.incident_heads import IncidentHead, find_incident_ids
from models.store.incident_repo import append_events, apply_remote, load_incident
from models.store.sync_adapter import StoreSyncAdapter
from models.store.sync_state import console_identity, last_hlc, next_local_seq

log = logging.getLogger(__name__)
SYSTEM_USER = "system"
CACHE_SIZE = 256
ChangeListener = Callable[[set[str]], None]


class ActionError(ValueError):
    """An action that does not fit the incident now (the message says why, for people)."""


class IncidentService:
    """Incidents of one plant in one store, for one console and its current user."""

    def __init__(
        self,
        store: Store,
        plant: Plant,
        *,
        user: str = "operator",
        console_id: str | None = None,
        now_ms: Callable[[], int] = system_ms,
    ) -> None:
        self.store = store
        self.plant = plant
        self.user = user
        self.console_id = console_identity(store, console_id)
        self.now_ms = now_ms
        self.clock = HlcClock(now_ms, last_hlc(store))
        policy = plant.source.incidents
        self.context = fold_context(policy)
        self.sla_policy = sla_policy(policy)
        self.schedules = line_schedules(plant)
        self.impact = ImpactAnalyzer(plant)
        self.notifier = Notifier(plant, self._notify)
        self.suppressions = Suppressions(store, self.console_id, now_ms, self.clock)
        self._cache: OrderedDict[str, IncidentState] = OrderedDict()
        self._heads = HeadCache(store)
        self._listeners: list[ChangeListener] = []
        self._notification_listeners: list[Callable[[Notification], None]] = []

    # -- listening ---------------------------------------------------------------

    def add_listener(self, listener: ChangeListener) -> None:
        """Called with the ids of incidents that changed (after their commit), and of those
        whose view changed with them (became or stopped being a duplicate; a survivor
        whose duplicate changed)."""
        self._listeners.append(listener)

    def add_notification_listener(self, listener: Callable[[Notification], None]) -> None:
        self._notification_listeners.append(listener)

    def add_flood_listener(self, listener: Callable[[bool], None]) -> None:
        self.notifier.flood_listeners.append(listener)

    @property
    def flood(self) -> bool:
        return self.notifier.flood

    # -- questions ---------------------------------------------------------------

    def heads(self, *, duplicates: bool = True, **filters: Any) -> list[IncidentHead]:
        """The incident list, newest fault first, from memory (filters as
        `models.store.incident_heads.list_heads`: open_only, statuses, priorities, line,
        root_ci, dedup_key, origin, active_since_ms, limit). A head's `duplicate_of` names
        the incident it converged on (`survivor_of`); `duplicates=False` leaves those out,
        for what must see each stop once (the open P1 count, costs). Duplicates stay in
        by default: their own lifecycle goes on (auto-raise recovers and resolves them,
        and an open duplicate keeps its dedup cluster open)."""
        return self._heads.query(duplicates=duplicates, **filters)

    def head(self, incident_id: str) -> IncidentHead | None:
        """One incident's list row (what a view refetches on incidentsChanged); its
        `duplicate_of` names the incident it converged on, if any."""
        return self._heads.get(incident_id)

    def survivor_of(self, incident_id: str) -> str | None:
        """The incident this one is a duplicate of (same dedup key, open at the same time,
        raised later by HLC; or marked by a person), None if it is no one's duplicate."""
        return self._heads.survivor_of(incident_id)

    def duplicates_of(self, incident_id: str) -> tuple[str, ...]:
        """The incidents that converged on this one, earliest first."""
        return self._heads.duplicates_of(incident_id)

    def merged(self, incident_id: str) -> MergedView:
        """An incident with what its duplicates add: every note of it and of them in fold
        order, each with the id of the incident it was written on (`MergedView.notes`),
        their CIs and repeats. A duplicate's own view has no duplicates: show it with
        `survivor_of`. KeyError if unknown."""
        state = self.incident(incident_id)
        return merged_view(state, [self.incident(d) for d in self.duplicates_of(incident_id)])

    def incident(self, incident_id: str) -> IncidentState:
        """The folded incident (KeyError if unknown); recent ones come from a cache."""
        state = self._cache.get(incident_id)
        if state is None:
            state = load_incident(self.store, incident_id, self.context)
            self._remember(state)
        else:
            self._cache.move_to_end(incident_id)
        return state

    def find(self, ref: str) -> str:
        """The incident id a person means by a number, temporary ref or id prefix."""
        found = find_incident_ids(self.store, ref)
        if not found:
            raise LookupError(f"no incident {ref!r}")
        if len(found) > 1:
            raise LookupError(f"{ref!r} is ambiguous: {', '.join(i[:13] for i in found[:5])}")
        return found[0]

    def sla(self, state: IncidentState, now_ms: int | None = None) -> list[SlaClock]:
        return status(state, self._now(now_ms), self.sla_policy)

    def cost(self, state: IncidentState, now_ms: int | None = None) -> StopCost:
        """Cost so far: scheduled downtime of its lines x their rate when it stopped."""
        return incident_cost(state, self.schedules, self._now(now_ms))

    def review(self, incident_id: str, now_ms: int | None = None) -> Review:
        return review(self.incident(incident_id), self._now(now_ms), self.schedules)

    # -- user actions ------------------------------------------------------------

    def raise_manual(
        self,
        ci: str,
        title: str,
        *,
        impact: int = 3,
        urgency: int = 2,
        fault_text: str = "",
        lines: Sequence[str] | None = None,
        note: str = "",
    ) -> IncidentState:
        """An incident a person raises on a CI. `lines`: the lines it stops (None: the
        what-if stopped lines when impact is 1, else none)."""
        if ci not in self.plant:
            raise ActionError(f"there is no CI {ci!r} in the plant")
        if lines is None:
            lines = self.impact.impact_of(ci).stopped_lines if impact == 1 else ()
        if unknown := [line for line in lines if line not in self.plant.lines]:
            raise ActionError(f"no line {', '.join(unknown)} in the plant")
        payload = created_payload(
            self.plant,
            ci=ci,
            title=title,
            fault_at_ms=self.now_ms(),
            impact=impact,
            urgency=urgency,
            local_ref=self.local_ref(ci, lines),
            fault_text=fault_text,
            lines=lines,
            origin="manual",
        )
        return self.create(payload, note=note)

    def acknowledge(self, incident_id: str, note: str = "") -> IncidentState:
        return self._transition(incident_id, Action.ACKNOWLEDGE, "acknowledged", {"note": note})

    def assign(self, incident_id: str, assignee: str | None) -> IncidentState:
        self._require(incident_id, open_only=True)
        return self._write(incident_id, "assigned", {"assignee": assignee})

    def technician_on_site(self, incident_id: str, technician: str = "") -> IncidentState:
        self._require(incident_id, open_only=True)
        return self._write(incident_id, "technician_on_site", {"technician": technician})

    def set_status(self, incident_id: str, to: str, reason: str = "") -> IncidentState:
        """'in_progress' (also: resume from hold) or 'on_hold' (needs a reason)."""
        actions = {"in_progress": Action.START, "on_hold": Action.HOLD}
        if to not in actions:
            raise ActionError(f"status {to!r}: use in_progress or on_hold (or resolve/close)")
        payload = {"to": to, "reason": reason}
        return self._transition(incident_id, actions[to], "status_changed", payload)

    def set_impact(self, incident_id: str, impact: int, reason: str = "") -> IncidentState:
        self._require(incident_id)
        return self._write(incident_id, "impact_changed", {"impact": impact, "reason": reason})

    def set_urgency(self, incident_id: str, urgency: int, reason: str = "") -> IncidentState:
        self._require(incident_id)
        return self._write(incident_id, "urgency_changed", {"urgency": urgency, "reason": reason})

    def set_title(self, incident_id: str, title: str) -> IncidentState:
        self._require(incident_id)
        return self._write(incident_id, "title_changed", {"title": title})

    def add_note(self, incident_id: str, text: str, work_note: bool = False) -> IncidentState:
        """A comment (for everyone) or a work note (for the people working it)."""
        self._require(incident_id)
        return self._write(incident_id, "work_note" if work_note else "comment", {"text": text})

    def attach_diagnostic(self, incident_id: str, report: DiagnosticRecord) -> IncidentState:
        """Attach an audited diagnostic run (`models.store.audit.record_diagnostic`)."""
        state = self._require(incident_id)
        payload = diagnostic_payload(report, state.root_cause_ci)
        return self._write(incident_id, "diagnostic_attached", payload)

    def add_related_ci(self, incident_id: str, ci: str, role: str = "related") -> IncidentState:
        self._require(incident_id)
        return self._write(incident_id, "related_ci_added", {"ci": ci, "role": role})

    def link_problem(self, incident_id: str, problem_id: str | None) -> IncidentState:
        self._require(incident_id)
        return self._write(incident_id, "linked_to_problem", {"problem_id": problem_id})

    def mark_duplicate(self, incident_id: str, of: str | None) -> IncidentState:
        """Mark as duplicate of another incident (None: no longer a duplicate)."""
        self._require(incident_id)
        if of is not None:
            if of == incident_id:
                raise ActionError("an incident cannot be a duplicate of itself")
            self._require(of)
        return self._write(incident_id, "marked_duplicate", {"of": of})

    def resolve(
        self,
        incident_id: str,
        root_cause: str | None = None,
        preventive_action: str | None = None,
        resolution: str = "",
    ) -> IncidentState:
        payload = {
            "resolution": resolution,
            "root_cause": root_cause,
            "preventive_action": preventive_action,
        }
        return self._transition(incident_id, Action.RESOLVE, "resolved", payload)

    def close(self, incident_id: str, note: str = "") -> IncidentState:
        return self._transition(incident_id, Action.CLOSE, "closed", {"note": note})

    def reopen(self, incident_id: str, reason: str) -> IncidentState:
        if not reason.strip():
            raise ActionError("reopening needs a reason")
        return self._transition(incident_id, Action.REOPEN, "reopened", {"reason": reason})

    # -- problem records and reviews (events on the incidents they concern) -------

    def problems(self) -> dict[str, Problem]:
        """Every problem record with at least one incident linked now."""
        ids = [h.id for h in self.heads() if h.problem_id]
        return fold_problems(self.incident(i) for i in ids)

    def problem(self, problem_id: str) -> Problem:
        found = self.problems().get(problem_id)
        if found is None:
            raise ActionError(f"no problem {problem_id} (a problem lives on its incidents)")
        return found

    def problem_suggestions(self) -> list[ProblemSuggestion]:
        """Recurring incidents (same CI, same fault code) not yet all in one problem."""
        policy = self.plant.source.incidents
        window_ms = policy.problem_window_days * DAY_MS
        now = self.now_ms()
        heads = self.heads(duplicates=False)
        ids = [h.id for h in heads if h.created and (h.opened_ms or 0) >= now - window_ms]
        found = suggest_problems(
            (self.incident(i) for i in ids), now, policy.problem_threshold, window_ms
        )
        return [g for g in found if len(g.linked_problems) != 1 or not _all_linked(self, g)]

    def create_problem(
        self,
        title: str,
        incident_ids: Sequence[str],
        root_cause: str = "",
        preventive_action: str = "",
    ) -> Problem:
        """A new problem record grouping these incidents (one transaction)."""
        if not title.strip():
            raise ActionError("a problem needs a title")
        if not incident_ids:
            raise ActionError("a problem groups at least one incident")
        problem_id = f"PRB-{uuid7(self.now_ms()).replace('-', '')[-10:].upper()}"
        fields = {"title": title.strip(), "status": "open"}
        fields |= {"root_cause": root_cause, "preventive_action": preventive_action}
        self._link(problem_id, incident_ids, fields)
        return self.problem(problem_id)

    def link_to_problem(self, problem_id: str, incident_ids: Sequence[str]) -> Problem:
        """Add incidents to a problem: each gets the link and the record as it is now."""
        problem = self.problem(problem_id)
        fields = {
            "title": problem.title,
            "status": problem.status.value,
            "root_cause": problem.root_cause,
            "preventive_action": problem.preventive_action,
        }
        new = [i for i in incident_ids if i not in problem.incident_ids]
        if not new:
            raise ActionError(f"those incidents are already in {problem_id}")
        self._link(problem_id, new, fields)
        return self.problem(problem_id)

    def update_problem(
        self,
        problem_id: str,
        *,
        title: str | None = None,
        status: str | None = None,
        root_cause: str | None = None,
        preventive_action: str | None = None,
    ) -> Problem:
        """Edit a problem record (None: unchanged), written on each of its incidents."""
        problem = self.problem(problem_id)
        if title is not None and not title.strip():
            raise ActionError("a problem needs a title")
        fields = {
            "title": title.strip() if title is not None else None,
            "status": status,
            "root_cause": root_cause,
            "preventive_action": preventive_action,
        }
        payload = {"problem_id": problem_id, **{k: v for k, v in fields.items() if v is not None}}
        events = [self._event(i, "problem_updated", payload, None) for i in problem.incident_ids]
        self._commit(events)
        return self.problem(problem_id)

    def update_review(
        self,
        incident_id: str,
        root_cause: str | None = None,
        preventive_action: str | None = None,
    ) -> IncidentState:
        """Post-incident review: edit root cause and preventive action (None: unchanged)."""
        self._require(incident_id)
        payload = {"root_cause": root_cause, "preventive_action": preventive_action}
        if root_cause is None and preventive_action is None:
            raise ActionError("nothing to change in the review")
        return self._write(incident_id, "review_updated", payload)

    def _link(self, problem_id: str, incident_ids: Sequence[str], fields: dict[str, str]) -> None:
        events = []
        for incident_id in dict.fromkeys(incident_ids):
            self._require(incident_id)
            events.append(
                self._event(incident_id, "linked_to_problem", {"problem_id": problem_id}, None)
            )
            payload = {"problem_id": problem_id, **fields}
            events.append(self._event(incident_id, "problem_updated", payload, None))
        self._commit(events)

    # -- shelving and maintenance windows (each change one transaction, audited) ---

    def shelve(self, ci: str, reason: str, minutes: float) -> Shelve:
        """ISA-18.2: silence a CI's alarms for a bounded time, with a reason."""
        if ci not in self.plant:
            raise ActionError(f"there is no CI {ci!r} in the plant")
        if not reason.strip():
            raise ActionError("shelving needs a reason")
        max_h = self.plant.source.incidents.max_shelve_h
        if not 0 < minutes <= max_h * 60:
            raise ActionError(f"shelving lasts more than 0 min and at most {max_h:g} h")
        try:
            return self.suppressions.shelve(
                ci, self.user, reason.strip(), round(minutes * 60_000), round(max_h * HOUR_MS)
            )
        except ValueError as exc:
            raise ActionError(str(exc)) from None

    def unshelve(self, ci: str) -> int:
        """Clear every shelving of `ci` in force now (recorded: who and when)."""
        if self.shelved(ci) is None:
            raise ActionError(f"{ci} is not shelved")
        return self.suppressions.unshelve(ci, self.user)

    def shelved(self, ci: str) -> Shelve | None:
        """The shelving in force for `ci` now, or None."""
        return is_shelved(self.suppressions.shelves, ci, self.now_ms())

    def shelves_now(self) -> list[Shelve]:
        """Shelvings in force now, one per CI, the one ending first first."""
        now = self.now_ms()
        found = {s.ci: s for s in self.suppressions.shelves if s.active(now)}
        return sorted(
            (shelf for ci in found if (shelf := self.shelved(ci)) is not None),
            key=lambda s: (s.until_ms, s.ci),
        )

    def windows(self) -> list[MaintenanceWindow]:
        """Every change record, latest planned start first."""
        return sorted(
            self.suppressions.windows, key=lambda w: (-w.planned_start_ms, w.id), reverse=False
        )

    def save_window(self, window: MaintenanceWindow) -> MaintenanceWindow:
        """Add a change record (or replace the one with its id)."""
        if unknown := sorted(ci for ci in window.cis if ci not in self.plant):
            raise ActionError(f"no CI {', '.join(unknown)} in the plant")
        self.suppressions.add_window(window, self.user)
        return window

    def end_window(self, window_id: str) -> None:
        """The change is done (or rolled back): its CIs leave MAINTENANCE now."""
        try:
            self.suppressions.end_window(window_id, self.user)
        except KeyError:
            raise ActionError(f"no maintenance window {window_id}") from None

    def window_overrun(self, window: MaintenanceWindow) -> Overrun | None:
        """A change still going (or done) past its planned end."""
        return overrun(window, self.now_ms(), still_active=window.ended_ms is None)

    def next_window_id(self) -> str:
        """'CHG-CR1-13': one past this console's highest suggested number. The console id is
        part of it: two consoles planning offline must not both suggest CHG-13 (the same id
        is the same change, and the later edit would silently replace the other)."""
        prefix = f"CHG-{self.console_id}-"
        numbers = [
            int(w.id[len(prefix) :])
            for w in self.suppressions.windows
            if w.id.startswith(prefix) and w.id[len(prefix) :].isdigit()
        ]
        return f"{prefix}{max(numbers, default=0) + 1}"

    # -- detection (auto-raise) and sync -----------------------------------------

    def create(
        self, payload: Mapping[str, Any], *, note: str = "", user: str | None = None
    ) -> IncidentState:
        """A new incident from a `created` payload (+ an optional first comment)."""
        incident_id = uuid7(self.now_ms())
        events = [self._event(incident_id, "created", payload, user)]
        if note.strip():
            events.append(self._event(incident_id, "comment", {"text": note}, user))
        state = self._commit(events)[incident_id]
        self.notifier.new_incident(state, self.now_ms())
        return state

    def record_detection(self, incident_id: str, kind: str, at_ms: int) -> IncidentState:
        """A `repeat` or `recovered` seen by auto-raise, written as the system user."""
        return self._write(incident_id, kind, {"at_ms": at_ms}, SYSTEM_USER)

    def auto_resolve(self, incident_id: str, quiet_min: float) -> IncidentState:
        text = f"auto-resolved: no fault for {quiet_min:g} min after recovery"
        return self._write(incident_id, "resolved", {"resolution": text}, SYSTEM_USER)

    def sync_store(self) -> StoreSyncAdapter:
        """The store for `app.sync.SyncClient`: pulled pages reach this service's caches,
        listeners and notifications (call it from the service's thread: offload=False)."""
        adapter = StoreSyncAdapter(self.store, self.context, self._on_remote)
        adapter.on_maintenance = self.suppressions.remote_changed  # windows, shelvings
        return adapter

    def apply_remote(self, events: Sequence[Event], cursor: str | None) -> set[str]:
        """Store a page pulled from the server (and its cursor); the incidents it changed."""
        states = apply_remote(self.store, events, cursor, self.context)
        self._on_remote(events, states)
        return set(states)

    def _on_remote(self, events: Sequence[Event], states: Mapping[str, IncidentState]) -> None:
        if events:
            self.clock.observe_newest(e.hlc for e in events)  # not a PC's clock years ahead
        # Our own incidents come back from the server too: they were announced when
        # raised here, so only another console's new incident is news.
        fresh_ids = {
            e.incident_id for e in events if e.type == "created" and e.console_id != self.console_id
        }
        self._publish(states)
        now = self.now_ms()
        for incident_id, state in states.items():
            if incident_id in fresh_ids and state.is_open:
                self.notifier.new_incident(state, now)

    def tick(self) -> None:
        """Let time pass: flood state, suppression windows starting and ending."""
        self.notifier.tick(self.now_ms())
        self.suppressions.tick()

    def local_ref(self, ci: str, lines: Sequence[str]) -> str:
        """A temporary number until the server assigns one: 'L3-tmp-7'."""
        prefix = lines[0] if lines else (self.plant.line_of(ci) or "INC")
        return f"{prefix[:20]}-tmp-{next_local_seq(self.store)}"

    # -- plumbing ----------------------------------------------------------------

    def _require(self, incident_id: str, open_only: bool = False) -> IncidentState:
        try:
            state = self.incident(incident_id)
        except KeyError:
            raise ActionError(f"no incident {incident_id}") from None
        if not state.created:
            raise ActionError(f"incident {incident_id} is not complete yet (sync pending)")
        if open_only and not state.is_open:
            raise ActionError(f"incident {state.number} is {state.status.value}")
        return state

    def _transition(
        self, incident_id: str, action: Action, kind: str, payload: Mapping[str, Any]
    ) -> IncidentState:
        state = self._require(incident_id)
        if next_status(state.status, action) is None:
            raise ActionError(
                f"incident {state.number} is {_status_text(state.status)}: cannot {action.value} it"
            )
        return self._write(incident_id, kind, payload)

    def _write(
        self, incident_id: str, kind: str, payload: Mapping[str, Any], user: str | None = None
    ) -> IncidentState:
        return self._commit([self._event(incident_id, kind, payload, user)])[incident_id]

    def _event(
        self, incident_id: str, kind: str, payload: Mapping[str, Any], user: str | None
    ) -> Event:
        try:
            return new_event(
                self.clock,
                incident_id=incident_id,
                type=kind,
                payload=payload,
                console_id=self.console_id,
                user=user or self.user,
            )
        except EventError as exc:
            raise ActionError(str(exc)) from None

    def _commit(self, events: Sequence[Event]) -> dict[str, IncidentState]:
        states = append_events(self.store, events, self.context)  # StoreError: nothing changed
        self._publish(states)
        return states

    def _publish(self, states: Mapping[str, IncidentState]) -> None:
        for state in states.values():
            self._remember(state)
        if not states:
            return
        changed = set(states) | self._heads.refresh(states)
        for listener in list(self._listeners):
            try:
                listener(set(changed))
            except Exception:
                log.exception("incident listener failed")

    def _notify(self, note: Notification) -> None:
        for listener in list(self._notification_listeners):
            try:
                listener(note)
            except Exception:
                log.exception("notification listener failed")

    def _remember(self, state: IncidentState) -> None:
        self._cache[state.id] = state
        self._cache.move_to_end(state.id)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    def _now(self, now_ms: int | None) -> int:
        return self.now_ms() if now_ms is None else now_ms


def _all_linked(service: IncidentService, group: ProblemSuggestion) -> bool:
    return all(service.incident(i).problem_id for i in group.incident_ids)


def _status_text(state: Status) -> str:
    return state.value.replace("_", " ")
