"""Diagnostics benchmark: layered ping of many devices at once, first browse level of a big
OPC UA server.

    python -m bench.bench_diagnostics            100 devices, 5,000 nodes
    python -m bench.bench_diagnostics --smoke    20 devices, 500 nodes (CI)

Targets: all pings done within about one timeout period (half the devices hang, so each
of those costs a full timeout: sequentially that would be N timeouts); the first browse
level of the big server in under 1 s. The OPC UA server runs in a child process, so the
figures are the console's side only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import socket
import statistics
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from app.diagnostics.core import DiagnosticsCore, Settings
from app.diagnostics.results import BrowseResult

REPO = Path(__file__).resolve().parents[1]


# -- 100 Modbus devices: half answer, half hang ---------------------------------------------


async def _device(answer: bool) -> tuple[asyncio.Server, int, list[asyncio.StreamWriter]]:
    """A tiny Modbus TCP device: FC3 answered with one register, 43/14 with exception 1;
    a hanging one accepts connections and never answers (a stuck protocol task)."""
    writers: list[asyncio.StreamWriter] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            while True:
                head = await reader.readexactly(7)
                tid, _proto, length, unit = struct.unpack(">HHHB", head)
                pdu = await reader.readexactly(length - 1)
                if not answer:
                    continue
                reply = bytes([3, 2, 0, 1]) if pdu[0] == 3 else bytes([pdu[0] | 0x80, 1])
                writer.write(struct.pack(">HHHB", tid, 0, len(reply) + 1, unit) + reply)
                await writer.drain()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1], writers


async def ping_many(count: int, timeout_s: float) -> dict[str, Any]:
    devices = [await _device(answer=i % 2 == 0) for i in range(count)]
    core = DiagnosticsCore(settings=Settings(request_timeout_s=timeout_s, attempts=3))
    try:
        start = time.perf_counter()
        runs = await asyncio.gather(
            *(core.ping(f"modbus://127.0.0.1:{port}?unit=1") for _s, port, _w in devices)
        )
        wall = time.perf_counter() - start
    finally:
        for server, _port, writers in devices:
            server.close()
            for writer in writers:
                writer.close()
    codes: dict[str, int] = {}
    for run in runs:
        code = run.ping.verdict.code if run.ping else run.outcome.value
        codes[code] = codes.get(code, 0) + 1
    durations = sorted(run.duration_s for run in runs)
    # a hung device costs one request timeout plus pymodbus' grace (0.5 s) and the spacing
    budget = timeout_s + 0.5 + 0.4 + 0.5
    return {
        "devices": count,
        "timeout_s": timeout_s,
        "wall_s": round(wall, 3),
        "sequential_worst_s": round(count / 2 * (timeout_s + 0.5), 1),
        "per_device_p50_s": round(statistics.median(durations), 3),
        "per_device_max_s": round(durations[-1], 3),
        "verdicts": codes,
        "target_s": round(budget, 2),
        "met": wall <= budget,
    }


# -- a big OPC UA server in a child process ------------------------------------------------

SERVER = """
import asyncio, sys
from asyncua import Server, ua

def variable(parent, ns, name, value):
    item = ua.AddNodesItem()
    item.RequestedNewNodeId = ua.NodeId(name, ns)
    item.BrowseName = ua.QualifiedName(name.rsplit(".", 1)[-1], ns)
    item.ParentNodeId = parent
    item.ReferenceTypeId = ua.NodeId(ua.ObjectIds.Organizes)
    item.NodeClass = ua.NodeClass.Variable
    item.TypeDefinition = ua.NodeId(ua.ObjectIds.BaseDataVariableType)
    attrs = ua.VariableAttributes()
    attrs.DisplayName = ua.LocalizedText(name.rsplit(".", 1)[-1])
    attrs.Value = ua.Variant(float(value), ua.VariantType.Double)
    attrs.DataType = ua.NodeId(ua.ObjectIds.Double)
    item.NodeAttributes = attrs
    return item

