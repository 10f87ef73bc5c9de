"""Auto-raise: a CI going DOWN becomes ONE incident for the root cause, not forty alarms.

A CI whose effective health turns DOWN (not IMPACTED: the cause is upstream) becomes
a candidate; after a settle time it is raised only if it is still DOWN with nothing it
depends on out. So when devices time out a moment before their switch, they turn
IMPACTED meanwhile and one incident names the switch. By default the settle time lasts
until what the CI depends on has surely been checked again (its check interval plus
timeout, `upstream_settle_s`): a switch probed every 2 s is seen dead up to 3 s after the
devices behind it, and a fixed 1.5 s raised each of them as its own incident. The
mirror race on recovery (the switch answers again, its devices reconnect a few seconds
later, meanwhile DOWN on their own) is covered by a longer wait, `after_upstream_s`, for
a CI that goes from IMPACTED to DOWN. The same root CI and fault while its incident is
open (dedup key) adds `repeat` instead; coming back adds
`recovered`; a recovered incident nobody took in hand resolves itself after
`auto_resolve_quiet_min` of quiet. Nothing is raised by a console whose own path to
the plant is lost, nor by one the plant file does not name for the CI's area; CIs in
a maintenance window or shelved show MAINTENANCE and never turn DOWN.

Driven by `on_changes` (a PlantMonitor listener) and `tick()` (call it a few times a
second: `run()` does, or the Qt wrapper's timer).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from app.incidents.builders import created_payload
from app.incidents.policy import auto_raise_note, auto_raises
from app.incidents.service import SYSTEM_USER, IncidentService
from app.incidents.titles import fault_text, incident_title
from app.monitor.plant_monitor import PlantMonitor
from models.health import Changes
from models.incidents.dedup import dedup_key
from models.incidents.lifecycle import Status
from models.states import State
from models.store import StoreError
from models.store.incident_heads import IncidentHead

log = logging.getLogger(__name__)
ANSWERED = frozenset({"fault", "fault_flag", "program_stopped"})
"""DOWN reasons read from the device itself: its network path answered."""
BACK = (State.OK, State.WARNING, State.DEGRADED)  # recovered (UNKNOWN/MAINTENANCE: not known)
AUTO_RESOLVABLE = (Status.NEW.value, Status.ACKNOWLEDGED.value)
MIN_SETTLE_S = 1.5
SETTLE_MARGIN_S = 0.5


def upstream_settle_s(check_s: float) -> float:
    """The settle time of a CI whose slowest direct dependency is checked every
    `check_s` (interval + timeout): that check once more, a margin, at least 1.5 s."""
    return max(MIN_SETTLE_S, check_s + SETTLE_MARGIN_S)


@dataclass(frozen=True)
class Raised:
    """What auto-raise did about a root cause (for headless printing and tests)."""

    kind: str  # created | repeat | recovered | auto_resolved
    incident_id: str
    ci: str


class AutoRaiser:
    def __init__(
        self,
        monitor: PlantMonitor,
        service: IncidentService,
        *,
        settle_s: float | None = None,
        after_upstream_s: float | None = None,
        lang: str = "en",
    ) -> None:
        """`settle_s`: how long a CI that turned DOWN waits before it is raised (None: per
        CI, until its dependencies have been checked again, `upstream_settle_s`).
        `after_upstream_s`: how long a CI that was IMPACTED must stay DOWN before it is
        raised (default: twice the reconnect backoff cap and timeout, + settle)."""
        self.monitor = monitor
        self.service = service
        self.plant = monitor.plant
        self.settle_ms = None if settle_s is None else round(settle_s * 1000)
        if (note := auto_raise_note(self.plant, service.console_id)) is not None:
            log.warning("%s", note)
        check_s = {ci: b.interval_s + b.config.timeout_s for b in monitor.bindings for ci in b.cis}
        self._settle_ms: dict[str, int] = {}
        if self.settle_ms is None:
            for ci in self.plant.nodes:
                slowest = max(
                    (self._check_s(up, check_s) for up in self.plant.upstream(ci)), default=0
                )
                self._settle_ms[ci] = round(upstream_settle_s(slowest) * 1000)
        if after_upstream_s is None:
            timing = monitor.intervals
            settle = MIN_SETTLE_S if settle_s is None else settle_s
            after_upstream_s = 2 * (timing.backoff_cap_s + timing.timeout_s) + settle
        self.after_upstream_ms = round(after_upstream_s * 1000)
        self.last_state = {ci: h.state for ci, h in monitor.engine.effective.items()}
        self.lang = lang
        quiet = self.plant.source.incidents.auto_resolve_quiet_min
        self.quiet_min = quiet
        self.pending: dict[str, tuple[int, int]] = {}  # candidate root CI -> (DOWN since, due)
        self.done: list[Raised] = []
        self.listeners: list[Callable[[Raised], None]] = []
        service.suppressions.install(monitor)
        monitor.add_listener(self.on_changes)

    # -- driving -----------------------------------------------------------------

    async def run(self, period_s: float = 0.25) -> None:
        """Tick until cancelled (headless; the Qt wrapper uses a QTimer instead)."""
        while True:
            await asyncio.sleep(period_s)
            try:
                self.tick()
            except Exception:
                log.exception("auto-raise failed; it retries at the next tick")

    def on_changes(self, changes: Changes) -> None:
        """PlantMonitor listener: note candidates, record recoveries."""
        engine = self.monitor.engine
        if engine.console_offline:
            self.pending.clear()
            return
        now = self.service.now_ms()
        back: set[str] = set()
        for ci in changes.effective:
            state = engine.effective[ci].state
            before = self.last_state.get(ci)
            self.last_state[ci] = state
            if state is State.DOWN:
                if before is State.IMPACTED:
                    wait = self.after_upstream_ms
                else:
                    wait = self.settle_of(ci, engine.effective[ci].reason.code)
                self.pending.setdefault(ci, (now, now + wait))
                continue
            self.pending.pop(ci, None)
            if state in BACK:
                back.add(ci)
        if back:
            self._recovered(back, now)

    def settle_of(self, ci: str, reason: str | None = None) -> int:
        """Milliseconds a CI that turned DOWN (for `reason`) waits before it may be raised.
        A device that answered with its fault (fault code, fault flag, program stopped)
        proves its path is up: it waits the least settle, not for its switches' next check."""
        if self.settle_ms is not None:
            return self.settle_ms
        least = round(MIN_SETTLE_S * 1000)
        if reason in ANSWERED:
            return least
        return self._settle_ms.get(ci, least)

    def tick(self) -> list[Raised]:
        """Raise what has settled, auto-resolve what has been quiet; what was done."""
        self.service.tick()
        before = len(self.done)
        if self.monitor.engine.console_offline:
            self.pending.clear()
        now = self.service.now_ms()
        for ci, (since, due) in sorted(self.pending.items(), key=lambda item: item[1]):
            if now >= due:
                del self.pending[ci]
                if self._is_root(ci) and auto_raises(self.plant, self.service.console_id, ci):
                    try:
                        self._raise(ci, since)
                    except StoreError:
                        self.pending[ci] = (since, due)  # not raised: again at the next tick
                        raise
        self._auto_resolve(now)
        return self.done[before:]

    # -- decisions ---------------------------------------------------------------

    def _is_root(self, ci: str) -> bool:
        engine = self.monitor.engine
        if engine.effective[ci].state is not State.DOWN:
            return False
        blocking = (State.DOWN, State.IMPACTED, State.MAINTENANCE)
        return not any(engine.effective[up].state in blocking for up in self.plant.upstream(ci))

    def _check_s(
        self, ci: str, check_s: dict[str, float], seen: frozenset[str] = frozenset()
    ) -> float:
        """How long until `ci` is checked again: its own check, or for a CI nothing checks (a
        redundancy group, a container) the slowest of what it depends on (a ring's switches)."""
        if ci in check_s:
            return check_s[ci]
        if ci in seen:  # validation refuses cycles; never loop on one anyway
            return 0.0
        ups = self.plant.upstream(ci) if ci in self.plant.nodes else ()
        return max((self._check_s(up, check_s, seen | {ci}) for up in ups), default=0.0)

    def _raise(self, ci: str, since_ms: int) -> None:
        if self.service.suppressions.lookup(ci) is not None:
            return  # belt and braces: the monitor shows it MAINTENANCE already
        reason = self.monitor.engine.effective[ci].reason
        code = str(reason.param("code")) if reason.code == "fault" else None
        key = dedup_key(ci, reason.code, code)
        open_ones = self.service.heads(open_only=True, dedup_key=key)
        if open_ones:  # on the survivor: a duplicate's repeat would not show on the stop
            survivors = [h for h in open_ones if self.service.survivor_of(h.id) is None]
            head = min(survivors or open_ones, key=lambda h: (h.opened_ms or 0, h.id))
            if not head.is_down:
                self.service.record_detection(head.id, "repeat", since_ms)
                self._did("repeat", head.id, ci)
            return
        impact = self.service.impact.impact_of(ci)
        stopped, degraded = impact.stopped_lines, impact.degraded_lines
        payload = created_payload(
            self.plant,
            ci=ci,
            title=incident_title(self.plant, ci, reason, stopped, degraded, self.lang),
            fault_at_ms=since_ms,
            impact=1 if stopped else 2 if degraded else 3,
            urgency=1 if stopped else 2,
            local_ref=self.service.local_ref(ci, stopped),
            lines=stopped,
            affected=impact.affected,
            fault_code=code,
            fault_text=fault_text(reason, "en"),
            dedup_key=key,
            origin="auto",
        )
        state = self.service.create(payload, user=SYSTEM_USER)
        self._did("created", state.id, ci)

    def _recovered(self, cis: set[str], now: int) -> None:
        """Root CIs back to normal: `recovered` on their open, down auto incidents."""
        console = self.service.console_id
        for head in self.service.heads(open_only=True, origin="auto"):
            if head.root_ci not in cis or not head.is_down:
                continue
            if not auto_raises(self.plant, console, head.root_ci):
                continue
            try:
                self.service.record_detection(head.id, "recovered", now)
            except StoreError:  # a monitor listener must not raise; auto-resolve waits
                log.exception("could not record the recovery of %s", head.root_ci)
                continue
            self._did("recovered", head.id, head.root_ci)

    def _auto_resolve(self, now: int) -> None:
        if self.quiet_min is None:
            return
        quiet_ms = self.quiet_min * 60_000
        for head in self.service.heads(statuses=AUTO_RESOLVABLE, origin="auto"):
            if _quiet(head, now, quiet_ms) and auto_raises(
                self.plant, self.service.console_id, head.root_ci
            ):
                self.service.auto_resolve(head.id, self.quiet_min)
                self._did("auto_resolved", head.id, head.root_ci)

    def _did(self, kind: str, incident_id: str, ci: str) -> None:
        done = Raised(kind, incident_id, ci)
        self.done.append(done)
        del self.done[:-1000]
        for listener in list(self.listeners):
            listener(done)


def _quiet(head: IncidentHead, now: int, quiet_ms: float) -> bool:
    return (
        not head.is_down and head.recovered_ms is not None and now - head.recovered_ms >= quiet_ms
    )
