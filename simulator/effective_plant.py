"""The plant file as served: endpoints rewritten to the addresses really listened on."""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import tomli_w

from simulator.layout import Address

Moves = dict[Address, Address]


def rewrite_endpoints(
    raw: dict[str, Any], moves: Moves, profiles_ports: dict[str, list[int]]
) -> dict[str, Any]:
    """A copy of the raw plant file with every served endpoint moved to where it listens."""
    out = copy.deepcopy(raw)
    for ci in out.get("ci", []):
        if "opcua" in ci:
            ci["opcua"]["endpoint"] = _move_url(ci["opcua"]["endpoint"], moves)
        elif "modbus" in ci:
            modbus = ci["modbus"]
            host, port = moves.get((modbus["host"], modbus.get("port", 502)), (None, 0))
            if host is not None:
                modbus["host"], modbus["port"] = host, port
        elif "reach" in ci:
            reach = ci["reach"]
            ports = reach.get("ports") or profiles_ports.get(ci.get("profile", ""), [])
            moved = [moves[(reach["host"], p)] for p in ports if (reach["host"], p) in moves]
            if moved:
                reach["host"] = moved[0][0]
                reach["ports"] = [port for _, port in moved]
    targets = out.get("console", {}).get("reference_targets", [])
    for target in targets:
        target["host"], target["port"] = moves.get(
            (target["host"], target["port"]), (target["host"], target["port"])
        )
    return out


def _move_url(url: str, moves: Moves) -> str:
    parts = urlsplit(url)
    address = (parts.hostname or "", parts.port or 4840)
    if address not in moves:
        return url
    host, port = moves[address]
    return urlunsplit((parts.scheme, f"{host}:{port}", parts.path, parts.query, parts.fragment))


def write_plant(raw: dict[str, Any], path: Path) -> None:
    """Write atomically, so that a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# Written by plantconsole-sim: the plant as it is served right now.\n"
    text += tomli_w.dumps(raw)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
