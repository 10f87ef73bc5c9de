"""DiagnosticsCore: every diagnostic as one asyncio coroutine, time-bounded, cancellable,
with progress callbacks, audited, role-checked. No Qt: the CLI uses it directly and
`DiagnosticsService` wraps it for the window.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.diagnostics.audit import AuditRecord, AuditSink, MemorySink
from app.diagnostics.results import (
    BudgetResult,
    DiagnosticRun,
    Kind,
    LayerResult,
    Outcome,
    PingResult,
    ProgramStatus,
    Result,
)
from app.diagnostics.roles import DiagnosticRefused, check_role, current_role, current_user
from app.diagnostics.target import Target, TargetError, parse_target
from app.diagnostics.verdict import decide
from app.monitor.plant_monitor import PlantMonitor
from drivers.base import Driver
from drivers.errors import seconds
from models.cmdb import Plant

# The protocol libraries (asyncua ~0.75 s, pymodbus) load with the first diagnostic, not
# with the window: browse/budget/layers/program/protocol/sessions and drivers.opcua are
# imported inside the bodies that use them.
OBJECTS = "i=85"  # = app.diagnostics.browse.OBJECTS (the browse root)

_STATE_REASONS = {"STOP": ("program_stopped",), "FAULT": ("fault", "fault_flag", "program_stopped")}
LINK_CODES = frozenset(
    {"timeout", "refused", "unreachable", "reset", "closed", "dns", "untrusted_certificate"}
)


class Unsupported(Exception):
    """This diagnostic does not apply to this target (budget of a Modbus device, ...)."""


DEFAULT_RUN_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class Settings:
    run_timeout_s: float = DEFAULT_RUN_TIMEOUT_S  # the bound of one whole run
    request_timeout_s: float | None = None  # None: the CI's profile / 2 s for URLs
    attempts: int = 3
    interval_s: float = 0.2  # between attempts (they overlap: see layers.spaced)

    def __post_init__(self) -> None:
        # 0, negative or NaN bounds would end every run at once as a false diagnosis
        if not self.run_timeout_s > 0:
            raise ValueError(f"the run timeout must be more than 0 s, not {self.run_timeout_s}")
        if self.request_timeout_s is not None and not self.request_timeout_s > 0:
            raise ValueError(
                f"the request timeout must be more than 0 s, not {self.request_timeout_s}"
            )
        if self.attempts < 1:
            raise ValueError(f"attempts must be at least 1, not {self.attempts}")


def run_bound(request_timeout_s: float) -> float:
    """The bound of a whole run in a console whose request timeout is `request_timeout_s`:
    a run makes a few rounds of requests (connect, session, reads), so 10 of them, and
    never under the 20 s a run always had."""
    return max(DEFAULT_RUN_TIMEOUT_S, 10 * request_timeout_s)


@dataclass(frozen=True)
class Progress:
    step: int
    total: int
    text: str


ProgressCallback = Callable[[Progress], None]
Body = Callable[[Target, ProgressCallback], Awaitable[Result]]


def no_progress(_p: Progress) -> None:
    return None


class DiagnosticsCore:
    def __init__(
        self,
        plant: Plant | None = None,
        monitor: PlantMonitor | None = None,
        *,
        audit: AuditSink | None = None,
        settings: Settings | None = None,
        pki_dir: Path | None = None,
        role: Callable[[], str] = current_role,
        user: Callable[[], str] = current_user,
    ) -> None:
        self.monitor = monitor
        self.plant = plant or (monitor.plant if monitor is not None else None)
        self.audit: AuditSink = audit if audit is not None else MemorySink()
        # In the console the request timeout is the user's setting (the monitor's intervals).
        self.intervals = monitor.intervals if monitor is not None else None
        if settings is None and self.intervals is not None:
            settings = Settings(run_timeout_s=run_bound(self.intervals.timeout_s))
        self.settings = settings or Settings()
        self.pki_dir = pki_dir
        self._role = role
        self._user = user
        self.last_cancelled: DiagnosticRun | None = None  # for views: the run a cancel ended

    # -- lookups ---------------------------------------------------------------------------

    def who(self) -> tuple[str, str]:
        """(role, user) as they are now (the login may change while the console runs)."""
        return self._role(), self._user()

    def target(self, text: str) -> Target:
        return parse_target(
            text,
            self.plant,
            timeout_s=self.settings.request_timeout_s,
            pki_dir=self.pki_dir,
            intervals=self.intervals,
        )

    def driver_for(self, target: Target) -> Driver | None:
        """The monitor's live driver for this CI or endpoint (reused, never duplicated)."""
        if self.monitor is None:
            return None
        if target.ci_id:
            driver = self.monitor.driver_for(target.ci_id)
            if driver is not None:
                return driver
        key = target.driver_key
        return self.monitor.drivers.get(key) if key else None

    def since(self, ci_id: str, state: str) -> datetime | None:
        """When the CI entered its current STOP/FAULT health, from the monitor's history."""
        if self.monitor is None or state not in _STATE_REASONS:
            return None
        first: datetime | None = None
        for entry in reversed(self.monitor.history.get(ci_id, ())):
            if entry.health.reason.code not in _STATE_REASONS[state]:
                break
            first = entry.at
        return first

    # -- the diagnostics -------------------------------------------------------------------

    async def ping(
        self,
        target: str | Target,
        attempts: int | None = None,
        progress: ProgressCallback = no_progress,
    ) -> DiagnosticRun:
        n = max(1, attempts or self.settings.attempts)

        async def body(t: Target, report: ProgressCallback) -> Result:
            return await self._ping(t, n, report)

        return await self._run(Kind.PING, target, body, progress, {"attempts": n})

    async def program_status(
        self, target: str | Target, progress: ProgressCallback = no_progress
    ) -> DiagnosticRun:
        return await self._run(Kind.PROGRAM, target, self._program, progress, {})

    async def server_budget(
        self, target: str | Target, progress: ProgressCallback = no_progress
    ) -> DiagnosticRun:
        return await self._run(Kind.BUDGET, target, self._budget, progress, {})

    async def browse(
        self,
        target: str | Target,
        node_id: str = OBJECTS,
        progress: ProgressCallback = no_progress,
        *,
        depth: int = 1,
        values: bool = True,
    ) -> DiagnosticRun:
        """Children of a node (`depth` levels), variables with their current value."""

        async def body(t: Target, report: ProgressCallback) -> Result:
            self._need_opcua(t, "browse")
            from app.diagnostics import browse as browse_ops
            from app.diagnostics.sessions import opcua_access

            report(Progress(1, 2, f"browsing {node_id}"))
            async with opcua_access(t, self.driver_for) as access:
                return await browse_ops.children(access, node_id, max(1, depth), values)

        options = {"node_id": node_id, "depth": depth}
        return await self._run(Kind.BROWSE, target, body, progress, options)

    async def read_node(
        self, target: str | Target, node_id: str, progress: ProgressCallback = no_progress
    ) -> DiagnosticRun:
        async def body(t: Target, report: ProgressCallback) -> Result:
            self._need_opcua(t, "read")
            from app.diagnostics import browse as browse_ops
            from app.diagnostics.sessions import opcua_access

            report(Progress(1, 2, f"reading {node_id}"))
            async with opcua_access(t, self.driver_for) as access:
                return await browse_ops.attributes(access, node_id)

        return await self._run(Kind.READ, target, body, progress, {"node_id": node_id})

    # -- bodies ----------------------------------------------------------------------------

    async def _ping(self, t: Target, attempts: int, report: ProgressCallback) -> PingResult:
        from app.diagnostics.layers import icmp_layer, tcp_layer

        interval, timeout = self.settings.interval_s, t.timeout_s
        report(Progress(1, 3, "ICMP echo, TCP connect"))

        async def connect_chain() -> tuple[LayerResult, LayerResult | None, ProgramStatus | None]:
            tcp = await tcp_layer(t.host, t.port, attempts, timeout, interval)
            if t.protocol == "host" or tcp.outcome not in ("ok", "partial"):
                return tcp, None, None
            report(Progress(2, 3, f"{t.protocol} round trip"))
            proto, program = await self._protocol(t, attempts)
            return tcp, proto, program

        icmp, (tcp, proto, program) = await asyncio.gather(
            icmp_layer(t.host, attempts, timeout, interval), connect_chain()
        )
        layers = tuple(x for x in (icmp, tcp, proto) if x is not None)
        verdict = decide(t.protocol, icmp, tcp, proto, program, t.port)
        report(Progress(3, 3, "done"))
        return PingResult(t.label, t.protocol, layers, verdict, program)

    async def _protocol(self, t: Target, attempts: int) -> tuple[LayerResult, ProgramStatus | None]:
        from app.diagnostics.program import modbus_program, opcua_program
        from app.diagnostics.protocol import (
            OPCUA_LABEL,
            failed_layer,
            leaked_cancel,
            modbus_probe_request,
            modbus_round_trips,
            opcua_round_trips,
        )
        from app.diagnostics.sessions import modbus_access, opcua_access

        timeout = t.timeout_s
        program: ProgramStatus | None = None
        label = OPCUA_LABEL if t.protocol == "opcua" else "Modbus round trip"
        try:
            if t.protocol == "opcua":
                async with opcua_access(t, self.driver_for) as access:
                    layer = await opcua_round_trips(access, attempts, timeout)
                    if layer.outcome == "ok":
                        program = await self._quietly(opcua_program(access, t, self.since))
            else:
                async with modbus_access(t, self.driver_for) as maccess:
                    layer = await modbus_round_trips(maccess, t, attempts, timeout)
                    if layer.outcome == "ok" and modbus_probe_request(t) is not None:
                        program = await self._quietly(
                            modbus_program(maccess, t, self.since, identity=False)
                        )
        except (Exception, asyncio.CancelledError) as exc:
            return failed_layer(label, leaked_cancel(exc), timeout, 1), None
        return layer, program

    @staticmethod
    async def _quietly(coro: Awaitable[ProgramStatus]) -> ProgramStatus:
        from app.diagnostics.protocol import leaked_cancel
        from drivers.opcua import classify

        try:
            return await coro
        except (Exception, asyncio.CancelledError) as exc:
            msg, code, _ = classify(leaked_cancel(exc), 1.0)
            return ProgramStatus(None, error=msg, error_code=code)

    async def _program(self, t: Target, report: ProgressCallback) -> Result:
        from app.diagnostics.program import modbus_program, opcua_program
        from app.diagnostics.sessions import modbus_access, opcua_access

        report(Progress(1, 2, "reading program status"))
        if t.protocol == "opcua":
            async with opcua_access(t, self.driver_for) as access:
                return await opcua_program(access, t, self.since)
        if t.protocol == "modbus":
            async with modbus_access(t, self.driver_for) as maccess:
                return await modbus_program(maccess, t, self.since)
        raise Unsupported(
            f"{t.label} is watched by reachability only: it has no program status to read"
        )

    async def _budget(self, t: Target, report: ProgressCallback) -> Result:
        from app.diagnostics.budget import opcua_budget
        from app.diagnostics.sessions import opcua_access

        self._need_opcua(t, "server budget")
        report(Progress(1, 2, "reading server diagnostics"))
        async with opcua_access(t, self.driver_for) as access:
            return await opcua_budget(access)

    @staticmethod
    def _need_opcua(t: Target, what: str) -> None:
        if t.protocol != "opcua":
            raise Unsupported(f"{what} needs an OPC UA server; {t.label} is {t.protocol}")

    # -- the frame every run shares ------------------------------------------------------

    async def _run(
        self,
        kind: Kind,
        target: str | Target,
        body: Body,
        progress: ProgressCallback,
        options: dict[str, Any],
    ) -> DiagnosticRun:
        started = datetime.now().astimezone()
        t0 = time.monotonic()
        role, user = self._role(), self._user()
        text = target if isinstance(target, str) else target.text

        def finish(
            outcome: Outcome,
            result: Result | None = None,
            error: str | None = None,
            ci_id: str | None = None,
        ) -> DiagnosticRun:
            run = DiagnosticRun(
                kind, text, ci_id, user, role, started, time.monotonic() - t0, outcome, result,
                error, options,
            )  # fmt: skip
            self.audit.record(AuditRecord.of(run))
            return run

        try:
            check_role(role)
        except DiagnosticRefused as exc:
            finish(Outcome.REFUSED, error=str(exc))
            raise
        try:
            resolved = target if isinstance(target, Target) else self.target(target)
        except (TargetError, LookupError) as exc:
            return finish(Outcome.ERROR, error=str(exc))
        text, ci = resolved.label, resolved.ci_id
        bound = self.settings.run_timeout_s
        try:
            async with asyncio.timeout(bound) as scope:
                result = await body(resolved, progress)
        except asyncio.CancelledError:
            self.last_cancelled = finish(Outcome.CANCELLED, ci_id=ci)
            raise
        except TimeoutError:
            if scope.expired():
                return finish(
                    Outcome.TIMEOUT, error=f"not finished within {seconds(bound)} s", ci_id=ci
                )
            return finish(
                Outcome.PROBLEM, error=f"no answer within {seconds(resolved.timeout_s)} s", ci_id=ci
            )
        except Unsupported as exc:
            return finish(Outcome.ERROR, error=str(exc), ci_id=ci)
        except Exception as exc:
            from drivers.opcua import classify

            msg, code, _person = classify(exc, resolved.timeout_s)
            if code == "untrusted_certificate":
                thumb = msg.rsplit(" ", 1)[-1]
                msg += f": check it, then run `plantconsole trust add {thumb}`"
            outcome = (
                Outcome.PROBLEM if code in LINK_CODES or code == "auth_failed" else Outcome.ERROR
            )
            return finish(outcome, error=msg, ci_id=ci)
        return finish(outcome_of(result), result, ci_id=ci)


def outcome_of(result: Result) -> Outcome:
    if isinstance(result, PingResult):
        return Outcome.OK if result.verdict.code == "ok" else Outcome.PROBLEM
    if isinstance(result, ProgramStatus):
        return Outcome.PROBLEM if result.run_state in ("STOP", "FAULT") else Outcome.OK
    if isinstance(result, BudgetResult):
        return Outcome.PROBLEM if result.near else Outcome.OK
    return Outcome.OK
