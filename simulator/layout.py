"""Where each monitored CI is served: one public listener per host:port of the plant file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from models.cmdb import CiNode, Plant

ListenerProtocol = Literal["opcua", "modbus", "reach"]
Address = tuple[str, int]


@dataclass
class ListenerPlan:
    """One public address and the CIs answering on it."""

    address: Address
    protocol: ListenerProtocol
    ci_ids: list[str] = field(default_factory=list)


class LayoutError(ValueError):
    """The plant puts two protocols on one host:port, or similar."""


def opcua_address(url: str) -> Address:
    parts = urlsplit(url)
    return (parts.hostname or "127.0.0.1", parts.port or 4840)


def reach_ports(node: CiNode) -> tuple[int, ...]:
    """The CI's own ports, else its profile's."""
    if node.ci is None or node.ci.reach is None:
        return ()
    if node.ci.reach.ports:
        return node.ci.reach.ports
    return node.profile.ports if node.profile is not None else ()


def ci_addresses(node: CiNode) -> list[Address]:
    ci = node.ci
    if ci is None:
        return []
    if ci.opcua is not None:
        return [opcua_address(ci.opcua.endpoint)]
    if ci.modbus is not None:
        return [(ci.modbus.host, ci.modbus.port)]
    if ci.reach is not None:
        return [(ci.reach.host, port) for port in reach_ports(node)]
    return []


def plan_listeners(plant: Plant) -> dict[Address, ListenerPlan]:
    """Listeners for every monitored CI and for the console's reference targets."""
    plans: dict[Address, ListenerPlan] = {}
    for node in plant.nodes.values():
        protocol = node.protocol
        if protocol is None:
            continue
        for address in ci_addresses(node):
            plan = plans.setdefault(address, ListenerPlan(address, protocol))
            if plan.protocol != protocol:
                raise LayoutError(
                    f"{address[0]}:{address[1]} is used by {plan.protocol} CI {plan.ci_ids[0]} "
                    f"and by {protocol} CI {node.id}"
                )
            plan.ci_ids.append(node.id)
    for target in plant.source.console.reference_targets:
        address = (target.host, target.port)
        plans.setdefault(address, ListenerPlan(address, "reach"))
    return plans
