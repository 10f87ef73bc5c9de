"""`plantconsole import` and `plantconsole tree` on a broken plant file: exit 1, every
problem on stderr, nothing on stdout, no traceback, nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from tests.conftest import REPO


@pytest.fixture
def broken(demo_path: Path, tmp_path: Path) -> Path:
    text = demo_path.read_text(encoding="utf-8")
    for old, new in (
        ('depends_on = ["SW-CORE-01"]', 'depends_on = ["SW-CORE-99"]'),
        ('kind = "switch"', 'kind = "swich"'),
        ('area = "HA"', 'area = "AR-042"'),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


EXPECTED = (
    "field 'kind': Input should be 'machine'",
    "unknown CI 'SW-CORE-99'",
    "field 'area': 'AR-042' is a machine: a line's area must be the id of an [[area]]",
    "containment cycle: L3 -> AR-042 -> L3",
    "4 problems in ",
)


def test_import_of_a_broken_file_writes_nothing(
    capsys: pytest.CaptureFixture[str], broken: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store" / "console.sqlite"
    code = main(["import", str(broken), "--store", str(store)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    for expected in EXPECTED:
        assert expected in err, err
    assert all(line.startswith(("error: ", "4 problems")) for line in err.splitlines())
    assert not store.exists()


def test_tree_of_a_broken_file(capsys: pytest.CaptureFixture[str], broken: Path) -> None:
    code = main(["tree", "--config", str(broken)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    for expected in EXPECTED:
        assert expected in err, err


@pytest.mark.parametrize("command", ["import", "tree"])
def test_no_traceback_from_a_real_process(command: str, broken: Path, tmp_path: Path) -> None:
    argv = (
        ["import", str(broken), "--store", str(tmp_path / "s.sqlite")]
        if command == "import"
        else ["tree", "--config", str(broken)]
    )
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", *argv],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert "Traceback" not in proc.stderr and "4 problems in " in proc.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01binary", "binary file"),
        (b"[site\n", "not valid TOML"),
    ],
)
def test_import_and_tree_of_unreadable_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, expected: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(content)
    for argv in (
        ["import", str(bad), "--store", str(tmp_path / "s.sqlite")],
        ["tree", "--config", str(bad)],
    ):
        assert main(argv) == 1
        out, err = capsys.readouterr()
        assert out == "" and expected in err and "1 problem in " in err
