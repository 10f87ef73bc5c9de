"""OPC UA server budget: sessions, subscriptions and monitored items against the server's
capabilities, and its operation limits, so a technician sees when a PLC is near its limits."""

from __future__ import annotations

from app.diagnostics.results import BudgetItem, BudgetResult, FactStatus
from app.diagnostics.sessions import OpcuaAccess
from drivers.opcua_diag import Reading, server_budget

NEAR = 0.8  # a count at 80 % of its cap is "near limit"
# current count -> the capability that caps it
CAPS = {
    "CurrentSessionCount": "MaxSessions",
    "CurrentSubscriptionCount": "MaxSubscriptions",
    "MonitoredItemCount": "MaxMonitoredItems",
}
CAPABILITIES = frozenset(
    {
        "MaxSessions",
        "MaxSubscriptions",
        "MaxMonitoredItems",
        "MaxSubscriptionsPerSession",
        "MaxMonitoredItemsPerSubscription",
        "MaxBrowseContinuationPoints",
    }
)
# Per-call limits below these are tight enough to matter for a console (S7: 20 per read).
TIGHT = {"MaxNodesPerRead": 100, "MaxMonitoredItemsPerCall": 100, "MaxNodesPerBrowse": 100}


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _group(name: str) -> str:
    if name in CAPABILITIES:
        return "capabilities"
    if name.startswith("MaxNodesPer") or name == "MaxMonitoredItemsPerCall":
        return "operation_limits"
    return "sessions"


def assess(readings: list[Reading], console_items: int | None) -> tuple[BudgetItem, ...]:
    values = {r.name: r for r in readings}
    items: list[BudgetItem] = []
    for reading in readings:
        exposed = reading.exposed and not (
            reading.name in CAPABILITIES | set(TIGHT) and reading.value == 0
        )  # 0 means "no limit stated" for capabilities and operation limits
        status: FactStatus = "ok" if exposed else "not_exposed"
        limit_name = CAPS.get(reading.name)
        limit = None
        if limit_name and limit_name in values and values[limit_name].exposed:
            limit = _int(values[limit_name].value) or None
        value = _int(reading.value)
        near = bool(exposed and limit and value is not None and value >= NEAR * limit)
        if exposed and reading.name in TIGHT and value is not None:
            near = value < TIGHT[reading.name]
            limit = TIGHT[reading.name] if near else None
        if reading.name == "MaxMonitoredItemsPerSubscription" and exposed and value:
            near = console_items is not None and console_items >= NEAR * value
            limit = value if near else None
        items.append(
            BudgetItem(
                reading.name,
                reading.value if exposed else None,
                status,
                reading.quality.name,
                limit_name if limit_name else None,
                limit,
                near,
                _group(reading.name),
            )
        )
    return tuple(items)


async def opcua_budget(access: OpcuaAccess) -> BudgetResult:
    readings = await server_budget(access.uaclient, access.max_nodes_per_read)
    console_items = len(access.driver.config.points) if access.driver is not None else None
    return BudgetResult(assess(readings, console_items), console_items, access.reused)
