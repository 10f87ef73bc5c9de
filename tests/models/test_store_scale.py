"""A large plant imports, and a re-import finds exactly what changed.

Speed is the benchmarks' business (bench/), never a timed test: this checks correctness at
scale (10,000 CIs: batched SQL, no per-CI surprises)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from models.cmdb import Plant
from models.plant_loader import build_plant
from models.plant_schema import PlantFile
from models.store import import_plant, load_cmdb, open_store

LINES = 10
MACHINES_PER_LINE = 200  # each with 4 devices: 10 x 200 x 5 = 10,000 CIs


def big_plant(firmware: dict[str, str] | None = None, drop: str = "") -> Plant:
    firmware = firmware or {}
    lines = [
        {"id": f"L{i}", "name": f"Line {i}", "area": "A", "cost_per_hour": 1000 + i}
        for i in range(LINES)
    ]
    cis: list[dict[str, Any]] = []
    for i in range(LINES):
        for m in range(MACHINES_PER_LINE):
            machine = f"M{i}-{m}"
            net = f"10.{i}.{m // 250}"
            plc = f"{machine}-PLC"
            cis += [
                {"id": machine, "kind": "machine", "parent": f"L{i}"},
                {
                    "id": plc,
                    "kind": "plc",
                    "parent": machine,
                    "firmware": firmware.get(plc, "V1.0"),
                    "opcua": {"endpoint": f"opc.tcp://{net}.{m % 250}:4840"},
                },
                {
                    "id": f"{machine}-HMI",
                    "kind": "hmi",
                    "parent": machine,
                    "criticality": "degrades",
                    "depends_on": [plc],
                    "reach": {"host": f"{net}.{m % 250 + 1}"},
                },
                {
                    "id": f"{machine}-RC",
                    "kind": "robot_controller",
                    "parent": machine,
                    "modbus": {"host": f"{net}.{m % 250 + 2}", "port": 5020},
                },
                {
                    "id": f"{machine}-VIS",
                    "kind": "vision",
                    "parent": machine,
                    "criticality": "info",
                },
            ]
    cis = [ci for ci in cis if ci["id"] != drop]
    source = PlantFile.model_validate(
        {
            "site": {"id": "S", "name": "Site"},
            "area": [{"id": "A", "name": "A"}],
            "line": lines,
            "ci": cis,
        }
    )
    return build_plant(source)


@pytest.mark.slow
def test_ten_thousand_cis_import_and_reimport_finds_exactly_the_changes(tmp_path: Path) -> None:
    plant = big_plant()
    assert len(plant) > 10_000
    with open_store(tmp_path / "console.db") as store:
        started = time.perf_counter()
        first = import_plant(store, plant, "big.toml", b"v1")
        first_s = time.perf_counter() - started

        changed = big_plant(firmware={"M7-7-PLC": "V2.0", "M9-199-PLC": "V2.1"}, drop="M3-3-VIS")
        started = time.perf_counter()
        second = import_plant(store, changed, "big.toml", b"v2")
        second_s = time.perf_counter() - started

        assert len(first.added) == len(plant)
        assert second.changed == {"M7-7-PLC": ["firmware"], "M9-199-PLC": ["firmware"]}
        assert (second.added, second.removed) == ([], ["M3-3-VIS"])
        assert second.unchanged == len(plant) - 3
        assert len(load_cmdb(store)) == len(plant) - 1
    print(f"first import {first_s:.1f} s, re-import {second_s:.1f} s")
