"""The plant as a graph: containment tree and dependency edges over all CIs.

Built from a validated `PlantFile` by `models.plant_loader`; everything that
reasons about the plant (health, impact, views) works on this.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from models.plant_schema import (
    Ci,
    Line,
    ModbusPoint,
    OpcuaPoint,
    PlantFile,
    Profile,
)
from models.states import Criticality

Protocol = Literal["opcua", "modbus", "reach"]


@dataclass
class CiNode:
    """One configuration item: site, area, line, machine or device."""

    id: str
    name: str
    kind: str
    parent: str | None
    criticality: Criticality = Criticality.STOPS_LINE
    depends_on: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    min_up: int = 0
    children: list[str] = field(default_factory=list)
    line: Line | None = None
    ci: Ci | None = None
    profile: Profile | None = None

    @property
    def protocol(self) -> Protocol | None:
        if self.ci is None:
            return None
        if self.ci.opcua is not None:
            return "opcua"
        if self.ci.modbus is not None:
            return "modbus"
        if self.ci.reach is not None:
            return "reach"
        return None

    @property
    def monitored(self) -> bool:
        return self.protocol is not None

    @property
    def is_group(self) -> bool:
        return self.kind == "redundancy_group"

    @property
    def vendor(self) -> str:
        own = self.ci.vendor if self.ci else ""
        return own or (self.profile.vendor if self.profile else "")

    @property
    def model(self) -> str:
        own = self.ci.model if self.ci else ""
        return own or (self.profile.model if self.profile else "")

    @property
    def endpoint(self) -> str:
        """Where the console reaches the CI, as a short URL-like text ('' if not monitored)."""
        ci = self.ci
        if ci is None:
            return ""
        if ci.opcua is not None:
            return ci.opcua.endpoint
        if ci.modbus is not None:
            return f"modbus://{ci.modbus.host}:{ci.modbus.port}?unit={ci.modbus.unit_id}"
        if ci.reach is not None:
            return ci.reach.host
        return ""


class Plant:
    """All CIs of one plant file with the relations between them."""

    def __init__(self, source: PlantFile, nodes: dict[str, CiNode]) -> None:
        self.source = source
        self.nodes = nodes
        self.root = source.site.id
        self.lines: dict[str, Line] = {line.id: line for line in source.line}
        self.profiles: dict[str, Profile] = {p.id: p for p in source.profile}
        # Reverse edges: who depends on X (a redundancy group "depends" on its members).
        self.dependents: dict[str, list[str]] = {ci_id: [] for ci_id in nodes}
        for node in nodes.values():
            for target in (*node.depends_on, *node.members):
                self.dependents[target].append(node.id)
        self.topo_index = self._topological_index()
        self.depth = self._depths()
        # Merged point lists, built once: bindings, readings and views each ask for them,
        # and merging (with `{ci}` filled in) cost a second at 10,000 CIs (bench_gui).
        self._opcua_points: dict[str, tuple[OpcuaPoint, ...]] = {}
        self._modbus_points: dict[str, tuple[ModbusPoint, ...]] = {}

    def __len__(self) -> int:
        return len(self.nodes)

    def __contains__(self, ci_id: object) -> bool:
        return ci_id in self.nodes

    def __getitem__(self, ci_id: str) -> CiNode:
        return self.nodes[ci_id]

    def upstream(self, ci_id: str) -> tuple[str, ...]:
        """Direct dependencies of a CI (a group's members count as its dependencies)."""
        node = self.nodes[ci_id]
        return (*node.depends_on, *node.members)

    def ancestors(self, ci_id: str) -> Iterator[str]:
        """Parent, grandparent, ... up to the site.

        Bounded by the number of CIs: a containment cycle (which the loader refuses and
        the constructor checks) raises ValueError here instead of looping for ever."""
        parent = self.nodes[ci_id].parent
        for _ in range(len(self.nodes)):
            if parent is None:
                return
            yield parent
            parent = self.nodes[parent].parent
        raise ValueError(f"containment cycle above '{ci_id}'")

    def line_of(self, ci_id: str) -> str | None:
        """The line a CI belongs to (itself if it is one), or None."""
        for candidate in (ci_id, *self.ancestors(ci_id)):
            if candidate in self.lines:
                return candidate
        return None

    def walk(self, ci_id: str | None = None) -> Iterator[str]:
        """Depth-first containment walk, children in file order."""
        stack = [ci_id or self.root]
        while stack:
            current = stack.pop()
            yield current
            stack.extend(reversed(self.nodes[current].children))

    def opcua_points(self, ci_id: str) -> list[OpcuaPoint]:
        """The CI's OPC UA points: its profile's, overridden by its own, `{ci}` filled in."""
        cached = self._opcua_points.get(ci_id)
        if cached is None:
            cached = self._opcua_points[ci_id] = tuple(self._merge_opcua(ci_id))
        return list(cached)

    def _merge_opcua(self, ci_id: str) -> list[OpcuaPoint]:
        node = self.nodes[ci_id]
        if node.ci is None or node.ci.opcua is None:
            return []
        merged: dict[str, OpcuaPoint] = {}
        for point in (*(node.profile.opcua_points if node.profile else ()), *node.ci.opcua.points):
            merged[point.name] = point.model_copy(
                update={"node": point.node.replace("{ci}", ci_id)}
            )
        return list(merged.values())

    def modbus_points(self, ci_id: str) -> list[ModbusPoint]:
        """The CI's register map: its profile's, overridden by its own."""
        cached = self._modbus_points.get(ci_id)
        if cached is None:
            cached = self._modbus_points[ci_id] = tuple(self._merge_modbus(ci_id))
        return list(cached)

    def _merge_modbus(self, ci_id: str) -> list[ModbusPoint]:
        node = self.nodes[ci_id]
        if node.ci is None or node.ci.modbus is None:
            return []
        merged: dict[str, ModbusPoint] = {}
        for point in (
            *(node.profile.modbus_points if node.profile else ()),
            *node.ci.modbus.points,
        ):
            merged[point.name] = point
        return list(merged.values())

    def points(self, ci_id: str) -> list[OpcuaPoint] | list[ModbusPoint]:
        node = self.nodes[ci_id]
        return self.opcua_points(ci_id) if node.protocol == "opcua" else self.modbus_points(ci_id)

    def _topological_index(self) -> dict[str, int]:
        """Position of each CI in an order where dependencies come first (no cycles here)."""
        indegree = {ci_id: len(self.upstream(ci_id)) for ci_id in self.nodes}
        ready = [ci_id for ci_id, n in indegree.items() if n == 0]
        order: dict[str, int] = {}
        while ready:
            current = ready.pop()
            order[current] = len(order)
            for dependent in self.dependents[current]:
                indegree[dependent] -= 1
                if indegree[dependent] == 0:
                    ready.append(dependent)
        if len(order) != len(self.nodes):
            raise ValueError("dependency cycle")  # the loader reports cycles before this
        return order

    def _depths(self) -> dict[str, int]:
        """Containment depth of every CI (the site 0), each parent chain walked once.

        Raises ValueError on a containment cycle, so that no walk up the tree can loop
        even if a plant was built without the loader's checks."""
        depth: dict[str, int] = {}
        for start in self.nodes:
            chain: list[str] = []
            on_chain: set[str] = set()
            current: str | None = start
            while current is not None and current not in depth:
                if current in on_chain:
                    loop = chain[chain.index(current) :]
                    raise ValueError("containment cycle: " + " -> ".join([*loop, current]))
                chain.append(current)
                on_chain.add(current)
                current = self.nodes[current].parent
            level = -1 if current is None else depth[current]
            for ci_id in reversed(chain):
                level += 1
                depth[ci_id] = level
        return depth
