"""Read a plant file, check it whole, and build the `Plant` graph.

Every problem found is reported with file, line, CI id and field, and all of
them at once: a person fixing a plant file should not have to run the check
forty times.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:  # the compiled parser is 3-4x faster on big plant files; same API and errors
    import tomli as tomllib
except ImportError:  # pragma: no cover
    import tomllib  # type: ignore[no-redef]
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from models.cmdb import CiNode, Plant
from models.gc_pause import cyclic_gc_paused
from models.plant_check import TABLES, cross_check, entries_from_raw
from models.plant_schema import (
    ID_PATTERN,
    PATTERN_WORDS,
    SECRET_KEYS,
    Area,
    Ci,
    Line,
    PlantFile,
    Profile,
)
from models.states import Criticality
from models.toml_locator import LazyLocator

MAX_FILE_BYTES = 64 * 1024 * 1024
TOML_PARSER: str = tomllib.__name__


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML parser the loader uses (compiled tomli where installed)."""
    return tomllib.loads(text)


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in a plant file, phrased so a person can act on it."""

    file: str
    line: int | None
    ci: str | None
    field: str | None
    message: str
    entry: str = "CI"
    """What `ci` names: 'CI' (also sites, areas and lines) or 'profile'."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = " ".join(
            part
            for part in (
                f"{self.entry} '{self.ci}'" if self.ci else "",
                f"field '{self.field}'" if self.field else "",
            )
            if part
        )
        return f"{where}: {what}: {self.message}" if what else f"{where}: {self.message}"


class PlantFileError(Exception):
    """The plant file cannot be used; `issues` lists every reason."""

    def __init__(self, issues: list[ConfigIssue]) -> None:
        super().__init__("\n".join(str(i) for i in issues))
        self.issues = issues


