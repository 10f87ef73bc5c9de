"""BrowseSession: the Browse tab's one OPC UA session to one target, shared by its expands
and node reads (each of them used to open a session of its own when the monitor had
none), closed when the tab or the CI changes, after `idle_s` without use, or at shutdown.

Read-only (browse and read through `app.diagnostics.browse`), every request bounded by the
run timeout, the role checked on every request. One audit record per session, written
when it closes: which nodes were expanded and read, how many failed, how long it was open.
The monitor's live session is used where one is open, as for every diagnostic.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from app.diagnostics.audit import AuditRecord
from app.diagnostics.core import DiagnosticsCore
from app.diagnostics.results import BrowseResult, DiagnosticRun, Kind, NodeReading, Outcome
from app.diagnostics.roles import DiagnosticRefused, check_role
from app.diagnostics.target import Target, TargetError
from drivers.errors import seconds

if TYPE_CHECKING:  # the protocol libraries load with the first diagnostic, not at start-up
    from app.diagnostics.sessions import OpcuaAccess

log = logging.getLogger(__name__)
T = TypeVar("T")
IDLE_S = 60.0
AUDITED_NODES = 200  # node ids kept in the audit record (the counts are complete)


class BrowseSession:
    def __init__(self, core: DiagnosticsCore, target: str, idle_s: float = IDLE_S) -> None:
        self.core = core
        self.target_text = target
        self.idle_s = idle_s
        self.started = datetime.now().astimezone()
        self._t0 = time.monotonic()
        self._role, self._user = core.who()
        self._target: Target | None = None
        self._stack: contextlib.AsyncExitStack | None = None
        self._access: OpcuaAccess | None = None
        self._opening = asyncio.Lock()
        self._idle: asyncio.TimerHandle | None = None
        self._closing: asyncio.Task[None] | None = None
        self.expanded: list[str] = []
        self.read: list[str] = []
        self.errors: list[str] = []
        self.sessions_opened = 0
        self.closed = False

    # -- what the tab asks ------------------------------------------------------------------

    async def children(self, node_id: str) -> BrowseResult | str:
        """The node's children (variables with their values), or why not as text."""
        from app.diagnostics import browse as browse_ops

        self.expanded.append(node_id)
        return await self._call(lambda a: browse_ops.children(a, node_id, 1, True))

    async def attributes(self, node_id: str) -> NodeReading | str:
        """The node's attributes with status codes, or why not as text."""
        from app.diagnostics import browse as browse_ops

        self.read.append(node_id)
        return await self._call(lambda a: browse_ops.attributes(a, node_id))

    async def close(self) -> None:
        """Close the session (if it is this tab's own) and audit the browse; idempotent."""
        if self.closed:
            return
        self.closed = True
        if self._idle is not None:
            self._idle.cancel()
        await self._drop()
        if self.expanded or self.read or self.errors:
            self._audit()

    def close_soon(self) -> asyncio.Task[None]:
        """`close()` as a task (from a slot or the idle timer); the same task every time."""
        if self._closing is None:
            self._closing = asyncio.get_running_loop().create_task(self.close())
        return self._closing

    # -- inside ---------------------------------------------------------------------------

    async def _call(self, op: Callable[[OpcuaAccess], Awaitable[T]]) -> T | str:
        if self.closed:
            return "the browse session was closed"
        self._touch()
        bound = self.core.settings.run_timeout_s
        try:
            check_role(self.core.who()[0])
            async with asyncio.timeout(bound):
                access = await self._access_now()
                try:
                    return await op(access)
                except Exception as exc:
                    if not _node_error(exc):
                        await self._drop()  # a lost link: the next request opens anew
                    raise
        except (DiagnosticRefused, TargetError) as exc:
            return self._failed(str(exc))
        except TimeoutError:
            return self._failed(f"not finished within {seconds(bound)} s")
        except Exception as exc:
            from drivers.opcua import classify

            timeout = self._target.timeout_s if self._target is not None else bound
            return self._failed(classify(exc, timeout)[0])
        finally:
            self._touch()

    async def _access_now(self) -> OpcuaAccess:
        from app.diagnostics.sessions import opcua_access

        if self._access is not None:
            return self._access
        async with self._opening:
            if self._access is not None:
                return self._access
            if self._target is None:
                target = self.core.target(self.target_text)
                if target.protocol != "opcua":
                    raise TargetError(f"browse needs an OPC UA server; {target.label} is not")
                self._target = target
            stack = contextlib.AsyncExitStack()
            access = await stack.enter_async_context(
                opcua_access(self._target, self.core.driver_for)
            )
            if access.reused:  # the monitor's session: used now, never held
                await stack.aclose()
                return access
            if self.closed:  # closed while it opened (CI changed, quit): not kept
                await stack.aclose()
                raise TargetError("the browse session was closed")
            self.sessions_opened += 1
            self._stack, self._access = stack, access
            return access

    async def _drop(self) -> None:
        stack, self._stack, self._access = self._stack, None, None
        if stack is not None:
            try:
                await stack.aclose()
            except Exception:
                log.warning("closing the browse session of %s failed", self.target_text)

    def _failed(self, text: str) -> str:
        self.errors.append(text)
        return text

    def _touch(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
        if not self.closed:
            loop = asyncio.get_running_loop()
            self._idle = loop.call_later(self.idle_s, self.close_soon)

    def _audit(self) -> None:
        ci = self._target.ci_id if self._target is not None else None
        label = self._target.label if self._target is not None else self.target_text
        options = {
            "session": True,
            "expands": len(self.expanded),
            "reads": len(self.read),
            "failures": len(self.errors),
            "expanded": self.expanded[:AUDITED_NODES],
            "read": self.read[:AUDITED_NODES],
            "sessions_opened": self.sessions_opened,
        }
        run = DiagnosticRun(
            Kind.BROWSE, label, ci, self._user, self._role, self.started,
            time.monotonic() - self._t0,
            Outcome.PROBLEM if self.errors else Outcome.OK,
            None, self.errors[-1] if self.errors else None, options,
        )  # fmt: skip
        try:
            self.core.audit.record(AuditRecord.of(run))
        except Exception:
            log.exception("the audit of the browse of %s failed", label)


_NODE_CODES = frozenset(
    {
        "BadAttributeIdInvalid",
        "BadNotReadable",
        "BadUserAccessDenied",
        "BadNoContinuationPoints",
        "BadContinuationPointInvalid",
        "BadBrowseDirectionInvalid",
        "BadReferenceTypeIdInvalid",
    }
)


def _node_error(exc: BaseException) -> bool:
    """A status code about one node (BadNodeIdUnknown, ...): the session is fine."""
    from drivers.opcua_nodes import quality_of
    from drivers.uatypes import UaStatusCodeError

    if not isinstance(exc, UaStatusCodeError):
        return False
    name = quality_of(int(getattr(exc, "code", 0x80010000))).name
    return name.startswith("BadNodeId") or name in _NODE_CODES
