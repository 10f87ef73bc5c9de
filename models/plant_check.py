"""Checks that need the whole plant file: references, cycles, register overlaps.

Field-level checks live in the schema; these see relations between entries.
Ids and references are read from every entry of the file (`Entry`), including
entries that failed the schema, so that one run reports every error: a CI with a
misspelt kind still has its unknown dependency and its duplicate id reported.
Endpoint checks (registers, points, security) need typed entries and run on the
entries that passed the schema, or were salvaged without their broken fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any, NamedTuple

from models.plant_schema import (
    CI_KINDS,
    ID_PATTERN,
    RUNNING_TAG_PATTERN,
    STATUS_ROLES,
    Ci,
    ModbusPoint,
    OpcuaPoint,
    PlantFile,
    Profile,
)

_ID = re.compile(ID_PATTERN)
_RUNNING_TAG = re.compile(RUNNING_TAG_PATTERN)
_CI_KINDS = frozenset(CI_KINDS)
TABLES = ("profile", "area", "line", "ci")
# Fields whose loss makes a salvaged entry's endpoint checks meaningless.
_CI_ENDPOINT_FIELDS = frozenset({"opcua", "modbus", "reach", "profile"})
_PROFILE_POINT_FIELDS = frozenset(
    {"protocol", "opcua_points", "modbus_points", "security_mode", "security_policy", "ports"}
)


@dataclass(frozen=True)
class Problem:
    """A cross-reference problem, with the file path of the offending key."""

    path: tuple[str | int, ...]
    ci: str | None
    field: str
    message: str


class Entry(NamedTuple):
    """What one `[[profile]]`, `[[area]]`, `[[line]]` or `[[ci]]` says about ids and
    references, read from the file as written (schema errors or not).

    `row` is the entry's position in its table in the file; `parent` is an area's
    parent, a line's area or a CI's parent. (A NamedTuple: one is made per entry of
    a 50,000-CI file.)
    """

    table: str
    row: int
    id: str | None
    kind: str
    parent: str | None = None
    depends_on: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    profile: str | None = None
    shifts: tuple[str, ...] = ()
    running_ci: str | None = None

    @property
    def parent_field(self) -> str:
        return "area" if self.table == "line" else "parent"


def entries_from_raw(raw: Mapping[str, Any]) -> list[Entry]:
    """Every entry of a parsed plant file, however broken its fields."""
    found: list[Entry] = []
    for table in TABLES:
        value = raw.get(table)
        if not isinstance(value, list):
            continue
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append(_entry_of(table, index, item))
    return found


def _entry_of(table: str, row: int, item: Mapping[str, Any]) -> Entry:
    ident = item.get("id")
    ident = ident if isinstance(ident, str) and ident else None
    if table == "ci":
        kind = item.get("kind")
        return Entry(
            "ci",
            row,
            ident,
            kind if isinstance(kind, str) and kind in _CI_KINDS else "CI",
            _ref(item.get("parent")),
            _refs(item.get("depends_on")),
            _refs(item.get("members")),
            _ref(item.get("profile")),
        )
    if table != "line":
        return Entry(table, row, ident, table, _ref(item.get("parent")))
    tag = item.get("running_tag")
    return Entry(
        "line",
        row,
        ident,
        "line",
        _ref(item.get("area")),
        shifts=_refs(item.get("shifts")),
        running_ci=tag.split(":", 1)[0]
        if isinstance(tag, str) and _RUNNING_TAG.match(tag)
        else None,
    )


def entries_from_source(source: PlantFile) -> list[Entry]:
    """The entries of an already validated plant file (no raw text at hand)."""
    found: list[Entry] = [
        Entry("profile", i, p.id, "profile") for i, p in enumerate(source.profile)
    ]
    found += (Entry("area", i, a.id, "area", a.parent) for i, a in enumerate(source.area))
    found += (
        Entry(
            "line",
            i,
            ln.id,
            "line",
            ln.area,
            shifts=ln.shifts,
            running_ci=ln.running_tag.split(":", 1)[0] if ln.running_tag else None,
        )
        for i, ln in enumerate(source.line)
    )
    found += (
        Entry("ci", i, c.id, c.kind, c.parent, c.depends_on, c.members, c.profile)
        for i, c in enumerate(source.ci)
    )
    return found


def _ref(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _refs(value: object) -> tuple[str, ...]:
    if not value or not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str))


def _reportable(ident: str) -> bool:
    """An unknown reference worth naming: one that is not a well-formed id is already
    reported by the schema (checked here, on the error path only: it is a regex)."""
    return _ID.match(ident) is not None


def cross_check(
    source: PlantFile,
    entries: Sequence[Entry] | None = None,
    positions: Mapping[str, Sequence[int]] | None = None,
    broken: Mapping[tuple[str, int], Set[str]] | None = None,
    skip: Set[str] = frozenset(),
) -> list[Problem]:
    """Problems between entries.

    `entries`: every entry as written (`entries_from_raw`; default: those of `source`).
    `positions[table][k]`: where the k-th entry of `source`'s table sat in the file
    (default: the same place). `broken[(table, file index)]`: top-level fields dropped
    from a salvaged entry of `source`. `skip`: top-level sections of the file that failed
    the schema (their references are not checked)."""
    checker = _Checker(
        source,
        entries if entries is not None else entries_from_source(source),
        positions or {},
        broken or {},
        skip,
    )
    checker.run()
    return checker.problems


class _Checker:
    def __init__(
        self,
        source: PlantFile,
        entries: Sequence[Entry],
        positions: Mapping[str, Sequence[int]],
        broken: Mapping[tuple[str, int], Set[str]],
        skip: Set[str],
    ) -> None:
        self.source = source
        self.entries = entries
        self.positions = positions
        self.broken = broken
        self.skip = skip
        self.problems: list[Problem] = []
        self.kinds: dict[str, str] = {}
        self.first: dict[str, Entry] = {}
        self.profile_ids: set[str] = set()
        # Typed profiles and CIs whose endpoint fields all passed the schema.
        self.profiles: dict[str, Profile] = {}
        self.cis: dict[str, Ci] = {}
        self.checkable: list[tuple[int, Ci]] = []  # (file index, CI)

    def add(self, path: tuple[str | int, ...], ci: str | None, field: str, message: str) -> None:
        self.problems.append(Problem(path, ci, field, message))

    def run(self) -> None:
        self._ids()
        self._parents()
        self._dependencies()
        self._references()
        self._typed_entries()
        self._profiles_and_points()
        self._running_points()
        if "console" not in self.skip:
            self._console()
        if "incidents" not in self.skip:
            self._notify()

    # -- ids and references, on every entry as written ------------------------------

    def _ids(self) -> None:
        self.kinds[self.source.site.id] = "site"
        for entry in self.entries:
            if entry.id is None:
                continue
            if entry.table == "profile":
                if entry.id in self.profile_ids:
                    self.add(("profile", entry.row, "id"), entry.id, "id", "duplicate profile id")
                self.profile_ids.add(entry.id)
            elif entry.id in self.kinds:
                self.add(
                    (entry.table, entry.row, "id"),
                    entry.id,
                    "id",
                    f"duplicate id: '{_short(entry.id)}' is already used by "
                    f"{_a(self.kinds[entry.id])}",
                )
            else:
                self.kinds[entry.id] = entry.kind
                self.first[entry.id] = entry

    def _parents(self) -> None:
        """Containment: an area sits in an area or the site, a line in an area, a CI in
        anything; and no chain of parents comes back to where it started."""
        site = self.source.site.id
        parent_of: dict[str, list[str]] = {}
        for entry in self.entries:
            target = entry.parent
            if entry.table == "profile" or target is None:
                continue
            path = (entry.table, entry.row, entry.parent_field)
            kind = self.kinds.get(target)
            if kind is None and not _reportable(target):
                continue
            if target == entry.id:
                what = "CI" if entry.table == "ci" else entry.table
                self.add(path, entry.id, entry.parent_field, f"{_a(what)} cannot contain itself")
                continue
            if entry.table == "area" and kind not in ("area", "site"):
                self.add(
                    path,
                    entry.id,
                    "parent",
                    f"unknown area '{target}' (expected the id of another area or of the "
                    f"site '{site}')"
                    if kind is None
                    else f"'{target}' is {_a(kind)}: an area's parent must be another area "
                    f"or the site '{site}'",
                )
            elif entry.table == "line" and kind != "area":
                self.add(
                    path,
                    entry.id,
                    "area",
                    _unknown(target, "area")
                    if kind is None
                    else f"'{target}' is {_a(kind)}: a line's area must be the id of an [[area]]",
                )
            elif entry.table == "ci" and kind is None:
                self.add(path, entry.id, "parent", _unknown(target, "CI"))
            if kind is not None and entry.id is not None:
                # Every edge, even one reported above: the cycle it closes is named too.
                parent_of.setdefault(entry.id, []).append(target)
        for cycle in _cycles(parent_of):
            first = self.first.get(cycle[0])
            table, index = (first.table, first.row) if first else ("ci", 0)
            field = first.parent_field if first else "parent"
            self.add(
                (table, index, field),
                cycle[0],
                field,
                "containment cycle: " + " -> ".join([*cycle, cycle[0]]),
            )

    def _dependencies(self) -> None:
        edges: dict[str, list[str]] = {}
        for entry in self.entries:
            if entry.table != "ci":
                continue
            for field, targets in (("depends_on", entry.depends_on), ("members", entry.members)):
                path = ("ci", entry.row, field)
                for target in targets:
                    kind = self.kinds.get(target)
                    if target == entry.id:
                        self.add(path, entry.id, field, "a CI cannot depend on itself")
                    elif kind is None:
                        if _reportable(target):
                            self.add(path, entry.id, field, _unknown(target, "CI"))
                    elif kind in ("site", "area", "line"):
                        self.add(
                            path,
                            entry.id,
                            field,
                            f"'{target}' is {_a(kind)}; dependencies point at "
                            "devices, services or redundancy groups",
                        )
                    elif entry.id is not None:
                        edges.setdefault(entry.id, []).append(target)
        for cycle in _cycles(edges):
            first = self.first.get(cycle[0])
            self.add(
                ("ci", first.row if first else 0, "depends_on"),
                cycle[0],
                "depends_on",
                "dependency cycle: " + " -> ".join([*cycle, cycle[0]]),
            )

    def _references(self) -> None:
        """Profiles named by CIs; shifts and running tags named by lines."""
        shifts = set(self.source.calendar.shifts)
        for entry in self.entries:
            if (
                entry.profile is not None
                and entry.profile not in self.profile_ids
                and _reportable(entry.profile)
            ):
                self.add(
                    ("ci", entry.row, "profile"),
                    entry.id,
                    "profile",
                    _unknown(entry.profile, "profile"),
                )
            if "calendar" not in self.skip:
                for shift in entry.shifts:
                    if shift not in shifts:
                        known = ", ".join(sorted(shifts)) or "none defined in [calendar.shifts]"
                        self.add(
                            ("line", entry.row, "shifts"),
                            entry.id,
                            "shifts",
                            f"unknown shift '{shift}' (known: {known})",
                        )
            if entry.running_ci is not None:
                kind = self.kinds.get(entry.running_ci)
                if kind is None or kind in ("site", "area", "line"):
                    self.add(
                        ("line", entry.row, "running_tag"),
                        entry.id,
                        "running_tag",
                        _unknown(entry.running_ci, "CI")
                        if kind is None
                        else f"'{entry.running_ci}' is {_a(kind)}: a running tag is a CI's point",
                    )

    # -- endpoints, on the entries that passed the schema -----------------------------

    def _typed_entries(self) -> None:
        if not self.broken:  # the usual case, made fast: nothing was salvaged
            self.profiles = {p.id: p for p in self.source.profile}
            self.checkable = list(zip(self._where("ci"), self.source.ci, strict=True))
            for ci in reversed(self.source.ci):
                self.cis[ci.id] = ci  # the first of duplicates wins
            return
        for position, profile in zip(self._where("profile"), self.source.profile, strict=True):
            dropped = self.broken.get(("profile", position), frozenset())
            if not dropped & _PROFILE_POINT_FIELDS and "id" not in dropped:
                self.profiles[profile.id] = profile
        for position, ci in zip(self._where("ci"), self.source.ci, strict=True):
            dropped = self.broken.get(("ci", position), frozenset())
            if dropped & _CI_ENDPOINT_FIELDS:
                continue  # its endpoint error is reported; the rest would be guesswork
            self.checkable.append((position, ci))
            if "id" not in dropped:
                self.cis.setdefault(ci.id, ci)

    def _where(self, table: str) -> Sequence[int]:
        given = self.positions.get(table)
        return given if given is not None else range(len(getattr(self.source, table)))

    def _profile_of(self, ci: Ci) -> tuple[bool, Profile | None]:
        """(usable, profile): not usable when the CI names a profile that is unknown or
        lost fields to the schema (that is reported, and checking the CI's points
        against half a profile would only add false alarms)."""
        if ci.profile is None:
            return True, None
        profile = self.profiles.get(ci.profile)
        return profile is not None, profile

    def _profiles_and_points(self) -> None:
        for position, prof in zip(self._where("profile"), self.source.profile, strict=True):
            self._registers(("profile", position, "modbus_points"), prof.id, prof.modbus_points)
        for position, ci in self.checkable:
            usable, profile = self._profile_of(ci)
            if usable:
                self._endpoint(position, ci, profile)

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
            own = {id(p) for p in ci.modbus.points}
            # Overlaps within the profile alone are the profile's: reported once, there.
            self._registers((*path, "points"), ci.id, list(merged.values()), own)
            if not merged:
                self.add(
                    path, ci.id, "modbus.points", "no registers to read: add points or a profile"
                )

    def _registers(
        self,
        path: tuple[str | int, ...],
        owner: str,
        points: Sequence[ModbusPoint],
        own: Set[int] | None = None,
    ) -> None:
        """Overlapping registers and repeated roles. `own`: ids of the points the CI
        itself adds (None: all are the owner's); a problem between profile points only
        is left to the profile."""

        def mine(*found: ModbusPoint) -> bool:
            return own is None or any(id(p) in own for p in found)

        field = "modbus_points" if path[0] == "profile" else "modbus.points"
        by_table: dict[str, list[ModbusPoint]] = {}
        for point in points:
            by_table.setdefault(point.table, []).append(point)
        for table, items in by_table.items():
            items.sort(key=lambda p: p.address)
            active: list[ModbusPoint] = []  # earlier points still covering this address
            for after in items:
                active = [p for p in active if p.address + p.width > after.address]
                for before in active:
                    if mine(before, after):
                        self.add(
                            path,
                            owner,
                            field,
                            f"overlapping registers in {table}: '{before.name}' "
                            f"({before.address}-{before.address + before.width - 1}) and "
                            f"'{after.name}' ({after.address}-{after.address + after.width - 1})",
                        )
                active.append(after)
        by_role: dict[str, list[ModbusPoint]] = {}
        for point in points:
            if point.role not in STATUS_ROLES and point.role != "tag":
                by_role.setdefault(point.role, []).append(point)
        for role, holders in by_role.items():
            if len(holders) > 1 and mine(*holders):
                self.add(path, owner, "role", f"more than one point with role '{role}'")

    def _running_points(self) -> None:
        for position, line in zip(self._where("line"), self.source.line, strict=True):
            if not line.running_tag:
                continue
            ci_id, point = line.running_tag.split(":", 1)
            ci = self.cis.get(ci_id)
            if ci is None:
                continue  # unknown (reported by _references) or its endpoint is broken
            usable, profile = self._profile_of(ci)
            if usable and point not in {p.name for p in _all_points(ci, profile)}:
                self.add(
                    ("line", position, "running_tag"),
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


def _all_points(ci: Ci, profile: Profile | None) -> Iterable[OpcuaPoint | ModbusPoint]:
    if ci.opcua is not None:
        yield from (profile.opcua_points if profile else ())
        yield from ci.opcua.points
    if ci.modbus is not None:
        yield from (profile.modbus_points if profile else ())
        yield from ci.modbus.points


def _short(ident: str, limit: int = 64) -> str:
    """An id as shown in a message: a hostile file's megabyte-long id is cut."""
    return ident if len(ident) <= limit else ident[: limit - 3] + "..."


def _a(what: str) -> str:
    """`what` with its indefinite article: 'an area', 'a line', 'a CI'."""
    return f"{'an' if what[0] in 'aeio' else 'a'} {what}"


def _unknown(ident: str, what: str) -> str:
    return f"unknown {what} '{ident}' (expected the id of {_a(what)} defined in the file)"


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
