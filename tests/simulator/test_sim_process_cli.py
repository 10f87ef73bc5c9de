"""The simulator as a subprocess, driven through the `plantconsole-sim` CLI."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from sim_clients import read_opcua, read_registers

from models.plant_loader import load_plant
from simulator.cli import main
from simulator.listen import free_tcp_port
from simulator.process import SimulatorProcess


@pytest.fixture(scope="module")
def sim_process() -> Iterator[SimulatorProcess]:
    process = SimulatorProcess(startup_timeout=60)
    process.start()
    try:
        yield process
    finally:
        code = process.stop()
    assert code == 0, f"SIGTERM did not stop the simulator cleanly\n{process.stderr_text()}"


def test_subprocess_serves_opcua_and_modbus(sim_process: SimulatorProcess) -> None:
    assert sim_process.client.health()["status"] == "ok"
    plant = load_plant(sim_process.effective_plant_path)
    assert asyncio.run(read_opcua(plant, "AR-042-PLC", "run_state"))["run_state"] == 1
    assert asyncio.run(read_registers(plant, "AR-042-RC", "holding", 0, 1)).registers == [1]


def test_cli_fault_list_restore(
    sim_process: SimulatorProcess, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sim_process.control_url
    plant = load_plant(sim_process.effective_plant_path)
    assert main(["fault", "AR-042-PLC", "stop", "--control", url]) == 0
    assert "stop on AR-042-PLC" in capsys.readouterr().out
    assert asyncio.run(read_opcua(plant, "AR-042-PLC", "run_state"))["run_state"] == 0
    assert main(["list", "--control", url]) == 0
    listing = capsys.readouterr().out
    assert "AR-042-PLC" in listing and "[stop]" in listing
    assert main(["restore", "AR-042-PLC", "--control", url]) == 0
    assert "restored: AR-042-PLC" in capsys.readouterr().out
    assert asyncio.run(read_opcua(plant, "AR-042-PLC", "run_state"))["run_state"] == 1


def test_cli_unknown_ci(sim_process: SimulatorProcess, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fault", "NOPE", "down", "--control", sim_process.control_url]) == 1
    err = capsys.readouterr().err
    assert "unknown CI 'NOPE'" in err and "Traceback" not in err


def test_cli_unknown_kind(
    sim_process: SimulatorProcess, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["fault", "AR-042-PLC", "explode", "--control", sim_process.control_url]) == 1
    assert "unknown fault kind 'explode'; known kinds: down, stop" in capsys.readouterr().err


def test_cli_bad_value(sim_process: SimulatorProcess, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["fault", "AR-042-RC", "slow", "--value", "soon", "--control", sim_process.control_url]
    )
    assert code == 1
    assert "seconds" in capsys.readouterr().err


def test_cli_control_not_running(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_tcp_port()}"
    assert main(["list", "--control", url]) == 2
    err = capsys.readouterr().err
    assert "no simulator control API at" in err and "Traceback" not in err