def load_plant(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> Plant:
    """Read, validate and build the plant; raises PlantFileError with every issue."""
    path = Path(path)
    return parse_plant(read_plant_bytes(path, max_bytes), str(path))


def read_plant_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a plant file, refusing what is not a regular file or is too big.

    Opened without blocking and checked on the open file: a FIFO would block the open
    (no writer) or the read, and /dev/zero or a FIFO report a size of 0 and never end.
    The read is bounded too, in case the file grows after the check."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise _single(
                    name,
                    f"{_file_type(info.st_mode)}, not a regular file: give the path of a "
                    "plant file (TOML)",
                )
            if info.st_size > max_bytes:
                raise _too_big(name, f"{info.st_size:,} bytes", max_bytes)
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise _single(name, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise _too_big(name, f"more than {max_bytes:,} bytes", max_bytes)
    return data


def _file_type(mode: int) -> str:
    for test, what in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return what
    return "not a file"


def _too_big(name: str, size: str, max_bytes: int) -> PlantFileError:
    return _single(
        name,
        f"file is {size}; plant files above {max_bytes:,} bytes are refused "
        "(is this the right file?)",
    )


def parse_plant(data: bytes | str, name: str = "<plant>") -> Plant:
    """Validate plant file content; raises PlantFileError with every issue."""
    # Parsing allocates hundreds of thousands of containers and no cycles: the cyclic
    # collector would only slow it down (a quarter of the time at 50,000 CIs).
    with cyclic_gc_paused():
        return _parse_plant(data, name)


def _parse_plant(data: bytes | str, name: str) -> Plant:
    if isinstance(data, bytes):
        if b"\x00" in data[:8192]:
            raise _single(name, "this is a binary file, not a TOML plant file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _single(
                name, f"not UTF-8 text (bad byte at offset {exc.start}): save it as UTF-8"
            ) from None
    else:
        text = data
    if not text.strip():
        raise _single(name, "the file is empty: a plant file needs at least a [site] table")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        message = getattr(exc, "msg", str(exc))
        raise PlantFileError(
            [ConfigIssue(name, line, None, None, f"not valid TOML: {message}")]
        ) from None
    except RecursionError:  # tomli refuses more than 400 levels; tomllib runs out of stack
        raise _too_deep(name, text) from None
    try:
        source, issues = _check(raw, text, name)
    except RecursionError:  # belt and braces: the parser already limits the nesting
        raise _too_deep(name, text) from None
    if issues:
        issues.sort(key=lambda i: i.line or 0)
        raise PlantFileError(issues)
    return build_plant(source)


def _check(raw: dict[str, Any], text: str, name: str) -> tuple[PlantFile, list[ConfigIssue]]:
    """The validated plant file and every issue: schema, secrets, cross-references."""
    locator = LazyLocator(text)
    issues = _secret_issues(raw, locator, name)
    secret_parents = {i.line for i in issues}
    source, positions, schema_errors, broken, skip = _validate_entries(raw)
    for loc, error in schema_errors:
        issue = _schema_issue(loc, error, raw, locator, name)
        if issue.line in secret_parents and str(loc[-1]) in (*SECRET_KEYS, "password_ref"):
            continue  # the plain password is already reported, with what to do instead
        issues.append(issue)
    problems = cross_check(source, entries_from_raw(raw), positions, broken, skip)
    for problem in problems:
        label = _ci_id_at(raw, problem.path) or problem.ci
        issues.append(
            ConfigIssue(
                name,
                locator.line_of(problem.path),
                label,
                problem.field,
                problem.message,
                _entry_label(problem.path),
            )
        )
    return source, issues


def _too_deep(name: str, text: str) -> PlantFileError:
    line = _deepest_line(text)
    key = _KEY_AT_START.match(text.splitlines()[line - 1]) if line else None
    return PlantFileError(
        [
            ConfigIssue(
                name,
                line,
                None,
                key.group(1) if key else None,
                "values nested too deeply (hundreds of [ ] or { } inside each other): "
                "a plant file needs a few levels at most (is this the right file?)",
            )
        ]
    )


_KEY_AT_START = re.compile(r"^\s*([A-Za-z0-9_\-.]+)\s*=")
_STRINGS = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')


def _deepest_line(text: str) -> int | None:
    """The line where brackets and braces nest deepest (roughly: strings and comments
    are skipped line by line), to point at the culprit of a too-deep nesting."""
    depth = deepest = 0
    where: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        clean = _STRINGS.sub("", line).split("#", 1)[0]
        opened = clean.count("[") + clean.count("{")
        if depth + opened > deepest:
            deepest, where = depth + opened, number
        depth = max(0, depth + opened - clean.count("]") - clean.count("}"))
    return where


_ENTRY_MODELS: dict[str, type[BaseModel]] = {
    "profile": Profile,
    "area": Area,
    "line": Line,
    "ci": Ci,
}

ErrorAt = tuple[tuple[str | int, ...], "ErrorDetails"]


Broken = dict[tuple[str, int], frozenset[str]]


def _validate_entries(
    raw: dict[str, Any],
) -> tuple[PlantFile, dict[str, list[int]], list[ErrorAt], Broken, set[str]]:
    """Validate entry by entry, so one bad CI does not hide the problems of the others.

    Returns the plant made of the valid and salvaged entries, where each kept entry sat
    in the file, every schema error, the fields each salvaged entry lost, and the
    top-level sections that failed (replaced by their defaults, so that the entries are
    still cross-checked).
    """
    errors: list[ErrorAt] = []
    broken: Broken = {}
    kept: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    rest = dict(raw)
    for table in TABLES:
        value = rest.pop(table, [])
        kept[table], positions[table] = [], []
        if not isinstance(value, list):
            errors.append(((table,), _detail("expected a list of tables: [[" + table + "]]")))
            continue
        model = _ENTRY_MODELS[table]
        for index, entry in enumerate(value):
            try:
                kept[table].append(model.model_validate(entry))
                positions[table].append(index)
            except ValidationError as exc:
                errors.extend(((table, index, *e["loc"]), e) for e in exc.errors(include_url=False))
                salvaged = _salvage(model, entry, exc)
                if salvaged is not None:
                    kept[table].append(salvaged[0])
                    positions[table].append(index)
                    broken[(table, index)] = salvaged[1]
    top, top_errors, skip = _validate_top(rest)
    errors.extend(top_errors)
    source = top.model_copy(update={table: tuple(kept[table]) for table in TABLES})
    return source, positions, errors, broken, skip


def _validate_top(rest: dict[str, Any]) -> tuple[PlantFile, list[ErrorAt], set[str]]:
    """The top-level sections; a broken one is replaced by its default (a broken [site]
    by a stand-in with the id as written, so that references to the site still resolve)
    and named in the returned set."""
    try:
        return PlantFile.model_validate(rest), [], set()
    except ValidationError as exc:
        errors: list[ErrorAt] = [(tuple(e["loc"]), e) for e in exc.errors(include_url=False)]
    skip = {str(loc[0]) for loc, _ in errors if loc}
    fields = {k: v for k, v in rest.items() if k not in skip and k in PlantFile.model_fields}
    site = rest.get("site")
    site_id = site.get("id") if isinstance(site, dict) else None
    if "site" in skip or "site" not in fields:
        fields["site"] = {
            "id": site_id
            if isinstance(site_id, str) and re.match(ID_PATTERN, site_id)
            else "site.stand-in",
            "name": "",
        }
    try:
        return PlantFile.model_validate(fields), errors, skip
    except ValidationError:  # pragma: no cover - every field left is valid or a default
        fallback = PlantFile.model_validate({"site": {"id": "site.stand-in", "name": ""}})
        return fallback, errors, skip | set(PlantFile.model_fields)


# Stand-ins for broken required fields of a salvaged entry: they keep it in the
# endpoint checks and are never shown (messages take ids from the file as written).
_STAND_INS: dict[str, Any] = {
    "id": "salvaged",
    "name": "",
    "kind": "machine",
    "parent": "salvaged",
    "area": "salvaged",
    "cost_per_hour": 0,
}


def _salvage(
    model: type[BaseModel], entry: Any, exc: ValidationError
) -> tuple[BaseModel, frozenset[str]] | None:
    """The entry without its broken fields (stand-ins for required ones), and which
    fields it lost, so that the rest of it is still checked in the same run."""
    if not isinstance(entry, dict):
        return None
    broken = frozenset(str(e["loc"][0]) for e in exc.errors() if e["loc"])
    fields = model.model_fields
    if not broken or any(
        k in fields and fields[k].is_required() and k not in _STAND_INS for k in broken
    ):
        return None  # an error of the whole entry, or a required field without a stand-in
    data = {k: v for k, v in entry.items() if k not in broken}
    data.update({k: _STAND_INS[k] for k in broken if k in fields and k in _STAND_INS})
    try:
        return model.model_validate(data), broken
    except ValidationError:
        return None


def _detail(message: str) -> ErrorDetails:
    return {"type": "value_error", "loc": (), "msg": message, "input": None}


def build_plant(source: PlantFile) -> Plant:
    """The graph of an already cross-checked plant file."""
    site = source.site
    nodes: dict[str, CiNode] = {site.id: CiNode(site.id, site.name, "site", None)}
    for area in source.area:
        nodes[area.id] = CiNode(area.id, area.name, "area", area.parent or site.id)
    for line in source.line:
        nodes[line.id] = CiNode(line.id, line.name, "line", line.area, line=line)
    profiles = {p.id: p for p in source.profile}
    for ci in source.ci:
        nodes[ci.id] = CiNode(
            ci.id,
            ci.name or ci.id,
            ci.kind,
            ci.parent,
            criticality=Criticality(ci.criticality),
            depends_on=ci.depends_on,
            members=ci.members,
            min_up=ci.min_up or 0,
            ci=ci,
            profile=profiles.get(ci.profile) if ci.profile else None,
        )
    for node in nodes.values():
        if node.parent is not None:
            nodes[node.parent].children.append(node.id)
    return Plant(source, nodes)


def _single(name: str, message: str) -> PlantFileError:
    return PlantFileError([ConfigIssue(name, None, None, None, message)])


def _ci_id_at(raw: dict[str, Any], loc: tuple[str | int, ...]) -> str | None:
    """The id of the list element (ci, line, area, profile) an error path points into."""
    if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(raw.get(str(loc[0])), list):
        items = raw[str(loc[0])]
        if loc[1] < len(items) and isinstance(items[loc[1]], dict):
            ident = items[loc[1]].get("id")
            if ident is None:
                return f"{loc[0]} #{loc[1] + 1}"
            text = str(ident)
            return text if len(text) <= 64 else text[:61] + "..."  # a hostile file's id
    return None


def _field_of(loc: tuple[str | int, ...], ci: str | None) -> str:
    rest = loc[2:] if ci is not None else loc
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in rest).replace(".[", "[")


