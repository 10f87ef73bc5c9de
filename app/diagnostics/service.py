"""DiagnosticsService: `DiagnosticsCore` for the window (QtCore only), runs as tasks on the
qasync loop, one user-started run at a time, a history per CI, the incident hook, and the
Browse tab's one session (`BrowseSession`: shared by its expands and reads, audited once).

Signals:
    busyChanged(bool): a user-started run began / ended (views disable their buttons)
    progress(object): `Progress` of the current run
    finished(object): the `DiagnosticRun` that ended (also cancelled, refused, timed out)
    failed(str): a run could not even start or crashed (shown, and logged)
    historyChanged(str): the CI id / target whose history grew
    attachAvailableChanged(bool): an incident hook was set or removed
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.diagnostics.browse_session import IDLE_S, BrowseSession
from app.diagnostics.core import DiagnosticsCore, Progress
from app.diagnostics.report import WorkNote, work_note
from app.diagnostics.results import DiagnosticRun, Kind
from app.diagnostics.roles import DiagnosticRefused

log = logging.getLogger(__name__)
HISTORY_PER_CI = 50
AttachHook = Callable[[WorkNote], Awaitable[None] | None]
Delivery = Callable[[Any], None]  # gets a result or an error text


class DiagnosticsService(QObject):
    busyChanged = Signal(bool)
    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    historyChanged = Signal(str)
    attachAvailableChanged = Signal(bool)

    def __init__(
        self,
        core: DiagnosticsCore,
        lang: str = "en",
        parent: QObject | None = None,
        *,
        browse_idle_s: float = IDLE_S,
    ):
        super().__init__(parent)
        self.core = core
        self.lang = lang
        self.browse_idle_s = browse_idle_s
        self.browse_session: BrowseSession | None = None
        self.history: dict[str, deque[DiagnosticRun]] = {}
        self._task: asyncio.Task[None] | None = None
        self._side: set[asyncio.Task[None]] = set()
        self._attach: AttachHook | None = None

    # -- the incident hook (wired by the incidents side) ----------------------------------

    @property
    def attach_to_incident(self) -> AttachHook | None:
        return self._attach

    @attach_to_incident.setter
    def attach_to_incident(self, hook: AttachHook | None) -> None:
        self._attach = hook
        self.attachAvailableChanged.emit(hook is not None)

    def attach(self, run: DiagnosticRun) -> bool:
        """Hand the run's work note to the hook; False when no hook is wired."""
        hook = self._attach
        if hook is None:
            return False
        note = work_note(run, self.lang)

        async def call() -> None:
            outcome = hook(note)
            if inspect.isawaitable(outcome):
                await outcome

        self._spawn(call(), "attach to incident")
        return True

    # -- runs ----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, kind: Kind, target: str, **options: Any) -> bool:
        """Start a run on the running loop; False (and nothing started) while one runs."""
        if self.busy:
            return False
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.failed.emit("diagnostics need the console's event loop (qasync), none runs")
            return False
        self._task = loop.create_task(self._run(kind, target, options))
        self.busyChanged.emit(True)
        return True

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def wait(self) -> None:
        """Until the current run has ended (tests, shutdown)."""
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
        if self._side:
            await asyncio.gather(*self._side, return_exceptions=True)

    async def shutdown(self) -> None:
        self.cancel()
        if self.browse_session is not None:
            await self.close_browse()
        for task in list(self._side):
            task.cancel()
        await self.wait()

    async def _run(self, kind: Kind, target: str, options: dict[str, Any]) -> None:
        run: DiagnosticRun | None = None
        try:
            run = await self._call(kind, target, options)
        except asyncio.CancelledError:
            run, self.core.last_cancelled = self.core.last_cancelled, None
        except DiagnosticRefused as exc:
            self.failed.emit(str(exc))
        except Exception as exc:
            log.exception("diagnostic %s of %s failed", kind.value, target)
            self.failed.emit(f"{kind.value} of {target} failed: {exc}")
        finally:
            self._task = None
            self.busyChanged.emit(False)
        if run is not None:
            self._remember(run)
            self.finished.emit(run)

    async def _call(self, kind: Kind, target: str, options: dict[str, Any]) -> DiagnosticRun:
        def report(p: Progress) -> None:
            self.progress.emit(p)

        core = self.core
        if kind is Kind.PING:
            return await core.ping(target, options.get("attempts"), report)
        if kind is Kind.PROGRAM:
            return await core.program_status(target, report)
        if kind is Kind.BUDGET:
            return await core.server_budget(target, report)
        if kind is Kind.BROWSE:
            return await core.browse(target, options.get("node_id", "i=85"), report)
        return await core.read_node(target, options["node_id"], report)

    def _remember(self, run: DiagnosticRun) -> None:
        key = run.ci_id or run.target
        self.history.setdefault(key, deque(maxlen=HISTORY_PER_CI)).appendleft(run)
        self.historyChanged.emit(key)

    def runs_of(self, key: str) -> list[DiagnosticRun]:
        return list(self.history.get(key, ()))

    # -- lazy browse (no busy state: many expands may load at once) ----------------------

    def fetch_children(self, target: str, node_id: str, deliver: Delivery) -> None:
        """Load a node's children in the background; `deliver(BrowseResult | str)`."""

        async def load() -> None:
            deliver(await self._browse_of(target).children(node_id))

        self._spawn(load(), f"browse {node_id}", deliver)

    def fetch_node(self, target: str, node_id: str, deliver: Delivery) -> None:
        """Read a node's attributes in the background; `deliver(NodeReading | str)`."""

        async def load() -> None:
            deliver(await self._browse_of(target).attributes(node_id))

        self._spawn(load(), f"read {node_id}", deliver)

    def _browse_of(self, target: str) -> BrowseSession:
        """The Browse tab's session to `target`: the open one, or a new one (the previous,
        to another target or closed when idle, is closed and audited)."""
        session = self.browse_session
        if session is not None and session.target_text == target and not session.closed:
            return session
        if session is not None:
            self._side_task(session.close_soon())
        session = BrowseSession(self.core, target, self.browse_idle_s)
        self.browse_session = session
        return session

    async def close_browse(self) -> None:
        """Close the Browse tab's session (the tab or CI changed, shutdown) and audit it."""
        session, self.browse_session = self.browse_session, None
        if session is not None:
            await session.close_soon()

    def release_browse(self) -> None:
        """`close_browse` from a slot (no await)."""
        if self.browse_session is not None:
            self._spawn(self.close_browse(), "close the browse session")

    def _side_task(self, task: asyncio.Task[None]) -> None:
        self._side.add(task)
        task.add_done_callback(self._side.discard)

    def _spawn(self, coro: Awaitable[None], what: str, deliver: Delivery | None = None) -> None:
        async def guarded() -> None:
            try:
                await coro
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.exception("%s failed", what)
                self.failed.emit(f"{what} failed: {exc}")
                if deliver is not None:
                    deliver(str(exc))

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            if inspect.iscoroutine(coro):
                coro.close()
            self.failed.emit(f"{what}: no event loop runs")
            if deliver is not None:
                deliver("no event loop runs")
            return
        task = loop.create_task(guarded())
        self._side.add(task)
        task.add_done_callback(self._side.discard)
