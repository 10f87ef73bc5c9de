"""What a diagnostic found, as frozen dataclasses: rendered by `report`, serialised by `raw`.

Nothing here is a finished sentence: codes and parameters, so a German and an English
console render the same facts (as `models.reasons` does for health).
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from drivers.base import Value

LayerOutcome = Literal["ok", "partial", "failed", "skipped", "unavailable"]


class Kind(enum.StrEnum):
    PING = "ping"
    PROGRAM = "program"
    BUDGET = "budget"
    BROWSE = "browse"
    READ = "read"


class Outcome(enum.StrEnum):
    OK = "ok"  # ran; the target is fine
    PROBLEM = "problem"  # ran; found the target unreachable, stopped, faulted ...
    ERROR = "error"  # could not run (bad target, not OPC UA, ...)
    TIMEOUT = "timeout"  # the run's time bound ran out
    CANCELLED = "cancelled"
    REFUSED = "refused"  # the user's role may not run diagnostics


@dataclass(frozen=True)
class LayerResult:
    """One layer of a layered ping: every attempt's round trip, or the precise error."""

    layer: str  # "icmp", "tcp", "protocol"
    label: str  # "ICMP echo 10.1.2.3", "TCP 10.1.2.3:4840", "OPC UA GetEndpoints + Read ..."
    outcome: LayerOutcome
    attempts: int = 0
    rtts_ms: tuple[float, ...] = ()
    error: str | None = None
    error_code: str | None = None
    details: dict[str, Value] = field(default_factory=dict)

    @property
    def answered(self) -> int:
        return len(self.rtts_ms)

    @property
    def loss_pct(self) -> float:
        return 100.0 * (self.attempts - self.answered) / self.attempts if self.attempts else 0.0

    @property
    def rtt_min(self) -> float | None:
        return min(self.rtts_ms) if self.rtts_ms else None

    @property
    def rtt_avg(self) -> float | None:
        return sum(self.rtts_ms) / len(self.rtts_ms) if self.rtts_ms else None

    @property
    def rtt_max(self) -> float | None:
        return max(self.rtts_ms) if self.rtts_ms else None


FactStatus = Literal["ok", "not_exposed", "bad", "not_read"]


@dataclass(frozen=True)
class Fact:
    """One thing about a device: where it came from, and whether the device exposes it."""

    key: str  # "run_state", "program_name", "server_state", "vendor", ...
    value: Value
    source: str  # "AR-042-PLC:program_name", "ServerStatus", "43/14", "plant file", ...
    status: FactStatus = "ok"
    quality: str = "Good"
    unit: str = ""


@dataclass(frozen=True)
class ProgramStatus:
    run_state: str | None  # RUN / STOP / FAULT / STARTUP; None: not exposed or not read
    run_code: Value = None
    since: datetime | None = None
    fault_code: int | None = None
    fault_text: dict[str, str] = field(default_factory=dict)  # {"en": ..., "de": ...}
    facts: tuple[Fact, ...] = ()
    error: str | None = None
    error_code: str | None = None
    reused_session: bool = False

    def fact(self, key: str) -> Fact | None:
        return next((f for f in self.facts if f.key == key), None)


@dataclass(frozen=True)
class Phrase:
    """One part of a verdict ("host reachable", "OPC UA up", "program STOPPED since 14:02")."""

    code: str
    params: dict[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    code: str  # ok, no_answer, port_silent, server_stopped, protocol_silent, ...
    reachable: bool  # the protocol answered (exit code of `plantconsole diagnose`)
    phrases: tuple[Phrase, ...] = ()


@dataclass(frozen=True)
class PingResult:
    target: str
    protocol: str
    layers: tuple[LayerResult, ...]
    verdict: Verdict
    program: ProgramStatus | None = None

    def layer(self, name: str) -> LayerResult | None:
        return next((layer for layer in self.layers if layer.layer == name), None)


@dataclass(frozen=True)
class BudgetItem:
    name: str
    value: Value
    status: FactStatus = "ok"
    quality: str = "Good"
    limit_name: str | None = None
    limit: int | None = None
    near_limit: bool = False
    group: str = "sessions"  # sessions, capabilities, operation_limits


@dataclass(frozen=True)
class BudgetResult:
    items: tuple[BudgetItem, ...]
    console_items: int | None = None  # monitored items this console holds on the server
    reused_session: bool = False

    def item(self, name: str) -> BudgetItem | None:
        return next((i for i in self.items if i.name == name), None)

    @property
    def near(self) -> tuple[BudgetItem, ...]:
        return tuple(i for i in self.items if i.near_limit)


@dataclass(frozen=True)
class NodeRef:
    node_id: str
    browse_name: str
    display_name: str
    node_class: str
    has_children: bool
    level: int = 1  # 1: a child of the browsed node, 2: a grandchild, ...
    parent: str = ""
    value: Value = None  # variables only, where values were read
    status: str | None = None


@dataclass(frozen=True)
class BrowseResult:
    node_id: str
    children: tuple[NodeRef, ...]
    reused_session: bool = False


@dataclass(frozen=True)
class AttributeValue:
    attribute: str
    value: Value
    status: str  # symbolic status code name


@dataclass(frozen=True)
class NodeReading:
    node_id: str
    attributes: tuple[AttributeValue, ...]
    reused_session: bool = False

    def get(self, attribute: str) -> AttributeValue | None:
        return next((a for a in self.attributes if a.attribute == attribute), None)


Result = PingResult | ProgramStatus | BudgetResult | BrowseResult | NodeReading


@dataclass(frozen=True)
class DiagnosticRun:
    """One diagnostic as it was run: who, what, on which CI/target, when, how long, result."""

    kind: Kind
    target: str
    ci_id: str | None
    user: str
    role: str
    started: datetime
    duration_s: float
    outcome: Outcome
    result: Result | None = None
    error: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    audit_id: str = field(default_factory=lambda: str(uuid.uuid4()), compare=False)
    """The id of its audit record: attaching the run to an incident reuses that record."""

    @property
    def ping(self) -> PingResult | None:
        return self.result if isinstance(self.result, PingResult) else None
