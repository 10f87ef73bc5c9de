"""The plant file's schema: what a person may write, checked field by field.

The file (TOML) has these top-level sections:

    schema_version = 1
    [site]              id, name, timezone
    [calendar.shifts]   name = { start = "06:00", end = "14:00" }
    [console]           reference targets, which console auto-raises where
    [[profile]]         device profiles shared by many devices
    [[area]]            id, name
    [[line]]            business services: cost_per_hour, units_per_shift, shifts
    [[ci]]              machines and devices: kind, parent, depends_on, criticality,
                        and at most one of opcua / modbus / reach

Cross-references (parents, dependencies, profiles) are checked by
`models.plant_check`, which sees the whole file.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
HOST_PATTERN = r"^[A-Za-z0-9_.\-:]+$"
POINT_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_.]*$"
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
RUNNING_TAG_PATTERN = r"^[A-Za-z0-9_.\-]+:[A-Za-z_][A-Za-z0-9_.]*$"
# What each pattern asks for, in words: a person reading a check-config message should
# not have to read a regular expression.
PATTERN_WORDS = {
    ID_PATTERN: "1-64 letters, digits and _ . - only, starting with a letter or digit",
    HOST_PATTERN: "a host name or IP address: letters, digits and _ . - : only",
    POINT_NAME_PATTERN: "a name of letters, digits, _ and . only, starting with a letter or _",
    TIME_PATTERN: "a time of day as HH:MM, from 00:00 to 23:59",
    RUNNING_TAG_PATTERN: "CI_ID:point, e.g. 'CONV-L3-PLC:line_running'",
}
CiId = Annotated[str, Field(pattern=ID_PATTERN)]

# Keys that would hold a secret in plain text. The file must name where the
# secret lives instead (`password_ref = "keyring:service/user"` or "env:VAR").
SECRET_KEYS = frozenset({"password", "passwd", "pass", "secret", "token", "api_key", "pwd"})
SECRET_REF_PATTERN = re.compile(r"^(keyring:[^/\s]+/[^\s]+|env:[A-Za-z_][A-Za-z0-9_]*)$")

CI_KINDS = (
    "machine",
    "cell",
    "plc",
    "hmi",
    "robot_controller",
    "vision",
    "switch",
    "router",
    "firewall",
    "opcua_server",
    "mes_interface",
    "server",
    "drive",
    "sensor",
    "io_module",
    "gateway",
    "workstation",
    "redundancy_group",
)
CiKind = Literal[
    "machine",
    "cell",
    "plc",
    "hmi",
    "robot_controller",
    "vision",
    "switch",
    "router",
    "firewall",
    "opcua_server",
    "mes_interface",
    "server",
    "drive",
    "sensor",
    "io_module",
    "gateway",
    "workstation",
    "redundancy_group",
]

PointRole = Literal[
    "tag",
    "run_state",
    "fault_code",
    "fault_flag",
    "line_running",
    "program_name",
    "program_version",
    "cycle_time",
    "last_change",
    "firmware",
    "uptime",
]
# Roles that carry a fact about the device rather than a process value.
STATUS_ROLES = frozenset(
    {"program_name", "program_version", "cycle_time", "last_change", "firmware", "uptime"}
)


class Strict(BaseModel):
    """Base: unknown keys are typos, and typos in a plant file are errors."""

    # defer_build: the validators are built at the first validation, so a start that
    # takes the plant from the validated-plant cache (models.plant_cache) never pays for
    # building them (issue 4)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Limits(Strict):
    """Warning and alarm limits of an analog value (any may be absent)."""

    warn_low: float | None = None
    warn_high: float | None = None
    alarm_low: float | None = None
    alarm_high: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Limits:
        lows = [v for v in (self.alarm_low, self.warn_low) if v is not None]
        highs = [v for v in (self.warn_high, self.alarm_high) if v is not None]
        if len(lows) == 2 and lows[0] > lows[1]:
            raise ValueError("alarm_low must not be above warn_low")
        if len(highs) == 2 and highs[0] > highs[1]:
            raise ValueError("warn_high must not be above alarm_high")
        if lows and highs and max(lows) >= min(highs):
            raise ValueError("low limits must be below high limits")
        return self


class OpcuaPoint(Limits):
    """A value read over OPC UA. `node` may contain `{ci}`, replaced by the CI id."""

    name: Annotated[str, Field(pattern=POINT_NAME_PATTERN)]
    node: Annotated[str, Field(min_length=3)]
    role: PointRole = "tag"
    unit: str = ""

    @field_validator("node")
    @classmethod
    def _node_id(cls, value: str) -> str:
        if not re.match(r"^(ns=\d+;|nsu=[^;]+;)?(i=\d+|s=.+|g=[0-9a-fA-F-]{36}|b=.+)$", value):
            raise ValueError(
                "expected an OPC UA node id such as 'ns=3;s=PLC.RunState', "
                "'nsu=urn:vendor:plc;s=RunState' or 'i=2259'"
            )
        return value


ModbusTable = Literal["holding", "input", "coil", "discrete"]
ModbusType = Literal["bool", "int16", "uint16", "int32", "uint32", "float32"]
REGISTER_WIDTH = {"bool": 1, "int16": 1, "uint16": 1, "int32": 2, "uint32": 2, "float32": 2}


class ModbusPoint(Limits):
    """A value in a Modbus register map. `address` is the protocol address (0-based)."""

    name: Annotated[str, Field(pattern=POINT_NAME_PATTERN)]
    table: ModbusTable
    address: Annotated[int, Field(ge=0, le=65535)]
    type: ModbusType = "uint16"
    word_order: Literal["big", "little"] = "big"
    byte_order: Literal["big", "little"] = "big"
    scale: float = 1.0
    offset: float = 0.0
    role: PointRole = "tag"
    unit: str = ""

    @model_validator(mode="after")
    def _fits(self) -> ModbusPoint:
        bit_table = self.table in ("coil", "discrete")
        if bit_table and self.type != "bool":
            raise ValueError(f"a {self.table} holds one bit: type must be 'bool'")
        if not bit_table and self.type == "bool":
            raise ValueError("type 'bool' needs table 'coil' or 'discrete'")
        if self.address + self.width - 1 > 65535:
            raise ValueError("register range runs past address 65535")
        if self.scale == 0:
            raise ValueError("scale must not be 0")
        return self

    @property
    def width(self) -> int:
        return REGISTER_WIDTH[self.type]


class Credentials(Strict):
    """A user name and where its password lives (never the password itself)."""

    user: Annotated[str, Field(min_length=1)]
    password_ref: str

    @field_validator("password_ref")
    @classmethod
    def _ref(cls, value: str) -> str:
        if not SECRET_REF_PATTERN.match(value):
            raise ValueError(
                "expected 'keyring:SERVICE/USER' or 'env:VARIABLE' (the password itself "
                "never goes into the plant file)"
            )
        return value


SecurityMode = Literal["None", "Sign", "SignAndEncrypt"]
SecurityPolicy = Literal["None", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss"]


class OpcuaEndpoint(Strict):
    endpoint: str
    security_mode: SecurityMode | None = None
    security_policy: SecurityPolicy | None = None
    login: Credentials | None = None
    points: tuple[OpcuaPoint, ...] = ()

    @field_validator("endpoint")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^opc\.tcp://[A-Za-z0-9_.\-\[\]:]+:\d{1,5}(/\S*)?$", value):
            raise ValueError("expected 'opc.tcp://HOST:PORT[/path]'")
        port = int(value.split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])
        if not 1 <= port <= 65535:
            raise ValueError(f"port {port} is outside 1-65535")
        return value


class ModbusEndpoint(Strict):
    host: Annotated[str, Field(pattern=HOST_PATTERN)]
    port: Annotated[int, Field(ge=1, le=65535)] = 502
    unit_id: Annotated[int, Field(ge=0, le=255)] = 1
    points: tuple[ModbusPoint, ...] = ()


class ReachEndpoint(Strict):
    host: Annotated[str, Field(pattern=HOST_PATTERN)]
    ports: tuple[Annotated[int, Field(ge=1, le=65535)], ...] = ()


class FaultText(Strict):
    en: str
    de: str = ""


class Profile(Strict):
    """What many devices of one type share ("Siemens S7-1500 via OPC UA")."""

    id: CiId
    name: str
    protocol: Literal["opcua", "modbus", "reach"]
    vendor: str = ""
    model: str = ""
    min_poll_ms: Annotated[int, Field(ge=50, le=3_600_000)] = 1000
    timeout_ms: Annotated[int, Field(ge=100, le=60_000)] = 2000
    # Reachability probes, Modbus requests and OPC UA liveness reads count as unanswered
    # after the measured round trip plus at least this margin, at most timeout_ms
    # (drivers/rtt.py); only timeout_ms drops a protocol device's connection.
    min_timeout_ms: Annotated[int, Field(ge=10, le=60_000)] = 250
    security_mode: SecurityMode = "None"
    security_policy: SecurityPolicy = "None"
    run_states: dict[str, Literal["RUN", "STOP", "FAULT", "STARTUP"]] = Field(default_factory=dict)
    faults: dict[str, FaultText] = Field(default_factory=dict)
    opcua_points: tuple[OpcuaPoint, ...] = ()
    modbus_points: tuple[ModbusPoint, ...] = ()
    ports: tuple[Annotated[int, Field(ge=1, le=65535)], ...] = ()

    @field_validator("faults")
    @classmethod
    def _fault_codes(cls, value: dict[str, FaultText]) -> dict[str, FaultText]:
        for code in value:
            parse_fault_code(code)
        return value

    @model_validator(mode="after")
    def _timeouts(self) -> Profile:
        if self.min_timeout_ms > self.timeout_ms:
            raise ValueError(
                f"min_timeout_ms ({self.min_timeout_ms}) must not be above timeout_ms "
                f"({self.timeout_ms})"
            )
        return self


def parse_fault_code(code: str) -> int:
    """A fault code key ('0x2A' or '42') as an int; ValueError names the bad key."""
    try:
        return int(code, 0)
    except ValueError:
        raise ValueError(f"fault code {code!r} is not a number like '0x2A' or '42'") from None


class Site(Strict):
    id: CiId
    name: str
    timezone: str = "Europe/Berlin"


class Shift(Strict):
    start: Annotated[str, Field(pattern=TIME_PATTERN)]
    end: Annotated[str, Field(pattern=TIME_PATTERN)]
    days: tuple[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], ...] = (
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
    )


class Calendar(Strict):
    shifts: dict[str, Shift] = Field(default_factory=dict)


class ReferenceTarget(Strict):
    """A target the console must reach to trust what it sees of the plant."""

    host: Annotated[str, Field(pattern=HOST_PATTERN)]
    port: Annotated[int, Field(ge=1, le=65535)]


class AutoRaise(Strict):
    console: Annotated[str, Field(min_length=1)]
    areas: tuple[CiId, ...]


class ConsoleConfig(Strict):
    reference_targets: tuple[ReferenceTarget, ...] = ()
    auto_raise: tuple[AutoRaise, ...] = ()


class Area(Strict):
    id: CiId
    name: str
    parent: CiId | None = None


class Line(Strict):
    """A production line: the business service whose stop costs money."""

    id: CiId
    name: str
    area: CiId
    cost_per_hour: Annotated[float, Field(ge=0)]
    units_per_shift: Annotated[int, Field(ge=0)] = 0
    product: str = ""
    shifts: tuple[str, ...] = ()
    running_tag: Annotated[str, Field(pattern=RUNNING_TAG_PATTERN)] | None = None
    """`CI_ID:point` of a boolean that says whether the line runs (PLC or MES)."""


class Ci(Strict):
    """A machine or device (configuration item) below a line or an area."""

    id: CiId
    name: str = ""
    kind: CiKind
    parent: CiId
    depends_on: tuple[CiId, ...] = ()
    criticality: Literal["stops_line", "degrades", "info"] = "stops_line"
    profile: CiId | None = None
    vendor: str = ""
    model: str = ""
    firmware: str = ""
    vlan: Annotated[int, Field(ge=1, le=4094)] | None = None
    members: tuple[CiId, ...] = ()
    min_up: Annotated[int, Field(ge=1)] | None = None
    opcua: OpcuaEndpoint | None = None
    modbus: ModbusEndpoint | None = None
    reach: ReachEndpoint | None = None

    @model_validator(mode="after")
    def _shape(self) -> Ci:
        endpoints = [e for e in (self.opcua, self.modbus, self.reach) if e is not None]
        if len(endpoints) > 1:
            raise ValueError("a CI is monitored over one of opcua, modbus or reach, not several")
        if self.kind == "redundancy_group":
            if len(self.members) < 2:
                raise ValueError("a redundancy_group needs at least two members")
            if self.min_up is None:
                raise ValueError("a redundancy_group needs min_up")
            if self.min_up > len(self.members):
                raise ValueError(
                    f"min_up={self.min_up} is more than the {len(self.members)} members"
                )
            if endpoints:
                raise ValueError("a redundancy_group has no endpoint of its own")
        elif self.members or self.min_up is not None:
            raise ValueError("members and min_up belong to kind 'redundancy_group' only")
        return self


PriorityName = Literal["P1", "P2", "P3", "P4", "P5"]
MatrixRow = tuple[PriorityName, PriorityName, PriorityName]


class SlaTargetsConfig(Strict):
    """Minutes from the fault's time; None: no such clock for this priority."""

    acknowledge_min: Annotated[float, Field(gt=0)] | None = None
    on_site_min: Annotated[float, Field(gt=0)] | None = None
    resolve_min: Annotated[float, Field(gt=0)] | None = None


