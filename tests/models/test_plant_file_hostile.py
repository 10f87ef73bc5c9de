"""Malformed and hostile plant files (issue 2 audit): each gives clear messages naming
file:line, CI and field, all of them in one run, and never a traceback or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.cmdb import CiNode, Plant
from models.plant_loader import PlantFileError, build_plant, load_plant, parse_plant
from models.plant_schema import Area, Ci, Line, PlantFile, Site
from tests.conftest import REPO

SMALL = """\
[site]
id = "S"
name = "Site"

[[area]]
id = "A"
name = "Hall A"

[[line]]
id = "L"
name = "Line"
area = "A"
cost_per_hour = 100

[[ci]]
id = "C1"
kind = "machine"
parent = "L"
"""


def issues_of(text: str | bytes) -> list[str]:
    with pytest.raises(PlantFileError) as info:
        parse_plant(text, "plant.toml")
    return [str(issue) for issue in info.value.issues]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


# -- A: containment through lines and areas ---------------------------------------------


def test_line_in_a_ci_below_it_is_refused_with_the_cycle() -> None:
    text = SMALL.replace('area = "A"', 'area = "C1"')
    found = issues_of(text)
    at = line_of(text, 'area = "C1"')
    assert found == [
        f"plant.toml:{at}: CI 'L' field 'area': 'C1' is a machine: a line's area must be "
        "the id of an [[area]]",
        f"plant.toml:{at}: CI 'L' field 'area': containment cycle: L -> C1 -> L",
    ]


def test_area_below_a_ci_of_its_own_is_refused() -> None:
    text = SMALL.replace('name = "Hall A"', 'name = "Hall A"\nparent = "C1"')
    found = issues_of(text)
    at = line_of(text, 'parent = "C1"')
    assert f"plant.toml:{at}: CI 'A' field 'parent': 'C1' is a machine: an area's parent " in (
        "\n".join(found)
    )
    assert any("containment cycle: A -> C1 -> L -> A" in line for line in found), found


def test_line_in_a_line_and_area_in_a_line_are_refused() -> None:
    text = SMALL + '\n[[area]]\nid = "B"\nname = "B"\nparent = "L"\n'
    text += '\n[[line]]\nid = "L2"\nname = "L2"\narea = "L"\ncost_per_hour = 1\n'
    joined = "\n".join(issues_of(text))
    assert "CI 'B' field 'parent': 'L' is a line: an area's parent must be another area " in joined
    assert "CI 'L2' field 'area': 'L' is a line: a line's area must be the id of an [[area]]" in (
        joined
    )


def test_area_in_area_and_site_is_fine() -> None:
    text = SMALL + '\n[[area]]\nid = "B"\nname = "B"\nparent = "A"\n'
    text += '\n[[area]]\nid = "D"\nname = "D"\nparent = "S"\n'
    plant = parse_plant(text)
    assert list(plant.ancestors("B")) == ["A", "S"] and plant.depth["C1"] == 3


def test_commands_do_not_hang_on_a_containment_cycle(tmp_path: Path) -> None:
    bad = tmp_path / "cycle.toml"
    bad.write_text(SMALL.replace('area = "A"', 'area = "C1"'), encoding="utf-8")
    store = tmp_path / "store.sqlite"
    for argv in (
        ["check-config", str(bad)],
        ["import", str(bad), "--store", str(store)],
        ["impact", "C1", "--config", str(bad)],
        ["tree", "--config", str(bad)],
        ["run", "--headless", "--config", str(bad)],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "app.cli", *argv],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=120,
        )
        assert proc.returncode == 1, (argv, proc.stderr)
        assert "containment cycle: L -> C1 -> L" in proc.stderr, argv
        assert "Traceback" not in proc.stderr
    assert not store.exists()


def unchecked_plant_with_cycle() -> PlantFile:
    """What the loader refuses, built directly (as if validation were bypassed)."""
    return PlantFile(
        site=Site(id="S", name="Site"),
        area=(Area(id="A", name="A"),),
        line=(Line(id="L", name="L", area="C1", cost_per_hour=1),),
        ci=(Ci(id="C1", kind="machine", parent="L"),),
    )


def test_plant_refuses_a_containment_cycle_even_without_the_loader() -> None:
    with pytest.raises(ValueError, match="containment cycle: "):
        build_plant(unchecked_plant_with_cycle())


def test_ancestor_walk_is_bounded() -> None:
    plant = build_plant(PlantFile.model_validate({"site": {"id": "S", "name": "S"}}))
    # Corrupt the tree after the checks: the walk must end, not loop.
    plant.nodes["X"] = CiNode("X", "X", "machine", "Y")
    plant.nodes["Y"] = CiNode("Y", "Y", "machine", "X")
    with pytest.raises(ValueError, match="containment cycle above 'X'"):
        list(plant.ancestors("X"))
    assert isinstance(plant, Plant)


# -- B: nesting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", 1, "a"),
        ("a = " + "[" * 401 + "\n", 1, "a"),
        (SMALL + "name = " + "{ b = " * 1000 + "1" + " }" * 1000 + "\n", 19, "name"),
        (SMALL.replace('name = "Site"', "name = " + "[" * 600 + "]" * 600), 3, "name"),
    ],
    ids=["10KB-array", "unclosed", "inline-tables-in-ci", "site-name"],
)
def test_deep_nesting_is_one_clear_issue(text: str, line: int, field: str) -> None:
    found = issues_of(text)
    assert found == [
        f"plant.toml:{line}: field '{field}': values nested too deeply (hundreds of [ ] or "
        "{ } inside each other): a plant file needs a few levels at most (is this the right "
        "file?)"
    ]


def test_deep_nesting_through_the_cli(tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "check-config", str(deep)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"{deep}:1: field 'a': values nested too deeply" in proc.stderr


# -- F: files that are not files ------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this OS")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "plant.toml"
    os.mkfifo(fifo)
    # A subprocess: were the FIFO opened or read blocking, the timeout would say so.
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "check-config", str(fifo)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"error: {fifo}: a FIFO (named pipe), not a regular file" in proc.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused() -> None:
    with pytest.raises(PlantFileError) as info:
        load_plant("/dev/zero")
    assert str(info.value) == (
        "/dev/zero: a character device, not a regular file: give the path of a plant file (TOML)"
    )


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PlantFileError) as info:
        load_plant(tmp_path)
    assert str(info.value).startswith(f"{tmp_path}: ")
    assert "directory" in str(info.value)


def test_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * 2000 + b"\n")
    with pytest.raises(PlantFileError, match="are refused"):
        load_plant(big, max_bytes=1000)


# -- C: every error in one run -----------------------------------------------------------

EVERYTHING = """\
[site]
id = "S"

