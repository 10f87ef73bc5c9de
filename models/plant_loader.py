"""Read a plant file, check it whole, and build the `Plant` graph.

Every problem found is reported with file, line, CI id and field, and all of
them at once: a person fixing a plant file should not have to run the check
forty times.
"""

from __future__ import annotations

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
from models.plant_check import cross_check
from models.plant_schema import SECRET_KEYS, Area, Ci, Line, PlantFile, Profile
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

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = " ".join(
            part
            for part in (
                f"CI '{self.ci}'" if self.ci else "",
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
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise PlantFileError(
                [
                    ConfigIssue(
                        name,
                        None,
                        None,
                        None,
                        f"file is {size:,} bytes; plant files above {max_bytes:,} bytes "
                        "are refused (is this the right file?)",
                    )
                ]
            )
        data = path.read_bytes()
    except OSError as exc:
        raise PlantFileError(
            [ConfigIssue(name, None, None, None, f"cannot read file: {exc.strerror or exc}")]
        ) from None
    return parse_plant(data, name)


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
    locator = LazyLocator(text)
    issues = _secret_issues(raw, locator, name)
    secret_parents = {i.line for i in issues}
    source, positions, schema_errors, partial = _validate_entries(raw)
    for loc, error in schema_errors:
        issue = _schema_issue(loc, error, raw, locator, name)
        if issue.line in secret_parents and str(loc[-1]) in (*SECRET_KEYS, "password_ref"):
            continue  # the plain password is already reported, with what to do instead
        issues.append(issue)
    if source is not None:
        known = {str(e.get("id")) for t in _TABLES for e in _entries(raw, t) if "id" in e}
        for problem in cross_check(source, known_ids=known, partial_ids=partial):
            path = problem.path
            if len(path) > 1 and path[0] in positions and isinstance(path[1], int):
                path = (path[0], positions[str(path[0])][path[1]], *path[2:])
            issues.append(
                ConfigIssue(name, locator.line_of(path), problem.ci, problem.field, problem.message)
            )
    if issues:
        issues.sort(key=lambda i: i.line or 0)
        raise PlantFileError(issues)
    assert source is not None
    return build_plant(source)


_TABLES = ("profile", "area", "line", "ci")
_ENTRY_MODELS: dict[str, type[BaseModel]] = {
    "profile": Profile,
    "area": Area,
    "line": Line,
    "ci": Ci,
}

ErrorAt = tuple[tuple[str | int, ...], "ErrorDetails"]


def _entries(raw: dict[str, Any], table: str) -> list[dict[str, Any]]:
    value = raw.get(table, [])
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _validate_entries(
    raw: dict[str, Any],
) -> tuple[PlantFile | None, dict[str, list[int]], list[ErrorAt], set[str]]:
    """Validate entry by entry, so one bad CI does not hide the problems of the others.

    Returns the plant made of the valid entries (None if the top level itself is
    unusable), where each kept entry sat in the file, and every schema error.
    """
    errors: list[ErrorAt] = []
    partial: set[str] = set()
    kept: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    rest = dict(raw)
    for table in _TABLES:
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
                    kept[table].append(salvaged)
                    positions[table].append(index)
                    partial.add(str(entry.get("id")))
    try:
        top = PlantFile.model_validate(rest)
    except ValidationError as exc:
        errors.extend((tuple(e["loc"]), e) for e in exc.errors(include_url=False))
        return None, positions, errors, partial
    source = top.model_copy(update={table: tuple(kept[table]) for table in _TABLES})
    return source, positions, errors, partial


def _salvage(model: type[BaseModel], entry: Any, exc: ValidationError) -> BaseModel | None:
    """The entry without its broken optional fields, so its references still get checked."""
    if not isinstance(entry, dict):
        return None
    broken = {e["loc"][0] for e in exc.errors() if e["loc"]}
    required = {"id", "kind", "parent", "name", "area", "protocol", "cost_per_hour"}
    if broken & required:
        return None
    try:
        return model.model_validate({k: v for k, v in entry.items() if k not in broken})
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
            return str(ident) if ident is not None else f"{loc[0]} #{loc[1] + 1}"
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
    if error["type"] == "extra_forbidden":
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
    return ConfigIssue(name, locator.line_of(loc), ci, _field_of(loc, ci) or None, message)


def _secret_issues(raw: dict[str, Any], locator: LazyLocator, name: str) -> list[ConfigIssue]:
    """A plain password anywhere in the file is an error naming where it is."""
    found: list[ConfigIssue] = []

    def visit(value: Any, path: tuple[str | int, ...]) -> None:
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
                        )
                    )
                else:
                    visit(inner, (*path, key))
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                visit(inner, (*path, index))

    visit(raw, ())
    return found