async def main(port, count):
    server = Server()
    await server.init()
    server.set_endpoint(f"opc.tcp://127.0.0.1:{port}/big/")
    server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
    ns = await server.register_namespace("urn:plantconsole:bench:big")
    plant = await server.nodes.objects.add_folder(ua.NodeId("Plant", ns), "Plant")
    items = []
    units = max(1, min(1000, count // 5))  # one wide level: 1,000 units below Plant
    per_unit = max(1, count // units - 1)  # and the rest of the nodes below them
    for u in range(units):
        unit = ua.AddNodesItem()
        unit.RequestedNewNodeId = ua.NodeId(f"U{u:04d}", ns)
        unit.BrowseName = ua.QualifiedName(f"U{u:04d}", ns)
        unit.ParentNodeId = plant.nodeid
        unit.ReferenceTypeId = ua.NodeId(ua.ObjectIds.Organizes)
        unit.NodeClass = ua.NodeClass.Object
        unit.TypeDefinition = ua.NodeId(ua.ObjectIds.FolderType)
        attrs = ua.ObjectAttributes()
        attrs.DisplayName = ua.LocalizedText(f"U{u:04d}")
        unit.NodeAttributes = attrs
        items.append(unit)
        parent = ua.NodeId(f"U{u:04d}", ns)
        items += [variable(parent, ns, f"U{u:04d}.tag{i}", i) for i in range(per_unit)]
    for start in range(0, len(items), 1000):
        await server.iserver.isession.add_nodes(items[start:start + 1000])
    async with server:
        print("ready", flush=True)
        await asyncio.Event().wait()

asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def _timed_browse(core: DiagnosticsCore, url: str, node: str) -> tuple[float, int]:
    start = time.perf_counter()
    run = await core.browse(url, node)
    took = time.perf_counter() - start
    if not isinstance(run.result, BrowseResult):
        raise RuntimeError(f"browse of {node} returned {run.outcome}: {run.error}")
    return round(took, 3), len(run.result.children)


async def _tab_browse(core: DiagnosticsCore, url: str, nodes: list[str]) -> list[float]:
    """As the Browse tab does: one session, one expand after the other."""
    from app.diagnostics.browse_session import BrowseSession

    session = BrowseSession(core, url)
    times = []
    try:
        for node in nodes:
            start = time.perf_counter()
            result = await session.children(node)
            times.append(round(time.perf_counter() - start, 3))
            if not isinstance(result, BrowseResult):
                raise RuntimeError(f"browse of {node} failed: {result}")
    finally:
        await session.close()
    return times


async def browse_big(count: int) -> dict[str, Any]:
    """Browse (values of variables included) of a server holding `count` extra nodes as
    Plant/UNNNN/tagN: one wide level of 1,000 units (count // 5, at most 1,000) below
    Plant, the rest below the units. A run (CLI) opens a short-lived session per browse;
    the Browse tab keeps one session for its expands."""
    port = _free_port()
    proc = subprocess.Popen(  # noqa: ASYNC220 - started once, read from a thread below
        [sys.executable, "-c", SERVER, str(port), str(count)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert proc.stdout is not None
        line = await asyncio.to_thread(proc.stdout.readline)
        if b"ready" not in line:
            raise RuntimeError("the benchmark OPC UA server did not start")
        url = f"opc.tcp://127.0.0.1:{port}/big/"
        core = DiagnosticsCore(settings=Settings(request_timeout_s=10, run_timeout_s=120))
        plant = "nsu=urn:plantconsole:bench:big;s=Plant"
        unit = "nsu=urn:plantconsole:bench:big;s=U0000"
        figures: dict[str, Any] = {"nodes": count, "target_s": 1.0, "timeout_s": 10.0}
        figures["objects_s"], figures["objects_children"] = await _timed_browse(core, url, "i=85")
        figures["wide_s"], figures["wide_children"] = await _timed_browse(core, url, plant)
        figures["unit_s"], figures["unit_children"] = await _timed_browse(core, url, unit)
        tab = await _tab_browse(core, url, ["i=85", plant, unit])
        figures["tab_objects_s"], figures["tab_wide_s"], figures["tab_unit_s"] = tab
        figures["met"] = figures["wide_s"] < 1.0 and figures["tab_wide_s"] < 1.0
        return figures
    finally:
        proc.kill()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def load() -> list[float] | None:
    """The machine's 1/5/15-minute load averages (other work skews the figures)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):  # Windows
        return None


async def main_async(devices: int, nodes: int, timeout_s: float) -> dict[str, Any]:
    before = load()
    return {
        "ping": await ping_many(devices, timeout_s),
        "browse": await browse_big(nodes),
        "load_before": before,
        "load_after": load(),
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else "")
    parser.add_argument("--smoke", action="store_true", help="small and quick (CI)")
    parser.add_argument("--devices", type=int, default=None)
    parser.add_argument("--nodes", type=int, default=None)
    parser.add_argument("--timeout", type=float, default=1.0, help="request timeout (s)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    for noisy in ("asyncua", "pymodbus"):  # they log every timeout the benchmark provokes
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    devices = args.devices or (20 if args.smoke else 100)
    nodes = args.nodes or (500 if args.smoke else 5000)
    figures = asyncio.run(main_async(devices, nodes, args.timeout))
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    ping, browse = figures["ping"], figures["browse"]
    print(
        f"machine: {figures['cpus']} CPUs, load {figures['load_before']} before, "
        f"{figures['load_after']} after (1/5/15 min)"
    )
    print(
        f"layered ping of {ping['devices']} devices at once (half hang, timeout "
        f"{ping['timeout_s']} s): {ping['wall_s']:.2f} s wall "
        f"(target <= {ping['target_s']} s, sequential would be ~{ping['sequential_worst_s']} s), "
        f"per device p50 {ping['per_device_p50_s']} s, max {ping['per_device_max_s']} s, "
        f"verdicts {ping['verdicts']}"
    )
    print(
        f"browse of a server with {browse['nodes']:,} extra nodes (values included, "
        f"timeout {browse['timeout_s']} s), a run with its own session each: Objects "
        f"({browse['objects_children']} children) {browse['objects_s']:.3f} s; wide level "
        f"Plant ({browse['wide_children']}) {browse['wide_s']:.3f} s; one unit "
        f"({browse['unit_children']}) {browse['unit_s']:.3f} s (target < 1 s)"
    )
    print(
        f"the Browse tab (one session): Objects {browse['tab_objects_s']:.3f} s (opens the "
        f"session), Plant ({browse['wide_children']}) {browse['tab_wide_s']:.3f} s, "
        f"one unit {browse['tab_unit_s']:.3f} s"
    )
    if not (ping["met"] and browse["met"]):
        print("target missed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
