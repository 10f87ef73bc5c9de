"""The one driver interface: link states, qualities, samples and the `Driver` protocol.

Everything a consumer (the app's HealthMonitor) sees of a device passes through these
types; they carry no protocol library objects, so `models/` and `app/` never need one.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, NamedTuple, Protocol, runtime_checkable

Value = bool | int | float | str | None
Severity = Literal["good", "uncertain", "bad"]


class LinkState(enum.Enum):
    """Where a driver's connection to its device stands."""

    IDLE = "idle"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    FAILED = "failed"  # needs a person (untrusted certificate, login refused); still retried
    CLOSED = "closed"


@dataclass(frozen=True)
class Quality:
    """An OPC UA style status code with its symbolic name (Modbus maps onto the same codes)."""

    code: int
    name: str

    @functools.cached_property
    def severity(self) -> Severity:
        """Good / Uncertain / Bad from the top two bits of the status code (11 is reserved: bad).

        Cached on the instance (qualities are shared, one per code): the monitor asks for
        every sample it receives.
        """
        top = (self.code >> 30) & 0b11
        if top == 0:
            return "good"
        if top == 1:
            return "uncertain"
        return "bad"

    @property
    def is_good(self) -> bool:
        return self.severity == "good"


GOOD = Quality(0, "Good")
# Codes from OPC UA Part 6 (StatusCodes.csv); tests check them against asyncua's table.
BAD_NOT_CONNECTED = Quality(0x808A0000, "BadNotConnected")
BAD_TIMEOUT = Quality(0x800A0000, "BadTimeout")
BAD_COMMUNICATION_ERROR = Quality(0x80050000, "BadCommunicationError")
BAD_DECODING_ERROR = Quality(0x80070000, "BadDecodingError")
BAD_OUT_OF_RANGE = Quality(0x803C0000, "BadOutOfRange")
BAD_NODE_ID_UNKNOWN = Quality(0x80340000, "BadNodeIdUnknown")
BAD_NOT_SUPPORTED = Quality(0x803D0000, "BadNotSupported")
BAD_DEVICE_FAILURE = Quality(0x808B0000, "BadDeviceFailure")
BAD_RESOURCE_UNAVAILABLE = Quality(0x80040000, "BadResourceUnavailable")
BAD_WAITING_FOR_INITIAL_DATA = Quality(0x80320000, "BadWaitingForInitialData")


class Sample(NamedTuple):
    """One reading of one point. `received` is `time.monotonic()` at arrival in the console.

    A NamedTuple, not a frozen dataclass: a subscription delivers tens of thousands a second
    and each is kept until the next one; a tuple is made three times faster and is one
    object for the garbage collector instead of two (instance and __dict__)
    (bench/bench_ingest.py). Immutable and compared field by field all the same.
    """

    point: str
    value: Value
    quality: Quality
    source_time: datetime | None
    received: float


@dataclass(frozen=True)
class LinkStatus:
    """The link as a person and a program read it.

    `error` is a precise sentence ("no answer within 1.0 s"); `error_code` is for programs
    ("timeout", "refused", "unreachable", "untrusted_certificate", "auth_failed",
    "modbus_exception:IllegalDataAddress", "malformed", ...). `since` is `time.monotonic()`
    of the last state change.
    """

    state: LinkState
    error: str | None
    error_code: str | None
    security: str
    since: float


@dataclass(frozen=True)
class DeviceIdentity:
    vendor: str
    product: str
    revision: str
    extra: dict[str, str] = field(default_factory=dict)


SampleListener = Callable[[Sequence[Sample]], None]
StatusListener = Callable[[LinkStatus], None]
Unsubscribe = Callable[[], None]


@runtime_checkable
class Driver(Protocol):
    """One device link. Asyncio-native; listeners are called on the event loop thread.

    `start()` returns at once and keeps the link in a background task (capped exponential
    backoff with jitter); `read()` is a one-shot read through the same session and never
    raises for link problems: it answers Bad qualities instead.
    """

    @property
    def status(self) -> LinkStatus: ...

    @property
    def identity(self) -> DeviceIdentity | None: ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    def add_sample_listener(self, cb: SampleListener) -> Unsubscribe: ...

    def add_status_listener(self, cb: StatusListener) -> Unsubscribe: ...

    async def read(self, points: Sequence[str] | None = None) -> list[Sample]: ...