[calendar.shifts]
early = { start = "06:00", end = "14:00" }

[[profile]]
id = "plc-modbus"
name = "PLC over Modbus"
protocol = "modbus"
modbus_points = [
  { name = "run_state", role = "run_state", table = "holding", address = 0, type = "uint32" },
  { name = "fault_code", role = "fault_code", table = "holding", address = 1 },
]

[[profile]]
id = "plc-modbus"
name = "Copy"
protocol = "serial"

[[area]]
id = "A"
name = "Hall A"

[[area]]
id = "B"
name = 5
parent = "NOWHERE"

[[line]]
id = "L"
name = "Line"
area = "A"
cost_per_hour = -5
shifts = ["early", "weekend"]
running_tag = "GHOST:line_running"

[[ci]]
id = "SW"
kind = "switch"
parent = "S"
reach = { host = "10.0.0.1" }

[[ci]]
id = "SW"
kind = "robot"
parent = "L"
depends_on = ["SW-MISSING"]
profile = "no-such-profile"

[[ci]]
id = "PLC1"
kind = "plc"
parent = "L"
depends_on = ["SW"]
profile = "plc-modbus"
modbus = { host = "10.0.0.2" }

[[ci]]
id = "PLC2"
kind = "plc"
parent = "L"
profile = "plc-modbus"
modbus = { host = "10.0.0.3" }

[[ci]]
id = "bad id!"
kind = "plc"
parent = "L"
depends_on = ["ALSO-MISSING"]

