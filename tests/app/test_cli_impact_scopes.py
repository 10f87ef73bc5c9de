"""`plantconsole impact` for a redundancy group, an area and the site (issue 2 audit):
the group as a whole fails, a container fails with everything in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main


def impact(capsys: pytest.CaptureFixture[str], demo: Path, ci: str) -> dict[str, object]:
    code = main(["impact", ci, "--config", str(demo), "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    data: dict[str, object] = json.loads(out)
    return data


def line_ids(data: dict[str, object]) -> list[str]:
    lines = data["stopped_lines"]
    assert isinstance(lines, list)
    return [line["id"] for line in lines]


def test_redundancy_group_fails_as_a_whole(
    capsys: pytest.CaptureFixture[str], demo_path: Path
) -> None:
    data = impact(capsys, demo_path, "RING-L1")
    assert line_ids(data) == ["L1"]
    assert data["cost_per_hour"] == 5200 and data["units_per_shift"] == 300
    affected = data["affected"]
    assert isinstance(affected, list)
    assert {"PB-101-PLC", "PB-101-HMI"} <= set(affected)
    # The ring is down, its switches are not: they stay out of the affected CIs.
    assert "SW-L1-A" not in affected and "SW-L1-B" not in affected


def test_group_text_says_what_failing_means(
    capsys: pytest.CaptureFixture[str], demo_path: Path
) -> None:
    assert main(["impact", "RING-L1", "--config", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "(the group as a whole: all that depends on it fails, its members do not)" in out
    assert "1 line stopped" in out and "EUR 5,200/hour" in out


def test_area_fails_with_everything_in_it(
    capsys: pytest.CaptureFixture[str], demo_path: Path
) -> None:
    hall_a = impact(capsys, demo_path, "HA")
    assert line_ids(hall_a) == ["L3", "L4", "L5"] and hall_a["cost_per_hour"] == 11_400
    affected = hall_a["affected"]
    assert isinstance(affected, list)
    assert {"AR-042", "AR-042-PLC", "SW-L3-043", "MES-L3"} <= set(affected)
    assert "PB-101-PLC" not in affected and "SW-CORE-01" not in affected
    hall_b = impact(capsys, demo_path, "HB")
    assert line_ids(hall_b) == ["L1"] and hall_b["cost_per_hour"] == 5200
    assert main(["impact", "HB", "--config", str(demo_path)]) == 0
    assert "(with everything it contains)" in capsys.readouterr().out


def test_network_area_takes_down_what_depends_on_its_contents(
    capsys: pytest.CaptureFixture[str], demo_path: Path
) -> None:
    """NET holds the core switch: every line hangs on it, though none sits in NET."""
    data = impact(capsys, demo_path, "NET")
    assert sorted(line_ids(data)) == ["L1", "L3", "L4", "L5"]
    assert data["cost_per_hour"] == 16_600 and data["units_per_shift"] == 1020


def test_site_stops_every_line(capsys: pytest.CaptureFixture[str], demo_path: Path) -> None:
    data = impact(capsys, demo_path, "WN")
    assert sorted(line_ids(data)) == ["L1", "L3", "L4", "L5"]
    affected = data["affected"]
    assert isinstance(affected, list)
    assert len(affected) == 52 - 1 - 3 - 4  # all but the site, its 3 areas and 4 lines


def test_switch_figure_is_unchanged(capsys: pytest.CaptureFixture[str], demo_path: Path) -> None:
    data = impact(capsys, demo_path, "SW-L3-043")
    assert line_ids(data) == ["L3", "L4", "L5"] and data["cost_per_hour"] == 11_400
