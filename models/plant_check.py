"""Checks that need the whole plant file: references, cycles, register overlaps.

Field-level checks live in the schema; these see relations between entries.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass

from models.plant_schema import STATUS_ROLES, Ci, ModbusPoint, OpcuaPoint, PlantFile, Profile


@dataclass(frozen=True)
class Problem:
    """A cross-reference problem, with the file path of the offending key."""

    path: tuple[str | int, ...]
    ci: str | None
    field: str
    message: str


def cross_check(
    source: PlantFile, known_ids: Set[str] = frozenset(), partial_ids: Set[str] = frozenset()
) -> list[Problem]:
    """Problems between entries. `known_ids` are ids of entries that failed the schema
    (already reported), so references to them are not reported a second time;
    `partial_ids` are entries kept without their broken fields (endpoint not checked)."""
    checker = _Checker(source, known_ids, partial_ids)
    checker.run()
    return checker.problems


class _Checker:
    def __init__(self, source: PlantFile, known_ids: Set[str], partial_ids: Set[str]) -> None:
        self.source = source
        self.known_ids = known_ids
        self.partial_ids = partial_ids
        self.problems: list[Problem] = []
        self.kinds: dict[str, str] = {}
        self.profiles: dict[str, Profile] = {}

    def add(self, path: tuple[str | int, ...], ci: str | None, field: str, message: str) -> None:
        self.problems.append(Problem(path, ci, field, message))

    def run(self) -> None:
        self._ids()
        self._parents()
        self._dependencies()
        self._profiles_and_points()
        self._lines()
        self._console()
        self._notify()

    def _ids(self) -> None:
        src = self.source
        self.kinds[src.site.id] = "site"
        entries: list[tuple[str, int, str, str]] = [
            *(("area", i, a.id, "area") for i, a in enumerate(src.area)),
            *(("line", i, ln.id, "line") for i, ln in enumerate(src.line)),
            *(("ci", i, c.id, c.kind) for i, c in enumerate(src.ci)),
        ]
        for table, index, ident, kind in entries:
            if ident in self.kinds:
                self.add(
                    (table, index, "id"),
                    ident,
                    "id",
                    f"duplicate id: '{ident}' is already used by a {self.kinds[ident]}",
                )
            else:
                self.kinds[ident] = kind
        for index, profile in enumerate(src.profile):
            if profile.id in self.profiles:
                self.add(("profile", index, "id"), profile.id, "id", "duplicate profile id")
            self.profiles[profile.id] = profile

    def _parents(self) -> None:
        src = self.source
        parent_of: dict[str, str] = {}
        for index, area in enumerate(src.area):
            if area.parent is None:
                continue
            if self.kinds.get(area.parent) not in ("area", "site") and self._missing(area.parent):
                self.add(
                    ("area", index, "parent"), area.id, "parent", _unknown(area.parent, "area")
                )
            parent_of[area.id] = area.parent
        for index, line in enumerate(src.line):
            if self.kinds.get(line.area) != "area" and self._missing(line.area):
                self.add(("line", index, "area"), line.id, "area", _unknown(line.area, "area"))
        for index, ci in enumerate(src.ci):
            kind = self.kinds.get(ci.parent)
            if kind is None and ci.parent in self.known_ids:
                continue
            if kind is None:
                self.add(("ci", index, "parent"), ci.id, "parent", _unknown(ci.parent, "CI"))
            elif ci.parent == ci.id:
                self.add(("ci", index, "parent"), ci.id, "parent", "a CI cannot contain itself")
            else:
                parent_of[ci.id] = ci.parent
        for cycle in _cycles({k: [v] for k, v in parent_of.items()}):
            first = cycle[0]
            table, index = self._locate(first)
            self.add(
                (table, index, "parent"),
                first,
                "parent",
                "containment cycle: " + " -> ".join([*cycle, first]),
            )

    def _dependencies(self) -> None:
        edges: dict[str, list[str]] = {}
        for index, ci in enumerate(self.source.ci):
            for field, targets in (("depends_on", ci.depends_on), ("members", ci.members)):
                for target in targets:
                    if target == ci.id:
                        self.add(("ci", index, field), ci.id, field, "a CI cannot depend on itself")
                    elif target not in self.kinds:
                        if target in self.known_ids:
                            continue
                        self.add(("ci", index, field), ci.id, field, _unknown(target, "CI"))
                    elif self.kinds[target] in ("site", "area", "line"):
                        self.add(
                            ("ci", index, field),
                            ci.id,
                            field,
                            f"'{target}' is a {self.kinds[target]}; dependencies point at "
                            "devices, services or redundancy groups",
                        )
                    else:
                        edges.setdefault(ci.id, []).append(target)
        for cycle in _cycles(edges):
            first = cycle[0]
            table, index = self._locate(first)
            self.add(
                (table, index, "depends_on"),
                first,
                "depends_on",
                "dependency cycle: " + " -> ".join([*cycle, first]),
            )

    def _profiles_and_points(self) -> None:
        for index, prof in enumerate(self.source.profile):
            self._registers(("profile", index, "modbus_points"), prof.id, prof.modbus_points)
        for index, ci in enumerate(self.source.ci):
            profile = self.profiles.get(ci.profile) if ci.profile else None
            if ci.profile and profile is None and ci.profile not in self.known_ids:
                self.add(
                    ("ci", index, "profile"), ci.id, "profile", _unknown(ci.profile, "profile")
                )
            if ci.id not in self.partial_ids:
                self._endpoint(index, ci, profile)

    def _endpoint(self, index: int, ci: Ci, profile: Profile | None) -> None:
        protocol = "opcua" if ci.opcua else "modbus" if ci.modbus else "reach" if ci.reach else None
        path: tuple[str | int, ...] = ("ci", index, protocol or "profile")
        if profile is not None and protocol is not None and profile.protocol != protocol:
            self.add(
                path,
                ci.id,
                protocol,
                f"profile '{profile.id}' is for {profile.protocol}, but the CI is monitored "
                f"over {protocol}",
            )
        if profile is not None and protocol is None:
            self.add(
                path,
                ci.id,
                "profile",
                f"profile '{profile.id}' is for {profile.protocol}: add the CI's "
                f"{profile.protocol} endpoint (e.g. {profile.protocol} = {{ ... }})",
            )
        if ci.opcua is not None:
            mode = ci.opcua.security_mode or (profile.security_mode if profile else "None")
            policy = ci.opcua.security_policy or (profile.security_policy if profile else "None")
            if (mode == "None") != (policy == "None"):
                self.add(
                    (*path, "security_mode"),
                    ci.id,
                    "opcua.security_mode",
                    f"security mode {mode} with policy {policy}: use None/None or "
                    "Sign|SignAndEncrypt with a policy such as Basic256Sha256",
                )
            names = [p.name for p in (*(profile.opcua_points if profile else ()), *ci.opcua.points)]
            if not names:
                self.add(path, ci.id, "opcua.points", "no points to read: add points or a profile")
        if ci.modbus is not None:
            merged = {
                p.name: p for p in (*(profile.modbus_points if profile else ()), *ci.modbus.points)
            }
            self._registers((*path, "points"), ci.id, list(merged.values()))
            if not merged:
                self.add(
                    path, ci.id, "modbus.points", "no registers to read: add points or a profile"
                )
        if ci.reach is not None and not ci.reach.ports and not (profile and profile.ports):
            pass  # ICMP only: allowed, the driver says when the OS refuses ICMP

    def _registers(
        self, path: tuple[str | int, ...], owner: str, points: Sequence[ModbusPoint]
    ) -> None:
        by_table: dict[str, list[ModbusPoint]] = {}
        for point in points:
            by_table.setdefault(point.table, []).append(point)
        for table, items in by_table.items():
            items.sort(key=lambda p: p.address)
            for before, after in itertools.pairwise(items):
                if after.address < before.address + before.width:
                    self.add(
                        path,
                        owner,
                        "modbus_points" if path[0] == "profile" else "modbus.points",
                        f"overlapping registers in {table}: '{before.name}' "
                        f"({before.address}-{before.address + before.width - 1}) and "
                        f"'{after.name}' ({after.address}-{after.address + after.width - 1})",
                    )
        seen: set[str] = set()
        for point in points:
            if point.role in STATUS_ROLES or point.role == "tag":
                continue
            if point.role in seen:
                self.add(path, owner, "role", f"more than one point with role '{point.role}'")
            seen.add(point.role)

    def _lines(self) -> None:
        shifts = set(self.source.calendar.shifts)
        ci_by_id = {ci.id: ci for ci in self.source.ci}
        for index, line in enumerate(self.source.line):
            for shift in line.shifts:
                if shift not in shifts:
                    known = ", ".join(sorted(shifts)) or "none defined in [calendar.shifts]"
                    self.add(
                        ("line", index, "shifts"),
                        line.id,
                        "shifts",
                        f"unknown shift '{shift}' (known: {known})",
                    )
            if line.running_tag:
                ci_id, point = line.running_tag.split(":", 1)
                ci = ci_by_id.get(ci_id)
                if ci is None:
                    self.add(
                        ("line", index, "running_tag"),
                        line.id,
                        "running_tag",
                        _unknown(ci_id, "CI"),
                    )
                    continue
                profile = self.profiles.get(ci.profile) if ci.profile else None
                names = {p.name for p in _all_points(ci, profile)}
                if point not in names:
                    self.add(
                        ("line", index, "running_tag"),
                        line.id,
                        "running_tag",
                        f"CI '{ci_id}' has no point '{point}'",
                    )

    def _notify(self) -> None:
        for index, rule in enumerate(self.source.incidents.notify):
            for area in rule.areas:
                if area != "*" and self.kinds.get(area) != "area":
                    self.add(
                        ("incidents", "notify", index, "areas"),
                        None,
                        "incidents.notify.areas",
                        _unknown(area, "area"),
                    )

    def _console(self) -> None:
        for index, rule in enumerate(self.source.console.auto_raise):
            for area in rule.areas:
                if self.kinds.get(area) != "area":
                    self.add(
                        ("console", "auto_raise", index, "areas"),
                        None,
                        "console.auto_raise.areas",
                        _unknown(area, "area"),
                    )

    def _missing(self, ident: str) -> bool:
        """Not defined anywhere, not even by an entry that failed the schema."""
        return ident not in self.kinds and ident not in self.known_ids

    def _locate(self, ident: str) -> tuple[str, int]:
        for index, ci in enumerate(self.source.ci):
            if ci.id == ident:
                return "ci", index
        for index, area in enumerate(self.source.area):
            if area.id == ident:
                return "area", index
        return "ci", 0


def _all_points(ci: Ci, profile: Profile | None) -> Iterable[OpcuaPoint | ModbusPoint]:
    if ci.opcua is not None:
        yield from (profile.opcua_points if profile else ())
        yield from ci.opcua.points
    if ci.modbus is not None:
        yield from (profile.modbus_points if profile else ())
        yield from ci.modbus.points


def _unknown(ident: str, what: str) -> str:
    article = "an" if what[0] in "aeiou" else "a"
    return f"unknown {what} '{ident}' (expected the id of {article} {what} defined in the file)"


def _cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle once, found by an iterative three-colour depth-first search."""
    white, grey, black = 0, 1, 2
    colour: dict[str, int] = {}
    cycles: list[list[str]] = []
    for start in edges:
        if colour.get(start, white) != white:
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = []
        while stack:
            node, next_child = stack.pop()
            if next_child == 0:
                colour[node] = grey
                path.append(node)
            children = edges.get(node, [])
            if next_child < len(children):
                stack.append((node, next_child + 1))
                child = children[next_child]
                state = colour.get(child, white)
                if state == white:
                    stack.append((child, 0))
                elif state == grey:
                    cycles.append(path[path.index(child) :])
            else:
                colour[node] = black
                path.pop()
    return cycles