[[ci]]
id = "RC"
kind = "robot_ctrl"
parent = "L"
modbus = { host = "10.0.0.9", points = [
  { name = "a", table = "input", address = 0, type = "uint32" },
  { name = "b", table = "input", address = 1 },
] }
"""


def test_every_error_is_reported_in_the_first_run() -> None:
    found = issues_of(EVERYTHING)
    at = {
        key: line_of(EVERYTHING, needle)
        for key, needle in {
            "points": "modbus_points",
            "copy": 'name = "Copy"',
            "serial": "serial",
            "name5": "name = 5",
            "nowhere": "NOWHERE",
            "cost": "-5",
            "weekend": "weekend",
            "ghost": "GHOST",
            "robot": 'kind = "robot"',
            "sw_missing": "SW-MISSING",
            "profile": "no-such-profile",
            "bad_id": "bad id!",
            "also": "ALSO-MISSING",
            "ctrl": "robot_ctrl",
            "rc_modbus": 'host = "10.0.0.9"',
        }.items()
    }
    kinds = "Input should be 'machine', 'cell', 'plc'"
    unknown_ci = "(expected the id of a CI defined in the file)"
    expected = [
        "plant.toml:1: field 'site.name': required field is missing",
        f"plant.toml:{at['points']}: profile 'plc-modbus' field 'modbus_points': "
        "overlapping registers in holding: 'run_state' (0-1) and 'fault_code' (1-1)",
        f"plant.toml:{at['copy'] - 1}: profile 'plc-modbus' field 'id': duplicate profile id",
        f"plant.toml:{at['serial']}: profile 'plc-modbus' field 'protocol': Input should be "
        "'opcua', 'modbus' or 'reach'",
        f"plant.toml:{at['name5']}: CI 'B' field 'name': Input should be a valid string",
        f"plant.toml:{at['nowhere']}: CI 'B' field 'parent': unknown area 'NOWHERE' (expected "
        "the id of another area or of the site 'S')",
        f"plant.toml:{at['cost']}: CI 'L' field 'cost_per_hour': Input should be greater "
        "than or equal to 0",
        f"plant.toml:{at['weekend']}: CI 'L' field 'shifts': unknown shift 'weekend' "
        "(known: early)",
        f"plant.toml:{at['ghost']}: CI 'L' field 'running_tag': unknown CI 'GHOST' {unknown_ci}",
        f"plant.toml:{at['robot'] - 1}: CI 'SW' field 'id': duplicate id: 'SW' is already "
        "used by a switch",
        f"plant.toml:{at['robot']}: CI 'SW' field 'kind': {kinds}",
        f"plant.toml:{at['sw_missing']}: CI 'SW' field 'depends_on': unknown CI 'SW-MISSING' "
        f"{unknown_ci}",
        f"plant.toml:{at['profile']}: CI 'SW' field 'profile': unknown profile "
        "'no-such-profile' (expected the id of a profile defined in the file)",
        f"plant.toml:{at['bad_id']}: CI 'bad id!' field 'id': 'bad id!' should be 1-64 "
        "letters, digits and _ . - only, starting with a letter or digit",
        f"plant.toml:{at['also']}: CI 'bad id!' field 'depends_on': unknown CI "
        f"'ALSO-MISSING' {unknown_ci}",
        f"plant.toml:{at['ctrl']}: CI 'RC' field 'kind': {kinds}",
        f"plant.toml:{at['rc_modbus']}: CI 'RC' field 'modbus.points': overlapping registers "
        "in input: 'a' (0-1) and 'b' (1-1)",
    ]
    assert len(found) == len(expected), "\n".join(found)
    for got, want in zip(found, expected, strict=True):
        assert got.startswith(want), f"\n{got}\n{want}"


def test_a_fixed_file_reports_nothing_new() -> None:
    """The second run after fixing what the first reported finds nothing left."""
    fixed = (
        EVERYTHING.replace('id = "S"\n', 'id = "S"\nname = "Site"\n', 1)
        .replace(
            '{ name = "fault_code", role = "fault_code", table = "holding", address = 1 }',
            '{ name = "fault_code", role = "fault_code", table = "holding", address = 2 }',
        )
        .replace(
            'id = "plc-modbus"\nname = "Copy"\nprotocol = "serial"',
            'id = "other"\nname = "Copy"\nprotocol = "reach"',
        )
        .replace("name = 5", 'name = "Hall B"')
        .replace('parent = "NOWHERE"', 'parent = "A"')
        .replace("cost_per_hour = -5", "cost_per_hour = 5")
        .replace('"early", "weekend"', '"early"')
        .replace('running_tag = "GHOST:line_running"\n', "")
        .replace('id = "SW"\nkind = "robot"', 'id = "SW2"\nkind = "robot_controller"')
        .replace('depends_on = ["SW-MISSING"]\nprofile = "no-such-profile"\n', "")
        .replace('id = "bad id!"', 'id = "PLC3"')
        .replace('depends_on = ["ALSO-MISSING"]\n', "")
        .replace('kind = "robot_ctrl"', 'kind = "robot_controller"')
        .replace("address = 1 },\n] }", "address = 2 },\n] }")
    )
    assert len(parse_plant(fixed, "plant.toml")) == 10


def test_broken_sections_do_not_hide_or_invent_reference_errors() -> None:
    """A broken [calendar] leaves shifts unchecked (no false 'unknown shift'); a broken
    [site] still lets CIs name the site; the CIs' own mistakes are still found."""
    text = (
        SMALL.replace('name = "Site"', "name = 7")
        .replace("cost_per_hour = 100", 'cost_per_hour = 100\nshifts = ["early"]')
        .replace('parent = "L"', 'parent = "S"\ndepends_on = ["NOPE"]')
    )
    text = "[calendar]\nshifts = 3\n\n" + text
    found = issues_of(text)
    assert len(found) == 3, found
    assert "field 'calendar.shifts'" in found[0]
    assert "field 'site.name': Input should be a valid string" in found[1]
    assert "CI 'C1' field 'depends_on': unknown CI 'NOPE'" in found[2]