def _schema_issue(
    loc: tuple[str | int, ...],
    error: ErrorDetails,
    raw: dict[str, Any],
    locator: LazyLocator,
    name: str,
) -> ConfigIssue:
    ci = _ci_id_at(raw, loc)
    message = error["msg"]
    if error["type"] == "string_pattern_mismatch":  # pydantic shows the regular expression
        words = PATTERN_WORDS.get(str(error.get("ctx", {}).get("pattern", "")))
        shown = _shown(error["input"])
        message = f"{shown} should be {words or 'written differently'}"
    elif error["type"] == "extra_forbidden":
        message = f"unknown field '{loc[-1]}' (misspelt? see the plant file reference)"
    elif error["type"] == "missing" and loc == ("site",):
        message = "no [site] table: a plant file starts with [site] and its id and name"
    elif error["type"] == "missing":
        message = "required field is missing"
    elif error["type"] in ("tuple_type", "list_type"):  # pydantic says "a valid tuple"
        message = 'should be a list in square brackets, e.g. ["A", "B"]'
    elif error["type"] in ("model_type", "dict_type"):  # "... or instance of SlaTargetsConfig"
        message = "should be a table: { key = value, ... } or a [section] of its own"
    elif message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return ConfigIssue(
        name, locator.line_of(loc), ci, _field_of(loc, ci) or None, message, _entry_label(loc)
    )


