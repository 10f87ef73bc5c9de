"""The console against peers that are not the simulator: a plain asyncua server and the
pymodbus server, reached through recording proxies. Proves that monitoring sends only
read services, and that `plantconsole status --once` works on any conforming device."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest

from app.monitor.bindings import Intervals
from app.monitor.plant_monitor import PlantMonitor
from drivers.allowlist import MODBUS_ALLOWED_FUNCTIONS, OPCUA_ALLOWED_SERVICES
from models.plant_loader import parse_plant
from models.states import State
from tests.conftest import REPO
from tests.drivers.conftest import (
    RecordingProxy,
    free_port,
    modbus_function_codes,
    opcua_requests,
)
from tests.drivers.modbus_peer import start_pymodbus
from tests.drivers.opcua_peer import NS_URI, start_peer
from tests.integration.conftest import eventually, run

# Real processes on a shared machine: generous bounds, conditions waited for.
pytestmark = pytest.mark.timeout(300)

PLANT = """
[site]
id = "T"
name = "Test site"

[console]
reference_targets = [{{ host = "127.0.0.1", port = {ref_port} }}]

[[area]]
id = "A"
name = "Area"

[[line]]
id = "L1"
name = "Line 1"
area = "A"
cost_per_hour = 1000

[[ci]]
id = "PLC1"
kind = "plc"
parent = "L1"
[ci.opcua]
endpoint = "opc.tcp://127.0.0.1:{opcua_port}/plc/"
points = [
  {{ name = "speed", node = "nsu={ns};s=speed", warn_high = 10.0, alarm_high = 20.0 }},
  {{ name = "count", node = "nsu={ns};s=count" }},
  {{ name = "running", role = "line_running", node = "nsu={ns};s=running" }},
  {{ name = "server_state", node = "i=2259" }},
]

[[ci]]
id = "RC1"
kind = "robot_controller"
parent = "L1"
[ci.modbus]
host = "127.0.0.1"
port = {modbus_port}
unit_id = 1
points = [
  {{ name = "state", table = "holding", address = 0, type = "uint16" }},
  {{ name = "temp", table = "input", address = 4, type = "int16", scale = 0.1, warn_high = 60.0 }},
  {{ name = "counter", table = "holding", address = 10, type = "uint32" }},
  {{ name = "door", table = "discrete", address = 3, type = "bool" }},
]
"""


def plant_text(opcua_port: int, modbus_port: int, ref_port: int | None = None) -> str:
    return PLANT.format(
        opcua_port=opcua_port, modbus_port=modbus_port, ref_port=ref_port or opcua_port, ns=NS_URI
    )


def test_monitoring_sends_only_read_services() -> None:
    async def scenario() -> None:
        peer = await start_peer(free_port())
        modbus, modbus_port = await start_pymodbus()
        ua_proxy = await RecordingProxy(peer.port).start()
        mb_proxy = await RecordingProxy(modbus_port).start()
        plant = parse_plant(plant_text(ua_proxy.port, mb_proxy.port))
        monitor = PlantMonitor(plant, Intervals(poll_ms=200, timeout_s=2.0))
        await monitor.start()
        try:
            await eventually(
                lambda: (
                    monitor.engine.rolled["L1"].state is State.OK
                    and "speed" in monitor.readings.cis["PLC1"].points
                    and "temp" in monitor.readings.cis["RC1"].points
                ),
                limit_s=30,
                what="both devices OK with values",
            )
            await peer.set("speed", 25.0)  # a subscription update crosses the alarm limit
            await eventually(
                lambda: monitor.engine.effective["PLC1"].state is State.DEGRADED, limit_s=15
            )
            for ci in ("PLC1", "RC1"):
                driver = monitor.driver_for(ci)
                assert driver is not None
                samples = await driver.read()
                assert samples and all(s.quality.name == "Good" for s in samples), samples
        finally:
            await monitor.stop()
            await ua_proxy.stop()
            await mb_proxy.stop()
            await peer.stop()
            await modbus.shutdown()
        services = set(opcua_requests(bytes(ua_proxy.sent)))
        assert services, "nothing recorded"
        assert services - {"Hello"} <= OPCUA_ALLOWED_SERVICES, services
        assert {"Read", "CreateSubscription", "CreateMonitoredItems", "Publish"} <= services
        codes = {fc for _unit, fc, _pdu in modbus_function_codes(bytes(mb_proxy.sent))}
        assert codes and codes <= MODBUS_ALLOWED_FUNCTIONS | {43}, codes

    run(scenario())


def test_status_once_against_independent_servers(tmp_path: Path) -> None:
    async def scenario() -> tuple[int, str, str]:
        peer = await start_peer(free_port())
        modbus, modbus_port = await start_pymodbus()
        config = tmp_path / "plant.toml"
        config.write_text(plant_text(peer.port, modbus_port), encoding="utf-8")
        try:
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "app.cli",
                "status",
                "--once",
                "--json",
                "--config",
                str(config),
                cwd=REPO,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            out, err = await asyncio.wait_for(proc.communicate(), 120)
            assert proc.returncode is not None
            return proc.returncode, out.decode(), err.decode()
        finally:
            await peer.stop()
            await modbus.shutdown()

    code, out, err = run(scenario())
    assert code == 0, err
    data = json.loads(out)
    states = {ci["id"]: ci for ci in data["cis"]}
    assert states["PLC1"]["state"] == "OK" and states["RC1"]["state"] == "OK"
    assert states["PLC1"]["values"]["speed"]["quality"] == "Good"
    assert states["PLC1"]["values"]["server_state"]["value"] == 0  # ServerState Running
    assert states["RC1"]["values"]["door"]["value"] is False
    assert data["links"] == {"modbus": {"up": 1, "total": 1}, "opcua": {"up": 1, "total": 1}}


async def status_once(config: Path) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.cli",
        "status",
        "--once",
        "--config",
        str(config),
        "--timeout",
        "1",
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    return proc.returncode, err.decode()


def test_status_once_exits_1_when_a_line_stopper_is_down(tmp_path: Path) -> None:
    async def scenario() -> tuple[int, str]:
        reference = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)
        ref_port = reference.sockets[0].getsockname()[1]
        config = tmp_path / "plant.toml"
        config.write_text(plant_text(free_port(), free_port(), ref_port), encoding="utf-8")
        try:
            return await status_once(config)
        finally:
            reference.close()
            await reference.wait_closed()

    code, err = run(scenario())
    # The console's path is fine, the devices refuse: both stop the line.
    assert code == 1, err
    assert "stops_line CIs down: PLC1, RC1" in err and "Traceback" not in err


def test_status_once_exits_3_when_the_console_is_cut_off(tmp_path: Path) -> None:
    config = tmp_path / "plant.toml"
    config.write_text(plant_text(free_port(), free_port()), encoding="utf-8")
    code, err = run(status_once(config))
    # Nothing answers, not even the reference target: the console says it is cut off
    # rather than reporting a plant failure.
    assert code == 3, err
    assert "cannot reach the plant" in err and "Traceback" not in err
