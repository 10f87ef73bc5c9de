"""`plantconsole check-config` on a plant file with a bad `[incidents]` section (or
`[console].auto_raise`): exit 1, the key and its line on stderr, nothing on stdout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from tests.conftest import REPO
from tests.models.test_plant_incident_policy import CASES, MATRIX, NOTIFY, QUIET, bad_plant


@pytest.mark.parametrize(("old", "new", "field", "message", "key"), CASES.values(), ids=CASES)
def test_check_config_names_the_key_and_its_line(
    capsys: pytest.CaptureFixture[str],
    demo_path: Path,
    tmp_path: Path,
    old: str,
    new: str,
    field: str,
    message: str,
    key: str,
) -> None:
    text = bad_plant(demo_path, old, new)
    path = tmp_path / "plant.toml"
    path.write_text(text, encoding="utf-8")
    code = main(["check-config", str(path)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    (line,) = [x for x in err.splitlines() if f"field '{field}'" in x]
    where = f"error: {path}:"
    assert message in line and line.startswith(where)
    number = int(line[len(where) :].split(":", 1)[0])
    assert key in text.splitlines()[number - 1]
    assert "1 problem in" in err and "Traceback" not in err


def test_check_config_as_a_process_lists_every_incident_problem(
    demo_path: Path, tmp_path: Path
) -> None:
    text = bad_plant(demo_path, MATRIX, MATRIX.replace('[["P1"', '[["P3"'))
    text = text.replace(QUIET, "auto_resolve_quiet_min = 0")
    path = tmp_path / "plant.toml"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "check-config", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert "field 'incidents.priority_matrix': impact 1 must not be less urgent" in done.stderr
    assert "field 'incidents.auto_resolve_quiet_min': Input should be greater" in done.stderr
    assert "2 problems in" in done.stderr and "Traceback" not in done.stderr

    fixed = text.replace("auto_resolve_quiet_min = 0", QUIET)
    fixed = fixed.replace(MATRIX.replace('[["P1"', '[["P3"'), MATRIX)
    fixed = fixed.replace(NOTIFY, NOTIFY.replace('"HB"', '"HZ"'))  # the next round's problem
    path.write_text(fixed, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "check-config", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "field 'incidents.notify.areas': unknown area 'HZ'" in done.stderr
