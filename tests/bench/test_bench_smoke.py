"""The plant generator makes valid, deterministic plants; the benchmark runs and reports.

No timing is asserted: these only check that the figures are there.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bench import bench_plant_model, plant_gen
from models.plant_loader import load_plant, parse_plant


@pytest.fixture(scope="module")
def small_text() -> str:
    return plant_gen.generate_plant(600, seed=7)


def test_generated_plant_loads_with_exact_size(small_text: str) -> None:
    plant = parse_plant(small_text, "gen-600.toml")
    assert len(plant) == 600
    kinds = Counter(node.kind for node in plant.nodes.values())
    for kind in ("area", "line", "machine", "plc", "hmi", "switch", "drive", "sensor"):
        assert kinds[kind] > 0, kind
    assert all(1000 <= line.cost_per_hour <= 9000 for line in plant.lines.values())
    assert all(line.shifts for line in plant.lines.values())


def test_generated_plant_shape(small_text: str) -> None:
    plant = parse_plant(small_text)
    hosts = [node.endpoint for node in plant.nodes.values() if node.monitored]
    assert len(hosts) == len(set(hosts)), "every endpoint has its own host"
    assert all("127." in host for host in hosts)
    switches = [c for c, node in plant.nodes.items() if node.kind == "switch"]
    on_lines = [c for c in switches if plant.nodes[c].parent in plant.lines]
    assert on_lines
    for switch in on_lines:
        (upstream,) = plant.nodes[switch].depends_on
        assert upstream.startswith("SW-DIST-")
        assert plant.nodes[upstream].depends_on == ("SW-CORE-01",)
    devices = [c for c, node in plant.nodes.items() if node.parent and node.kind == "plc"]
    assert all(plant.nodes[c].depends_on for c in devices)
    criticality = Counter(node.criticality.value for node in plant.nodes.values() if node.ci)
    assert criticality.most_common(1)[0][0] == "stops_line"
    assert criticality["degrades"] and criticality["info"]


def test_generator_is_deterministic(small_text: str) -> None:
    assert plant_gen.generate_plant(600, seed=7) == small_text
    assert plant_gen.generate_plant(600, seed=8) != small_text


@pytest.mark.parametrize("n_cis", [60, 61, 149, 1234])
def test_sizes_are_exact(n_cis: int) -> None:
    assert len(parse_plant(plant_gen.generate_plant(n_cis))) == n_cis


def test_too_small_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        plant_gen.generate_plant(10)


def test_cli_writes_a_loadable_file(tmp_path: Path) -> None:
    out = tmp_path / "plant.toml"
    assert plant_gen.main(["--cis", "300", "--seed", "3", "--out", str(out)]) == 0
    assert len(load_plant(out)) == 300


def test_benchmark_smoke_prints_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_plant_model.main(["--smoke", "--repeat", "10"]) == 0
    out = capsys.readouterr().out
    for label in (
        "load_plant",
        "incremental apply",
        "full recompute_all",
        "full / incremental",
        "target: p95 < 5 ms",
        "impact_of(",
        "plant + engine",
        "process peak RSS",
        "fresh process RSS",
    ):
        assert label in out, label


def test_benchmark_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_plant_model.main(["--smoke", "--cis", "300", "--repeat", "5", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["load"][0]["cis"] == 300
    assert result["load"][0]["file_bytes"] > 0
    engine = result["engine"]
    assert engine["incremental"]["n"] == 10
    assert engine["full_recompute"]["median_ms"] > 0
    assert isinstance(engine["target_incremental_met"], bool)
    assert result["impact"]["switch"]["affected"] > 0
    assert result["memory"]["plant_and_engine_mb"] > 0
    assert result["memory"]["fresh_process"]["cis"] == 300
    assert "scaling" not in result
