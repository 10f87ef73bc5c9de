"""Gateway mode: many generated OPC UA PLCs behind one endpoint, added to the plant file."""

from __future__ import annotations

import copy
from typing import Any

GATEWAY_ENDPOINT = "opc.tcp://127.0.9.1:4840"
GATEWAY_PROFILE = "sim-gateway-plc"
GATEWAY_AREA = "SIM-GW"
DEVICES_PER_LINE = 20
NODE = "nsu=urn:plantconsole:sim;s={ci}."

_POINTS: list[dict[str, Any]] = [
    {"name": "run_state", "role": "run_state", "node": NODE + "RunState"},
    {"name": "fault_code", "role": "fault_code", "node": NODE + "FaultCode"},
    {"name": "program_name", "role": "program_name", "node": NODE + "ProgramName"},
    {"name": "program_version", "role": "program_version", "node": NODE + "ProgramVersion"},
    {"name": "last_change", "role": "last_change", "node": NODE + "LastProgramChange"},
    {"name": "cycle_time", "role": "cycle_time", "node": NODE + "CycleTimeMs", "unit": "ms"},
    {"name": "cycle_counter", "node": NODE + "CycleCounter"},
    {
        "name": "cabinet_temp",
        "node": NODE + "CabinetTemp",
        "unit": "°C",
        "warn_high": 45.0,
        "alarm_high": 55.0,
    },
    {
        "name": "vibration",
        "node": NODE + "Vibration",
        "unit": "mm/s",
        "warn_high": 4.5,
        "alarm_high": 7.1,
    },
    {"name": "line_running", "role": "line_running", "node": NODE + "LineRunning"},
]


def gateway_ci_ids(count: int) -> list[str]:
    return [f"GW-PLC-{index:04d}" for index in range(1, count + 1)]


def add_gateway(
    raw: dict[str, Any], count: int, endpoint: str = GATEWAY_ENDPOINT
) -> dict[str, Any]:
    """A copy of the raw plant file with `count` generated PLCs on one gateway endpoint."""
    out = copy.deepcopy(raw)
    if count <= 0:
        return out
    out.setdefault("profile", []).append(
        {
            "id": GATEWAY_PROFILE,
            "name": "Simulated PLC behind an OPC UA gateway",
            "protocol": "opcua",
            "vendor": "PlantConsole",
            "model": "SimPLC",
            "min_poll_ms": 1000,
            "timeout_ms": 2000,
            "run_states": {"0": "STOP", "1": "RUN", "2": "FAULT", "3": "STARTUP"},
            "opcua_points": copy.deepcopy(_POINTS),
        }
    )
    out.setdefault("area", []).append({"id": GATEWAY_AREA, "name": "Simulated gateway plant"})
    lines = out.setdefault("line", [])
    cis = out.setdefault("ci", [])
    for index, ci_id in enumerate(gateway_ci_ids(count)):
        line_id = f"SIM-GW-L{index // DEVICES_PER_LINE + 1:03d}"
        if index % DEVICES_PER_LINE == 0:
            lines.append(
                {
                    "id": line_id,
                    "name": f"Simulated line {index // DEVICES_PER_LINE + 1}",
                    "area": GATEWAY_AREA,
                    "cost_per_hour": 1000.0,
                }
            )
        cis.append(
            {
                "id": ci_id,
                "name": f"Simulated PLC {index + 1}",
                "kind": "plc",
                "parent": line_id,
                "profile": GATEWAY_PROFILE,
                "opcua": {"endpoint": endpoint},
            }
        )
    return out
