"""Driver configuration: frozen dataclasses the app fills from its plant model.

Drivers know nothing of the plant file. Point names are opaque strings to them (the app uses
"CI_ID:point", because one gateway endpoint may serve many CIs through one session).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .rtt import DEFAULT_FLOOR_S

SecurityMode = Literal["None", "Sign", "SignAndEncrypt"]
ModbusTable = Literal["holding", "input", "coil", "discrete"]
ModbusType = Literal["bool", "int16", "uint16", "int32", "uint32", "float32"]
Order = Literal["big", "little"]


@dataclass(frozen=True)
class OpcuaPointSpec:
    """A point read from one node. `node_id` is `ns=N;...`, `nsu=URI;...` or `i=...`/`s=...`."""

    name: str
    node_id: str


@dataclass(frozen=True)
class OpcuaConfig:
    """`timeout_s` bounds every request (a liveness read unanswered that long drops the
    session); `min_timeout_s` is the least margin above the measured round trip after which
    the server is shown as not answering meanwhile (drivers/rtt.py)."""

    endpoint: str
    points: tuple[OpcuaPointSpec, ...] = ()
    publish_ms: int = 1000
    sampling_ms: int = 500
    timeout_s: float = 4.0
    security_mode: SecurityMode = "None"
    security_policy: str = "Basic256Sha256"
    username: str | None = None
    password: str | None = None
    pki_dir: Path | None = None
    read_only_allowlist: bool = True
    min_timeout_s: float = DEFAULT_FLOOR_S


@dataclass(frozen=True)
class ModbusPointSpec:
    """A point in a Modbus map. `address` is the 0-based protocol address (not 40001 style)."""

    name: str
    table: ModbusTable
    address: int
    type: ModbusType = "uint16"
    word_order: Order = "big"
    byte_order: Order = "big"
    scale: float = 1.0
    offset: float = 0.0


@dataclass(frozen=True)
class ModbusConfig:
    """`timeout_s` bounds every request (unanswered that long, the connection is dropped);
    `min_timeout_s` is the least margin above the measured round trip after which the
    device is shown as not answering meanwhile (drivers/rtt.py)."""

    host: str
    port: int = 502
    unit_id: int = 1
    points: tuple[ModbusPointSpec, ...] = ()
    poll_ms: int = 1000
    timeout_s: float = 1.0
    min_timeout_s: float = DEFAULT_FLOOR_S


@dataclass(frozen=True)
class ReachConfig:
    """`timeout_s` caps each probe's wait; `min_timeout_s` is the least margin above the
    measured round trip it may come down to (drivers/rtt.py)."""

    host: str
    ports: tuple[int, ...] = ()
    interval_ms: int = 5000
    timeout_s: float = 1.0
    min_timeout_s: float = DEFAULT_FLOOR_S
