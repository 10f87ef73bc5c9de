"""Layers that really fail: a device behind a veth pair in a network namespace of its own.

"Switch down" is the device-side link going down (ICMP and TCP time out for real);
"server stopped" is its Modbus server killed (TCP refused while ICMP still answers).
Needs root and `ip` (CI runs as root); skips with the reason otherwise. Link-local
169.254.x/30 addresses; nothing leaves this machine; everything is removed in finally.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from app.diagnostics.core import DiagnosticsCore, Settings
from app.diagnostics.report import render
from tests.conftest import REPO
from tests.integration.conftest import run

SERVER = """
import asyncio, sys
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice
async def main():
    device = SimDevice(id=1, simdata=[SimData(0, count=10, values=1, datatype=DataType.REGISTERS)])
    server = ModbusTcpServer(device, address=(sys.argv[1], 5020))
    await server.serve_forever()
asyncio.run(main())
"""


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=check, timeout=10)


@dataclass
class Segment:
    ns: str
    host_if: str
    device_if: str
    device_ip: str
    server: subprocess.Popen[bytes] | None = None

    def start_server(self) -> None:
        self.server = subprocess.Popen(
            ["ip", "netns", "exec", self.ns, sys.executable, "-c", SERVER, self.device_ip],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop_server(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.kill()
            self.server.wait(timeout=10)

    def link(self, up: bool) -> None:
        _ip("-n", self.ns, "link", "set", self.device_if, "up" if up else "down")


@pytest.fixture
def segment() -> Iterator[Segment]:
    if os.geteuid() != 0:
        pytest.skip("needs root to create a network namespace (CI runs as root)")
    if shutil.which("ip") is None:
        pytest.skip("needs the `ip` command (iproute2)")
    n = os.getpid() % 200 + 20
    seg = Segment(f"pcdiag{n}", f"pcd{n}h", f"pcd{n}d", f"169.254.{n}.2")
    made = _ip("netns", "add", seg.ns, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot create a network namespace here: {made.stderr.strip()}")
    try:
        _ip("link", "add", seg.host_if, "type", "veth", "peer", "name", seg.device_if)
        _ip("link", "set", seg.device_if, "netns", seg.ns)
        _ip("addr", "add", f"169.254.{n}.1/30", "dev", seg.host_if)
        _ip("link", "set", seg.host_if, "up")
        _ip("-n", seg.ns, "addr", "add", f"{seg.device_ip}/30", "dev", seg.device_if)
        _ip("-n", seg.ns, "link", "set", seg.device_if, "up")
        _ip("-n", seg.ns, "link", "set", "lo", "up")
        seg.start_server()
        yield seg
    finally:
        seg.stop_server()
        _ip("link", "del", seg.host_if, check=False)
        _ip("netns", "del", seg.ns, check=False)


async def code_of(core: DiagnosticsCore, target: str) -> tuple[str, str]:
    diagnostic = await core.ping(target, 2)
    assert diagnostic.ping is not None, diagnostic
    return diagnostic.ping.verdict.code, render(diagnostic)


async def until_code(core: DiagnosticsCore, target: str, wanted: str, limit: float = 20) -> str:
    end = time.monotonic() + limit
    while True:
        code, text = await code_of(core, target)
        if code == wanted or time.monotonic() > end:
            assert code == wanted, text
            return text
        await asyncio.sleep(0.2)


def test_switch_down_and_server_stopped_read_differently(segment: Segment) -> None:
    target = f"modbus://{segment.device_ip}:5020?unit=1"

    async def scenario() -> None:
        core = DiagnosticsCore(settings=Settings(request_timeout_s=1.0))
        await until_code(core, target, "ok")
        segment.link(False)
        start = time.monotonic()
        code, text = await code_of(core, target)
        took = time.monotonic() - start
        assert code == "no_answer", text
        assert "nothing answers: no ICMP echo" in text
        assert took < 2.5, (
            f"layers run concurrently: one timeout, not one per attempt ({took:.1f} s)"
        )
        segment.link(True)
        await until_code(core, target, "ok")
        segment.stop_server()
        text = await until_code(core, target, "server_stopped")
        assert "host reachable, Modbus server stopped (TCP 5020 refused)" in text

    run(scenario(), timeout=90)
