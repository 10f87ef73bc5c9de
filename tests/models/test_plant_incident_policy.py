"""A bad `[incidents]` section (and `[console].auto_raise`) of the plant file: each mistake
is one clear message naming the key, on the line where the key is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.plant_loader import ConfigIssue, PlantFileError, parse_plant

MATRIX = 'priority_matrix = [["P1", "P2", "P3"], ["P2", "P3", "P4"], ["P3", "P4", "P5"]]'
QUIET = "auto_resolve_quiet_min = 30"
SLA_P1 = "P1 = { acknowledge_min = 5, on_site_min = 15, resolve_min = 240 }"
NOTIFY = '[[incidents.notify]]\nareas = ["HA", "HB"]\nroles = ["production_manager",'
AUTO_RAISE = 'auto_raise = [{ console = "*", areas = ["HA", "HB", "NET"] }]'
ONE_OF = "'P1', 'P2', 'P3', 'P4' or 'P5'"

# (what is replaced, by what, the field named, a piece of the message, the line's key)
CASES = {
    "matrix: unknown priority": (
        MATRIX,
        MATRIX.replace('"P5"]]', '"P9"]]'),
        "incidents.priority_matrix[2][2]",
        ONE_OF,
        "priority_matrix",
    ),
    "matrix: a number for a priority": (
        MATRIX,
        MATRIX.replace('"P1"', "1", 1),
        "incidents.priority_matrix[0][0]",
        ONE_OF,
        "priority_matrix",
    ),
    "matrix: two rows": (
        MATRIX,
        'priority_matrix = [["P1", "P2", "P3"], ["P2", "P3", "P4"]]',
        "incidents.priority_matrix",
        "needs 3 rows (impact 1-3) of 3 priorities each (urgency 1-3)",
        "priority_matrix",
    ),
    "matrix: a short row": (
        MATRIX,
        MATRIX.replace('["P1", "P2", "P3"]', '["P1", "P2"]'),
        "incidents.priority_matrix",
        "needs 3 rows",
        "priority_matrix",
    ),
    "matrix: not a list": (
        MATRIX,
        'priority_matrix = "P1"',
        "incidents.priority_matrix",
        "needs 3 rows",
        "priority_matrix",
    ),
    "matrix: higher impact less urgent": (
        MATRIX,
        MATRIX.replace('[["P1"', '[["P3"'),
        "incidents.priority_matrix",
        "impact 1 must not be less urgent than impact 2 (column 1)",
        "priority_matrix",
    ),
    "matrix: higher urgency less urgent": (
        MATRIX,
        MATRIX.replace('["P3", "P4", "P5"]', '["P3", "P5", "P4"]'),
        "incidents.priority_matrix",
        "urgency 2 must not be less urgent than urgency 3 (row 3)",
        "priority_matrix",
    ),
    "sla: negative target": (
        SLA_P1,
        SLA_P1.replace("acknowledge_min = 5", "acknowledge_min = -5"),
        "incidents.sla.P1.acknowledge_min",
        "greater than 0",
        "P1 =",
    ),
    "sla: text for minutes": (
        SLA_P1,
        SLA_P1.replace("resolve_min = 240", 'resolve_min = "4 h"'),
        "incidents.sla.P1.resolve_min",
        "valid number",
        "P1 =",
    ),
    "sla: unknown priority": (
        SLA_P1,
        SLA_P1.replace("P1 =", "P7 ="),
        "incidents.sla.P7[key]",
        ONE_OF,
        "P7 =",
    ),
    "sla: misspelt target": (
        SLA_P1,
        SLA_P1.replace("on_site_min", "onsite_min"),
        "incidents.sla.P1.onsite_min",
        "unknown field 'onsite_min'",
        "P1 =",
    ),
    "sla: not a table": (
        SLA_P1,
        "P1 = 5",
        "incidents.sla.P1",
        "should be a table",
        "P1 =",
    ),
    "warning fraction of 150 %": (
        QUIET,
        f"{QUIET}\nsla_warning_fraction = 1.5",
        "incidents.sla_warning_fraction",
        "less than 1",
        "sla_warning_fraction",
    ),
    "quiet time zero": (
        QUIET,
        "auto_resolve_quiet_min = 0",
        "incidents.auto_resolve_quiet_min",
        "greater than or equal to 1",
        "auto_resolve_quiet_min",
    ),
    "quiet time as text": (
        QUIET,
        'auto_resolve_quiet_min = "soon"',
        "incidents.auto_resolve_quiet_min",
        "valid number",
        "auto_resolve_quiet_min",
    ),
    "shelving longer than a day": (
        QUIET,
        f"{QUIET}\nmax_shelve_h = 48",
        "incidents.max_shelve_h",
        "less than or equal to 24",
        "max_shelve_h",
    ),
    "flood limit with a fraction": (
        QUIET,
        f"{QUIET}\nflood_limit = 2.5",
        "incidents.flood_limit",
        "valid integer",
        "flood_limit",
    ),
    "problem threshold of one": (
        QUIET,
        f"{QUIET}\nproblem_threshold = 1",
        "incidents.problem_threshold",
        "greater than or equal to 2",
        "problem_threshold",
    ),
    "unknown key": (
        QUIET,
        f"{QUIET}\nauto_raise = true",
        "incidents.auto_raise",
        "unknown field 'auto_raise'",
        "auto_raise = true",
    ),
    "notify: unknown area": (
        NOTIFY,
        NOTIFY.replace('"HB"', '"HZ"'),
        "incidents.notify.areas",
        "unknown area 'HZ' (expected the id of an area defined in the file)",
        "areas =",
    ),
    "notify: a line for an area": (
        NOTIFY,
        NOTIFY.replace('"HB"', '"L3"'),
        "incidents.notify.areas",
        "unknown area 'L3'",
        "areas =",
    ),
    "notify: bad role name": (
        NOTIFY,
        NOTIFY.replace('"production_manager"', '"production manager!"'),
        "incidents.notify[0].roles[0]",
        "'production manager!' should be 1-64 letters, digits and _ . - only",
        "roles =",
    ),
    "notify: areas not a list": (
        NOTIFY,
        NOTIFY.replace('["HA", "HB"]', '"HA"'),
        "incidents.notify[0].areas",
        "should be a list in square brackets",
        "areas =",
    ),
    "notify: unknown priority": (
        'min_priority = "P1"',
        'min_priority = "P0"',
        "incidents.notify[0].min_priority",
        ONE_OF,
        "min_priority",
    ),
    "notify: sound as text": (
        "sound = true",
        'sound = "loud"',
        "incidents.notify[0].sound",
        "valid boolean",
        "sound =",
    ),
    "auto_raise: unknown area": (
        AUTO_RAISE,
        AUTO_RAISE.replace('"HB"', '"HZ"'),
        "console.auto_raise.areas",
        "unknown area 'HZ'",
        "auto_raise",
    ),
    "auto_raise: empty console": (
        AUTO_RAISE,
        AUTO_RAISE.replace('console = "*"', 'console = ""'),
        "console.auto_raise[0].console",
        "at least 1 character",
        "auto_raise",
    ),
    "auto_raise: console as number": (
        AUTO_RAISE,
        AUTO_RAISE.replace('console = "*"', "console = 7"),
        "console.auto_raise[0].console",
        "valid string",
        "auto_raise",
    ),
    "auto_raise: areas not a list": (
        AUTO_RAISE,
        AUTO_RAISE.replace('["HA", "HB", "NET"]', '"HA"'),
        "console.auto_raise[0].areas",
        "should be a list in square brackets",
        "auto_raise",
    ),
}


def bad_plant(demo_path: Path, old: str, new: str) -> str:
    text = demo_path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def only_issue(text: str) -> ConfigIssue:
    with pytest.raises(PlantFileError) as info:
        parse_plant(text, "plant.toml")
    issues = info.value.issues
    assert len(issues) == 1, [str(i) for i in issues]
    return issues[0]


@pytest.mark.parametrize(("old", "new", "field", "message", "key"), CASES.values(), ids=CASES)
def test_each_mistake_is_named_with_its_key_and_line(
    demo_path: Path, old: str, new: str, field: str, message: str, key: str
) -> None:
    text = bad_plant(demo_path, old, new)
    issue = only_issue(text)
    assert issue.field == field, str(issue)
    assert message in issue.message, str(issue)
    assert "Traceback" not in issue.message and "instance of" not in issue.message
    assert issue.line is not None, str(issue)
    assert key in text.splitlines()[issue.line - 1], str(issue)
    assert str(issue).startswith(f"plant.toml:{issue.line}: field '{field}': ")


def test_several_mistakes_in_the_section_are_all_listed(demo_path: Path) -> None:
    text = bad_plant(demo_path, QUIET, "auto_resolve_quiet_min = 0\nflood_limit = 0")
    text = text.replace(SLA_P1, SLA_P1.replace("acknowledge_min = 5", "acknowledge_min = 0"))
    with pytest.raises(PlantFileError) as info:
        parse_plant(text, "plant.toml")
    fields = sorted(i.field or "" for i in info.value.issues)
    assert fields == [
        "incidents.auto_resolve_quiet_min",
        "incidents.flood_limit",
        "incidents.sla.P1.acknowledge_min",
    ], [str(i) for i in info.value.issues]
