"""The adaptive probe wait against a target whose round trip really jumps from ~0 to 400 ms
(every tenth answer then 50 ms later still, as behind a queue now and then).

The loopback of a network namespace of its own, with the kernel's echo replies switched off
there and a raw-socket responder answering ICMP echo after a delay it is told. The
reachability driver probes it by ICMP in the same namespace (a child process). Needs root
and `ip` (CI runs as root); skips with the reason otherwise; the namespace is removed in
finally. Conditions are waited for, never timed: the bounds are the child's own timeline.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.conftest import REPO

CHILD = r"""
import asyncio, json, socket, struct, sys, threading, time
from drivers.config import ReachConfig
from drivers.reachability import ReachabilityDriver

delay = [0.0]
answered = [0]

def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF

def responder():
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    while True:
        data, peer = sock.recvfrom(2048)
        icmp = data[(data[0] & 0x0F) * 4:]
        if len(icmp) < 8 or icmp[0] != 8:
            continue  # only echo requests (the raw socket sees the replies too)
        body = icmp[4:]
        head = struct.pack("!BBH", 0, 0, 0)
        reply = struct.pack("!BBH", 0, 0, checksum(head + body)) + body
        answered[0] += 1
        late = 0.05 if delay[0] and answered[0] % 10 == 0 else 0.0  # a queue now and then
        threading.Timer(delay[0] + late, sock.sendto, (reply, peer)).start()

async def main():
    threading.Thread(target=responder, daemon=True).start()
    driver = ReachabilityDriver(ReachConfig("127.0.0.1", (), 100, 1.0, 0.25))
    seen = []
    loop = asyncio.get_running_loop()
    def on_samples(batch):
        for s in batch:
            if s.point == "reachable" and s.quality.is_good:  # not the close
                seen.append((loop.time(), s.value, driver.rtt.timeout()))
    driver.add_sample_listener(on_samples)
    await driver.start()
    deadline = loop.time() + 60
    while sum(1 for _, ok, _ in seen if ok) < 15 and loop.time() < deadline:
        await asyncio.sleep(0.05)  # enough fast answers to settle the estimator at its floor
    fast_wait = driver.rtt.timeout()
    jump = loop.time()
    delay[0] = 0.4
    while sum(1 for t, ok, _ in seen if ok and t > jump + 0.3) < 40 and loop.time() < deadline:
        await asyncio.sleep(0.05)
    await driver.close()
    print(json.dumps({"jump": jump, "fast_wait": fast_wait, "seen": seen}))

asyncio.run(main())
"""


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=check, timeout=10)


@pytest.fixture
def namespace() -> Iterator[str]:
    if os.geteuid() != 0:
        pytest.skip("needs root to create a network namespace (CI runs as root)")
    if shutil.which("ip") is None or shutil.which("sysctl") is None:
        pytest.skip("needs the `ip` and `sysctl` commands (iproute2, procps)")
    ns = f"pcrtt{os.getpid() % 100_000}"
    made = _ip("netns", "add", ns, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot create a network namespace here: {made.stderr.strip()}")
    try:
        _ip("-n", ns, "link", "set", "lo", "up")
        quiet = subprocess.run(
            ["ip", "netns", "exec", ns, "sysctl", "-w", "net.ipv4.icmp_echo_ignore_all=1"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        if quiet.returncode != 0:
            pytest.skip(f"cannot silence the namespace's echo replies: {quiet.stderr.strip()}")
        yield ns
    finally:
        _ip("netns", "del", ns, check=False)


def test_a_round_trip_jump_fails_one_probe_briefly_then_is_followed(namespace: str) -> None:
    child = subprocess.run(
        ["ip", "netns", "exec", namespace, sys.executable, "-c", CHILD],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr
    out = json.loads(child.stdout)
    jump, seen = out["jump"], [(t, ok, wait) for t, ok, wait in out["seen"]]
    assert out["fast_wait"] == pytest.approx(0.25, abs=0.01)  # fast answers: about the floor
    before, after = [s for s in seen if s[0] <= jump], [s for s in seen if s[0] > jump]
    assert all(ok for _, ok, _ in before), "no failure while the answers were fast"
    failures = [i for i, (_, ok, _) in enumerate(after) if not ok]
    # At most one probe fails (the first slow one, at the 250 ms floor) ...
    assert len(failures) <= 1, after
    if failures:
        i = failures[0]
        # ... its own late answer makes the target reachable again, well before the 1 s cap,
        assert after[i + 1][1] is True
        assert after[i + 1][0] - after[i][0] < 0.75
        # ... and the wait has grown past the new round trip.
        assert after[i + 1][2] > 0.4
    assert sum(1 for _, ok, _ in after if ok) >= 40
