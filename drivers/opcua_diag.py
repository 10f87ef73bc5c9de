"""Read-only reads of the standard Server object for diagnostics: ServerStatus, BuildInfo,
ServiceLevel, ServerDiagnosticsSummary, ServerCapabilities and OperationLimits.

Namespace-0 node ids are fixed by the specification (Part 5/6), so they are read by number
in as few Read requests as MaxNodesPerRead allows. A node a server lacks answers
BadNodeIdUnknown: that is "not exposed", never an error of the diagnostic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .base import Quality, Value
from .opcua_nodes import quality_of, to_value, utc
from .opcua_services import DEFAULT_BATCH, read_values
from .uatypes import NodeId, ua

_CAPABILITIES = (
    "MaxSessions",
    "MaxSubscriptions",
    "MaxMonitoredItems",
    "MaxSubscriptionsPerSession",
    "MaxMonitoredItemsPerSubscription",
    "MaxBrowseContinuationPoints",
)
_OPERATION_LIMITS = (
    "MaxNodesPerRead",
    "MaxNodesPerBrowse",
    "MaxMonitoredItemsPerCall",
    "MaxNodesPerTranslateBrowsePathsToNodeIds",
    "MaxNodesPerRegisterNodes",
    "MaxNodesPerHistoryReadData",
    "MaxNodesPerMethodCall",
    "MaxNodesPerWrite",
)
SUMMARY_FIELDS = (
    "CurrentSessionCount",
    "CumulatedSessionCount",
    "CurrentSubscriptionCount",
    "CumulatedSubscriptionCount",
    "RejectedSessionCount",
    "SecurityRejectedSessionCount",
    "SessionTimeoutCount",
    "SessionAbortCount",
    "PublishingIntervalCount",
    "RejectedRequestsCount",
    "SecurityRejectedRequestsCount",
    "ServerViewCount",
)


@dataclass(frozen=True)
class Reading:
    """One value read from a server, with its status code name."""

    name: str
    value: Value
    quality: Quality

    @property
    def exposed(self) -> bool:
        return self.quality.is_good and self.value is not None


@dataclass(frozen=True)
class ServerStatus:
    state: str | None
    start_time: datetime | None
    current_time: datetime | None
    product_name: str
    manufacturer: str
    software_version: str
    build_number: str
    build_date: datetime | None
    product_uri: str
    service_level: int | None
    seconds_till_shutdown: int | None
    quality: Quality


def _nid(name: str) -> NodeId:
    return ua.NodeId(getattr(ua.ObjectIds, name))


async def read_numbered(uaclient: Any, names: Sequence[str], limit: int) -> list[Any]:
    """DataValues of ns=0 nodes given by their ObjectIds names (unknown names: Bad)."""
    return await read_values(uaclient, [_nid(n) for n in names], max(1, limit))


async def server_status(uaclient: Any) -> ServerStatus:
    """ServerStatus (State, StartTime, CurrentTime, BuildInfo) and ServiceLevel in one Read."""
    status_dv, level_dv = await read_numbered(
        uaclient, ["Server_ServerStatus", "Server_ServiceLevel"], 2
    )
    status = status_dv.Value.Value if status_dv.Value is not None else None
    level = level_dv.Value.Value if level_dv.Value is not None else None
    service_level = int(level) if level_dv.StatusCode.is_good() and isinstance(level, int) else None
    if not isinstance(status, ua.ServerStatusDataType):
        q = quality_of(status_dv.StatusCode)
        return ServerStatus(None, None, None, "", "", "", "", None, "", service_level, None, q)
    build = status.BuildInfo
    return ServerStatus(
        state=getattr(status.State, "name", str(status.State)),
        start_time=utc(status.StartTime),
        current_time=utc(status.CurrentTime),
        product_name=str(build.ProductName or ""),
        manufacturer=str(build.ManufacturerName or ""),
        software_version=str(build.SoftwareVersion or ""),
        build_number=str(build.BuildNumber or ""),
        build_date=utc(build.BuildDate),
        product_uri=str(build.ProductUri or ""),
        service_level=service_level,
        seconds_till_shutdown=int(status.SecondsTillShutdown or 0),
        quality=quality_of(status_dv.StatusCode),
    )


async def server_budget(uaclient: Any, limit: int = DEFAULT_BATCH) -> list[Reading]:
    """Session and subscription counters, capabilities and operation limits, as readings.

    Monitored items are summed from SubscriptionDiagnosticsArray where the server fills it.
    """
    names: list[tuple[str, str]] = [
        ("EnabledFlag", "Server_ServerDiagnostics_EnabledFlag"),
        ("ServerDiagnosticsSummary", "Server_ServerDiagnostics_ServerDiagnosticsSummary"),
        ("SubscriptionDiagnosticsArray", "Server_ServerDiagnostics_SubscriptionDiagnosticsArray"),
    ]
    names += [(n, f"Server_ServerCapabilities_{n}") for n in _CAPABILITIES]
    names += [(n, f"Server_ServerCapabilities_OperationLimits_{n}") for n in _OPERATION_LIMITS]
    known = [(label, oid) for label, oid in names if hasattr(ua.ObjectIds, oid)]
    dvs = await read_numbered(uaclient, [oid for _l, oid in known], limit)
    out: list[Reading] = []
    for (label, _oid), dv in zip(known, dvs, strict=True):
        raw = dv.Value.Value if dv.Value is not None else None
        quality = quality_of(dv.StatusCode)
        if label == "ServerDiagnosticsSummary":
            out.extend(_summary(raw, quality))
        elif label == "SubscriptionDiagnosticsArray":
            out.append(_monitored_items(raw, quality))
        else:
            out.append(Reading(label, to_value(raw), quality))
    return out


def _summary(raw: Any, quality: Quality) -> list[Reading]:
    if not isinstance(raw, ua.ServerDiagnosticsSummaryDataType):
        return [Reading(name, None, quality) for name in SUMMARY_FIELDS]
    return [Reading(name, to_value(getattr(raw, name, None)), quality) for name in SUMMARY_FIELDS]


def _monitored_items(raw: Any, quality: Quality) -> Reading:
    if not quality.is_good or not isinstance(raw, list):
        return Reading("MonitoredItemCount", None, quality)
    total = sum(int(getattr(item, "MonitoredItemCount", 0) or 0) for item in raw)
    if not raw:
        # An empty array says nothing about monitored items (servers leave it empty when
        # diagnostics are off): not exposed, rather than a misleading 0.
        return Reading("MonitoredItemCount", None, quality)
    return Reading("MonitoredItemCount", total, quality)