# -- E: a profile's mistake is the profile's ----------------------------------------------


def test_profile_mistake_is_reported_once_as_the_profile() -> None:
    found = [line for line in issues_of(EVERYTHING) if "holding" in line]
    assert len(found) == 1 and "profile 'plc-modbus' field 'modbus_points'" in found[0]


def test_ci_adding_an_overlapping_register_to_its_profile_is_reported_at_the_ci() -> None:
    text = EVERYTHING.replace(
        'modbus = { host = "10.0.0.3" }',
        'modbus = { host = "10.0.0.3", points = [{ name = "x", table = "holding", address = 1 }] }',
    )
    found = [line for line in issues_of(text) if "holding" in line]
    at = line_of(text, 'host = "10.0.0.3"')
    assert found[1:] == [
        f"plant.toml:{at}: CI 'PLC2' field 'modbus.points': overlapping registers in holding: "
        "'run_state' (0-1) and 'x' (1-1)",
        f"plant.toml:{at}: CI 'PLC2' field 'modbus.points': overlapping registers in holding: "
        "'fault_code' (1-1) and 'x' (1-1)",
    ]
    assert found[0].startswith("plant.toml:11: profile 'plc-modbus' field 'modbus_points'")


def test_repeated_role_in_a_profile_is_reported_once() -> None:
    text = EVERYTHING.replace(
        'role = "fault_code", table = "holding", address = 1',
        'role = "run_state", table = "holding", address = 4',
    )
    found = [line for line in issues_of(text) if "role" in line]
    assert found == [
        f"plant.toml:{line_of(text, 'modbus_points')}: profile 'plc-modbus' field 'role': "
        "more than one point with role 'run_state'"
    ]


# -- G: patterns in words ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('id = "C1"', 'id = "C 1"', "'C 1' should be 1-64 letters, digits and _ . - only"),
        (
            'parent = "L"',
            'parent = "L"\nreach = { host = "plc one" }',
            "'plc one' should be a host name or IP address: letters, digits and _ . - : only",
        ),
        (
            "cost_per_hour = 100",
            'cost_per_hour = 100\nrunning_tag = "C1"',
            "'C1' should be CI_ID:point, e.g. 'CONV-L3-PLC:line_running'",
        ),
    ],
)
def test_pattern_errors_are_said_in_words(old: str, new: str, words: str) -> None:
    found = issues_of(SMALL.replace(old, new))
    assert any(words in line for line in found), found
    assert not any("pattern" in line or "^[" in line for line in found), found


def test_a_huge_bad_value_is_cut_short_in_the_message() -> None:
    found = issues_of(SMALL.replace('id = "C1"', f'id = "{"x " * 5000}"'))
    assert all(len(line) < 300 for line in found), [len(line) for line in found]


@pytest.mark.parametrize("kind", ['["switch"]', "{}", "{ a = 1 }", "42"])
def test_a_kind_of_the_wrong_type_is_an_issue_not_a_crash(kind: str) -> None:
    found = issues_of(SMALL.replace('kind = "machine"', f"kind = {kind}"))
    assert any("kind" in line for line in found), found
