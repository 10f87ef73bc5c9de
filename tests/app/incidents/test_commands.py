"""`plantconsole incidents list|show` and `handover` on a store with incidents."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from app.cli import main
from app.incidents.handover import find_shift, shift_specs
from app.incidents.service import IncidentService
from models.plant_loader import load_plant
from resources import demo_plant_path
from tests.app.incidents.conftest import T0, Clock


@pytest.fixture
def filled(service: IncidentService, clock: Clock, store_path: Path) -> str:
    clock.now = _now_ms() - 20 * 60_000
    iid = service.raise_manual("SW-L3-043", "LINE STOP — 3 lines", impact=1, urgency=1).id
    clock.advance(120)
    service.acknowledge(iid)
    service.assign(iid, "tom")
    service.add_note(iid, "switch PSU dead, spare on the way")
    service.raise_manual("PB-101-PLC", "paint line HMI slow", impact=3, urgency=3)
    service.store.close()
    return iid


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def test_list_text_and_json(
    filled: str, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["incidents", "list", "--store", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert "L3-tmp-1" in out and "P1" in out and "11,400" in out
    assert main(["incidents", "list", "--json", "--store", str(store_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["number"] for d in data] == ["L1-tmp-2", "L3-tmp-1"]  # newest first
    assert {d["priority"] for d in data} == {"P1", "P5"}
    assert data[1]["lines"] == ["L3", "L4", "L5"] and data[1]["cost_per_hour"] == 11_400


def test_show_by_number_with_sla_clocks_and_cost(
    filled: str, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(demo_plant_path())
    assert (
        main(["incidents", "show", "L3-tmp-1", "--store", str(store_path), "--config", config]) == 0
    )
    out = capsys.readouterr().out
    assert "SLA acknowledge" in out and "SLA on_site" in out and "cost so far" in out
    assert "switch PSU dead" in out and "acknowledged" in out
    assert main(["incidents", "show", filled[:18], "--json", "--store", str(store_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == filled and data["assignee"] == "tom"
    assert {c["name"]: c["level"] for c in data["sla"]}["on_site"] in ("warning", "breached")
    assert data["cost_so_far"]["downtime_s"] > 0
    assert [e["type"] for e in data["timeline"]] == [
        "created",
        "acknowledged",
        "assigned",
        "comment",
    ]


def test_unknown_incident_and_missing_store(
    filled: str, store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["incidents", "show", "NOPE-1", "--store", str(store_path)]) == 1
    assert "no incident" in capsys.readouterr().err
    missing = tmp_path / "missing.db"
    assert main(["incidents", "list", "--store", str(missing)]) == 1
    assert "no incident store" in capsys.readouterr().err and not missing.exists()


def test_handover_text_and_html(
    filled: str, store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["handover", "--store", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert "Shift handover" in out and "L3-tmp-1" in out and "Still open" in out
    page = tmp_path / "handover.html"
    args = ["handover", "--format", "html", "--out", str(page), "--store", str(store_path)]
    assert main(args) == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "LINE STOP — 3 lines" in html
    assert main(["handover", "--shift", "brunch", "--store", str(store_path)]) == 2


def test_shift_windows_follow_the_calendar() -> None:
    plant = load_plant(demo_plant_path()).source
    specs = shift_specs(plant)
    current = find_shift(specs, "current", T0, plant.site.timezone)  # Fri 16:40 in Berlin
    assert current.start_ms <= T0 < current.end_ms
    default = find_shift(shift_specs(None), "night", T0, "Europe/Berlin")
    assert default.end_ms <= T0 and default.end_ms - default.start_ms == 8 * 3_600_000