def _default_sla() -> dict[PriorityName, SlaTargetsConfig]:
    def t(ack: float, site: float | None, resolve: float) -> SlaTargetsConfig:
        return SlaTargetsConfig(acknowledge_min=ack, on_site_min=site, resolve_min=resolve)

    return {
        "P1": t(5, 15, 240),
        "P2": t(15, 60, 480),
        "P3": t(60, 240, 1440),
        "P4": t(240, 1440, 4320),
        "P5": t(480, None, 7200),
    }


class NotifyRule(Strict):
    """Who hears of new incidents in which areas ("*" for all)."""

    areas: tuple[str, ...]
    roles: tuple[Annotated[str, Field(pattern=ID_PATTERN)], ...]
    min_priority: PriorityName = "P2"
    sound: bool = False


class IncidentPolicy(Strict):
    """How incidents are prioritised, timed and announced (ITIL impact x urgency)."""

    priority_matrix: tuple[MatrixRow, MatrixRow, MatrixRow] = (
        ("P1", "P2", "P3"),
        ("P2", "P3", "P4"),
        ("P3", "P4", "P5"),
    )
    """Rows: impact 1 (line stop) to 3; columns: urgency 1 (now) to 3."""
    sla: dict[PriorityName, SlaTargetsConfig] = Field(default_factory=_default_sla)
    sla_warning_fraction: Annotated[float, Field(gt=0, lt=1)] = 0.75
    auto_resolve_quiet_min: Annotated[float, Field(ge=1)] | None = 30
    max_shelve_h: Annotated[float, Field(gt=0, le=24)] = 8
    problem_threshold: Annotated[int, Field(ge=2)] = 3
    problem_window_days: Annotated[int, Field(ge=1)] = 30
    flood_limit: Annotated[int, Field(ge=1)] = 10
    flood_window_min: Annotated[int, Field(ge=1)] = 10
    notify: tuple[NotifyRule, ...] = ()

    # Field validators, not a model validator: the message then names the key and its
    # line (a model validator's points at the [incidents] header).
    @field_validator("priority_matrix", mode="before")
    @classmethod
    def _matrix_shape(cls, value: object) -> object:
        rows = value if isinstance(value, list | tuple) else ()
        if len(rows) != 3 or any(not isinstance(r, list | tuple) or len(r) != 3 for r in rows):
            raise ValueError(
                "needs 3 rows (impact 1-3) of 3 priorities each (urgency 1-3), e.g. "
                '[["P1", "P2", "P3"], ["P2", "P3", "P4"], ["P3", "P4", "P5"]]'
            )
        return value

    @field_validator("priority_matrix")
    @classmethod
    def _monotonic_matrix(cls, m: tuple[MatrixRow, MatrixRow, MatrixRow]) -> tuple[MatrixRow, ...]:
        rank = {"P1": 1, "P2": 2, "P3": 3, "P4": 4, "P5": 5}
        for i in range(3):
            for j in range(3):
                if i < 2 and rank[m[i][j]] > rank[m[i + 1][j]]:
                    raise ValueError(
                        f"impact {i + 1} must not be less urgent than impact {i + 2} "
                        f"(column {j + 1})"
                    )
                if j < 2 and rank[m[i][j]] > rank[m[i][j + 1]]:
                    raise ValueError(
                        f"urgency {j + 1} must not be less urgent than urgency {j + 2} "
                        f"(row {i + 1})"
                    )
        return m


class PlantFile(Strict):
    """The whole plant file."""

    schema_version: Literal[1] = 1
    site: Site
    calendar: Calendar = Field(default_factory=Calendar)
    console: ConsoleConfig = Field(default_factory=ConsoleConfig)
    incidents: IncidentPolicy = Field(default_factory=IncidentPolicy)
    profile: tuple[Profile, ...] = ()
    area: tuple[Area, ...] = ()
    line: tuple[Line, ...] = ()
    ci: tuple[Ci, ...] = ()