def _entry_label(loc: tuple[str | int, ...]) -> str:
    """How an issue names the entry it is in: profiles are not CIs."""
    return "profile" if loc and loc[0] == "profile" else "CI"


def _shown(value: object, limit: int = 40) -> str:
    """A value as quoted in a message, cut short (a hostile file may hold megabytes)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "...'"


def _secret_issues(raw: dict[str, Any], locator: LazyLocator, name: str) -> list[ConfigIssue]:
    """A plain password anywhere in the file is an error naming where it is."""
    found: list[ConfigIssue] = []
    # Iterative, not recursive: the nesting depth is the file's to choose.
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(raw, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key, inner in value.items():
                if key.lower() in SECRET_KEYS:
                    ci = _ci_id_at(raw, (*path, key))
                    found.append(
                        ConfigIssue(
                            name,
                            locator.line_of((*path, key)),
                            ci,
                            _field_of((*path, key), ci),
                            "plain password in the plant file: store it in the OS keyring "
                            "and write password_ref = 'keyring:SERVICE/USER' "
                            "(or 'env:VARIABLE') instead",
                            _entry_label(path),
                        )
                    )
                elif isinstance(inner, dict | list):
                    stack.append((inner, (*path, key)))
        elif isinstance(value, list):
            stack.extend((inner, (*path, index)) for index, inner in enumerate(value))
    found.sort(key=lambda issue: issue.line or 0)
    return found
