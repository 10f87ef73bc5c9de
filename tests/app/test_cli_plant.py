"""`plantconsole check-config | impact | tree | --version` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from tests.conftest import REPO


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_config_clean(capsys: pytest.CaptureFixture[str], demo_path: Path) -> None:
    code, out, err = run(capsys, "check-config", str(demo_path))
    assert code == 0 and err == ""
    assert out.startswith("OK: ") and "4 lines" in out


def test_check_config_lists_every_error_on_stderr(
    capsys: pytest.CaptureFixture[str], demo_path: Path, tmp_path: Path
) -> None:
    text = demo_path.read_text(encoding="utf-8")
    text = text.replace('depends_on = ["SW-CORE-01"]', 'depends_on = ["SW-CORE-99"]', 1)
    text = text.replace("unit_id = 1 }", "unit_id = 999 }", 1)
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "check-config", str(bad))
    assert code == 1 and out == ""
    assert "unknown CI 'SW-CORE-99'" in err
    assert "field 'modbus.unit_id'" in err
    assert "2 problems in" in err
    assert "Traceback" not in err


def test_impact_text(capsys: pytest.CaptureFixture[str], demo_path: Path) -> None:
    code, out, _ = run(capsys, "impact", "SW-L3-043", "--config", str(demo_path))
    assert code == 0
    assert "3 lines stopped" in out
    assert "EUR 11,400/hour" in out
    assert "units per shift blocked: 720" in out


def test_impact_json(capsys: pytest.CaptureFixture[str], demo_path: Path) -> None:
    code, out, _ = run(capsys, "impact", "SW-L3-043", "--config", str(demo_path), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["cost_per_hour"] == 11400
    assert [line["id"] for line in data["stopped_lines"]] == ["L3", "L4", "L5"]


def test_impact_unknown_ci(capsys: pytest.CaptureFixture[str], demo_path: Path) -> None:
    code, _, err = run(capsys, "impact", "SW-XX", "--config", str(demo_path))
    assert code == 1 and "no CI 'SW-XX'" in err


def test_tree(capsys: pytest.CaptureFixture[str], demo_path: Path) -> None:
    code, out, _ = run(capsys, "tree", "--config", str(demo_path))
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "Werk Nord [WN site]"
    assert any("AR-042-PLC plc, opc.tcp://" in line for line in lines)
    assert len(lines) == 52


def test_usage_errors_exit_2_without_traceback() -> None:
    for argv in ([], ["impact"], ["no-such-command"]):
        proc = subprocess.run(
            [sys.executable, "-m", "app.cli", *argv],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=60,
        )
        assert proc.returncode == 2, argv
        assert "usage:" in proc.stderr and "Traceback" not in proc.stderr


def test_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "--version"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert proc.returncode == 0 and proc.stdout.startswith("plantconsole ")


def test_import_reports_changes(
    capsys: pytest.CaptureFixture[str], demo_path: Path, tmp_path: Path
) -> None:
    store = tmp_path / "console.sqlite"
    code, out, _ = run(capsys, "import", str(demo_path), "--store", str(store))
    assert code == 0 and "added 52 CIs" in out
    code, out, _ = run(capsys, "import", str(demo_path), "--store", str(store))
    assert code == 0 and "no changes" in out
    changed = tmp_path / "plant.toml"
    text = demo_path.read_text(encoding="utf-8").replace(
        'firmware = "V3.1.2"', 'firmware = "V3.2.0"'
    )
    changed.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "import", str(changed), "--store", str(store))
    assert code == 0 and "changed AR-042-PLC: firmware" in out


def test_import_refuses_a_damaged_store(
    capsys: pytest.CaptureFixture[str], demo_path: Path, tmp_path: Path
) -> None:
    store = tmp_path / "console.sqlite"
    store.write_bytes(b"this is not a database" * 100)
    code, _, err = run(capsys, "import", str(demo_path), "--store", str(store))
    assert code == 1 and "error:" in err and "Traceback" not in err
    assert store.read_bytes() == b"this is not a database" * 100
