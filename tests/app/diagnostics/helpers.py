"""Peers and a plant for the diagnostics tests: an independent asyncua server (standard
nodes and a few variables) and a pymodbus server, each optionally behind a RecordingProxy."""

from __future__ import annotations

from models.cmdb import Plant
from models.plant_loader import parse_plant
from tests.drivers.opcua_peer import NS_URI

PLANT = """
[site]
id = "T"
name = "Test site"

[[profile]]
id = "plc-ua"
name = "a PLC over OPC UA"
protocol = "opcua"
timeout_ms = 1000
run_states = {{ "7" = "RUN", "0" = "STOP" }}
opcua_points = [
  {{ name = "run_state", role = "run_state", node = "nsu={ns};s=count" }},
  {{ name = "program_name", role = "program_name", node = "nsu={ns};s=name" }},
  {{ name = "cycle_time", role = "cycle_time", node = "nsu={ns};s=speed", unit = "ms" }},
]

[[profile]]
id = "rc-mb"
name = "a robot controller over Modbus"
protocol = "modbus"
timeout_ms = 1000
run_states = {{ "0" = "STOP", "1" = "RUN" }}
modbus_points = [
  {{ name = "run_state", role = "run_state", table = "holding", address = 0, type = "uint16" }},
  {{ name = "fault_code", role = "fault_code", table = "holding", address = 1, type = "uint16" }},
  {{ name = "fault_flag", role = "fault_flag", table = "discrete", address = 0, type = "bool" }},
  {{ name = "uptime", role = "uptime", table = "input", address = 2, type = "uint32" }},
  {{ name = "coil", table = "coil", address = 0, type = "bool" }},
]

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
profile = "plc-ua"
firmware = "V9.9"
opcua = {{ endpoint = "opc.tcp://127.0.0.1:{opcua_port}/plc/" }}

[[ci]]
id = "RC1"
kind = "robot_controller"
parent = "L1"
profile = "rc-mb"
modbus = {{ host = "127.0.0.1", port = {modbus_port}, unit_id = 1 }}

[[ci]]
id = "HMI1"
kind = "hmi"
parent = "L1"
reach = {{ host = "127.0.0.1", ports = [{opcua_port}] }}
"""


def make_plant(opcua_port: int, modbus_port: int) -> Plant:
    text = PLANT.format(opcua_port=opcua_port, modbus_port=modbus_port, ns=NS_URI)
    return parse_plant(text, "diag-test.toml")
