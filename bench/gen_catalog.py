"""What the plant generator builds from: shifts, device profiles, device and machine types.

Plain data, kept apart from `bench.plant_gen` so that the shape of a generated
plant can be read (and tuned) in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

CALENDAR = """\
[calendar.shifts]
early = { start = "06:00", end = "14:00" }
late = { start = "14:00", end = "22:00" }
night = { start = "22:00", end = "06:00" }
weekend_day = { start = "06:00", end = "18:00", days = ["sat", "sun"] }
weekend_night = { start = "18:00", end = "06:00", days = ["sat", "sun"] }
"""

# (shifts, weight): most lines run two or three shifts, a few around the clock.
SHIFT_PATTERNS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("early", "late"), 4),
    (("early", "late", "night"), 5),
    (("early", "late", "night", "weekend_day", "weekend_night"), 2),
    (("early",), 1),
)

_S7_FAULTS = """\
[profile.faults]
"0x2A" = { en = "Safety door open", de = "Schutztür offen" }
"0x11" = { en = "Emergency stop pressed", de = "Not-Halt betätigt" }
"0x31" = { en = "Servo fault axis 3", de = "Servofehler Achse 3" }
"0x05" = { en = "Gripper pressure low", de = "Greiferdruck zu niedrig" }
"""

_NS = "nsu=urn:plantconsole:sim;s={ci}"

PROFILES = f"""\
[[profile]]
id = "s7-1500-opcua"
name = "Siemens S7-1500 via OPC UA"
protocol = "opcua"
vendor = "Siemens"
model = "S7-1500"
min_poll_ms = 500
timeout_ms = 1000
run_states = {{ "0" = "STOP", "1" = "RUN", "2" = "FAULT", "3" = "STARTUP" }}
opcua_points = [
  {{ name = "run_state", role = "run_state", node = "{_NS}.RunState" }},
  {{ name = "fault_code", role = "fault_code", node = "{_NS}.FaultCode" }},
  {{ name = "program_name", role = "program_name", node = "{_NS}.ProgramName" }},
  {{ name = "program_version", role = "program_version", node = "{_NS}.ProgramVersion" }},
  {{ name = "cycle_time", role = "cycle_time", node = "{_NS}.CycleTimeMs", unit = "ms" }},
  {{ name = "cabinet_temp", node = "{_NS}.CabinetTemp", unit = "°C", warn_high = 45.0, \
alarm_high = 55.0 }},
  {{ name = "line_running", role = "line_running", node = "{_NS}.LineRunning" }},
]

{_S7_FAULTS}
[[profile]]
id = "wago-750-modbus"
name = "WAGO 750 controller via Modbus TCP"
protocol = "modbus"
vendor = "WAGO"
model = "750-8212"
min_poll_ms = 500
timeout_ms = 1000
run_states = {{ "0" = "STOP", "1" = "RUN", "2" = "FAULT" }}
modbus_points = [
  {{ name = "run_state", role = "run_state", table = "holding", address = 0, type = "uint16" }},
  {{ name = "fault_code", role = "fault_code", table = "holding", address = 1, type = "uint16" }},
  {{ name = "belt_speed", table = "input", address = 0, type = "float32", word_order = "little", \
unit = "m/min", warn_low = 2.0, alarm_low = 1.0 }},
  {{ name = "motor_current", table = "input", address = 2, type = "uint16", scale = 0.01, \
unit = "A", warn_high = 12.0, alarm_high = 15.0 }},
  {{ name = "line_running", role = "line_running", table = "coil", address = 0, type = "bool" }},
  {{ name = "fault_flag", role = "fault_flag", table = "discrete", address = 0, type = "bool" }},
]

[profile.faults]
"0x11" = {{ en = "Emergency stop pressed", de = "Not-Halt betätigt" }}
"0x07" = {{ en = "Belt slip detected", de = "Bandschlupf erkannt" }}

[[profile]]
id = "krc5-modbus"
name = "KUKA KR C5 robot controller via Modbus TCP"
protocol = "modbus"
vendor = "KUKA"
model = "KR C5"
min_poll_ms = 500
timeout_ms = 1000
run_states = {{ "0" = "STOP", "1" = "RUN", "2" = "FAULT" }}
modbus_points = [
  {{ name = "run_state", role = "run_state", table = "holding", address = 0, type = "uint16" }},
  {{ name = "fault_code", role = "fault_code", table = "holding", address = 1, type = "uint16" }},
  {{ name = "cycle_counter", table = "holding", address = 2, type = "uint32" }},
  {{ name = "axis_temp", table = "input", address = 0, type = "int16", scale = 0.1, unit = "°C", \
warn_high = 60.0, alarm_high = 75.0 }},
  {{ name = "vibration", table = "input", address = 2, type = "float32", unit = "mm/s", \
warn_high = 4.5, alarm_high = 7.1 }},
  {{ name = "fault_flag", role = "fault_flag", table = "discrete", address = 0, type = "bool" }},
]

[profile.faults]
"0x31" = {{ en = "Servo fault axis 3", de = "Servofehler Achse 3" }}
"0x2A" = {{ en = "Safety door open", de = "Schutztür offen" }}

[[profile]]
id = "omnicore-opcua"
name = "ABB OmniCore robot controller via OPC UA"
protocol = "opcua"
vendor = "ABB"
model = "OmniCore C30"
min_poll_ms = 500
timeout_ms = 1000
run_states = {{ "0" = "STOP", "1" = "RUN", "2" = "FAULT" }}
opcua_points = [
  {{ name = "run_state", role = "run_state", node = "{_NS}.RunState" }},
  {{ name = "fault_code", role = "fault_code", node = "{_NS}.FaultCode" }},
  {{ name = "program_name", role = "program_name", node = "{_NS}.ProgramName" }},
  {{ name = "axis_temp", node = "{_NS}.AxisTemp", unit = "°C", warn_high = 60.0, \
alarm_high = 75.0 }},
]

[[profile]]
id = "g120-modbus"
name = "SINAMICS G120 drive via Modbus TCP"
protocol = "modbus"
vendor = "Siemens"
model = "SINAMICS G120"
min_poll_ms = 1000
timeout_ms = 1000
run_states = {{ "0" = "STOP", "1" = "RUN", "2" = "FAULT" }}
modbus_points = [
  {{ name = "run_state", role = "run_state", table = "holding", address = 0, type = "uint16" }},
  {{ name = "fault_code", role = "fault_code", table = "holding", address = 1, type = "uint16" }},
  {{ name = "speed", table = "input", address = 0, type = "float32", unit = "rpm" }},
  {{ name = "motor_current", table = "input", address = 2, type = "uint16", scale = 0.1, \
unit = "A", warn_high = 18.0, alarm_high = 22.0 }},
  {{ name = "dc_link", table = "input", address = 3, type = "uint16", unit = "V", \
warn_high = 720.0, alarm_high = 760.0 }},
  {{ name = "fault_flag", role = "fault_flag", table = "discrete", address = 0, type = "bool" }},
]

[profile.faults]
"0x07" = {{ en = "Overcurrent", de = "Überstrom" }}
"0x1E" = {{ en = "Motor overtemperature", de = "Motorübertemperatur" }}

[[profile]]
id = "iolink-master-modbus"
name = "ifm IO-Link master via Modbus TCP"
protocol = "modbus"
vendor = "ifm"
model = "AL1350"
min_poll_ms = 1000
timeout_ms = 1000
modbus_points = [
  {{ name = "port_status", table = "holding", address = 0, type = "uint16" }},
  {{ name = "supply_voltage", table = "input", address = 0, type = "uint16", scale = 0.01, \
unit = "V", warn_low = 21.6, alarm_low = 20.4 }},
  {{ name = "temperature", table = "input", address = 1, type = "int16", scale = 0.1, \
unit = "°C", warn_high = 60.0, alarm_high = 70.0 }},
  {{ name = "fault_flag", role = "fault_flag", table = "discrete", address = 0, type = "bool" }},
]

[[profile]]
id = "siemens-hmi"
name = "Siemens TP1500 Comfort panel"
protocol = "reach"
vendor = "Siemens"
model = "TP1500 Comfort"
ports = [8443]

[[profile]]
id = "cognex-vision"
name = "Cognex In-Sight 9000"
protocol = "reach"
vendor = "Cognex"
model = "IS9000"
ports = [8443]

[[profile]]
id = "sick-sensor"
name = "SICK Ethernet sensor (LiDAR / light grid)"
protocol = "reach"
vendor = "SICK"
model = "microScan3"
ports = [2111]

[[profile]]
id = "managed-switch"
name = "Managed industrial switch (SCALANCE XC)"
protocol = "reach"
vendor = "Siemens"
model = "SCALANCE XC216"
min_poll_ms = 500
ports = [8443]

[[profile]]
id = "mes-opcua"
name = "MES interface OPC UA server (SAP ME connector)"
protocol = "opcua"
vendor = "SAP"
model = "ME OPC UA connector"
opcua_points = [
  {{ name = "orders_pending", node = "{_NS}.OrdersPending", warn_high = 40.0, \
alarm_high = 80.0 }},
]
"""

PORTS = {"opcua": 4840, "modbus": 5020}

# (criticality, weight)
Weights = tuple[tuple[str, int], ...]
STOPS: Weights = (("stops_line", 1),)
SENSOR_MIX: Weights = (("stops_line", 6), ("degrades", 3), ("info", 1))


@dataclass(frozen=True)
class DeviceType:
    """One kind of device on a machine and how the console watches it."""

    kind: str
    suffix: str
    label: str
    profile: str | None
    protocol: str | None  # "opcua", "modbus", "reach" or None (not monitored)
    criticality: Weights = STOPS
    via: str = "network"  # "network": on a switch or ring; "io": wired to an IO module


PLC_OPCUA = DeviceType("plc", "PLC", "PLC", "s7-1500-opcua", "opcua")
PLC_MODBUS = DeviceType("plc", "PLC", "Controller", "wago-750-modbus", "modbus")
HMI = DeviceType("hmi", "HMI", "HMI", "siemens-hmi", "reach", (("degrades", 1),))
RC_MODBUS = DeviceType("robot_controller", "RC", "Robot controller", "krc5-modbus", "modbus")
RC_OPCUA = DeviceType("robot_controller", "RC", "Robot controller", "omnicore-opcua", "opcua")
VISION = DeviceType(
    "vision", "VIS", "Vision system", "cognex-vision", "reach", (("info", 3), ("degrades", 1))
)
DRIVE = DeviceType("drive", "DRV", "Drive", "g120-modbus", "modbus")
IO_MODULE = DeviceType("io_module", "IO", "IO-Link master", "iolink-master-modbus", "modbus")
SENSOR_ETH = DeviceType("sensor", "SAF", "Safety sensor", "sick-sensor", "reach", SENSOR_MIX)
SENSOR_IO = DeviceType("sensor", "SEN", "IO-Link sensor", None, None, SENSOR_MIX, via="io")


@dataclass(frozen=True)
class MachineType:
    """A machine and its devices, each as (type, fewest, most); the first is its controller."""

    code: str
    label: str
    devices: tuple[tuple[DeviceType, int, int], ...]


ROBOT_CELL = MachineType(
    "RB",
    "Robot cell",
    (
        (PLC_OPCUA, 1, 1),
        (HMI, 1, 1),
        (RC_MODBUS, 1, 3),
        (VISION, 0, 1),
        (SENSOR_ETH, 0, 1),
        (IO_MODULE, 1, 1),
        (SENSOR_IO, 1, 4),
    ),
)
ROBOT_CELL_ABB = MachineType(
    "RA",
    "Robot cell",
    (
        (PLC_OPCUA, 1, 1),
        (HMI, 1, 1),
        (RC_OPCUA, 1, 2),
        (VISION, 0, 1),
        (IO_MODULE, 1, 1),
        (SENSOR_IO, 1, 3),
    ),
)
CONVEYOR = MachineType(
    "CV",
    "Conveyor",
    ((PLC_MODBUS, 1, 1), (DRIVE, 2, 6), (IO_MODULE, 0, 1), (SENSOR_IO, 2, 6)),
)
PRESS = MachineType(
    "PR",
    "Press",
    (
        (PLC_OPCUA, 1, 1),
        (HMI, 1, 1),
        (DRIVE, 2, 4),
        (SENSOR_ETH, 1, 2),
        (IO_MODULE, 1, 1),
        (SENSOR_IO, 2, 5),
    ),
)
BOOTH = MachineType(
    "PB",
    "Paint booth",
    ((PLC_OPCUA, 1, 1), (HMI, 1, 1), (DRIVE, 1, 3), (IO_MODULE, 1, 1), (SENSOR_IO, 3, 6)),
)
OVEN = MachineType(
    "OV", "Curing oven", ((PLC_MODBUS, 1, 1), (HMI, 1, 1), (DRIVE, 1, 2), (SENSOR_IO, 2, 4))
)
CNC = MachineType("MC", "Machining centre", ((PLC_OPCUA, 1, 1), (HMI, 1, 1), (DRIVE, 3, 5)))
SCREWING = MachineType(
    "SS",
    "Screwing station",
    ((PLC_MODBUS, 1, 1), (HMI, 0, 1), (IO_MODULE, 1, 1), (SENSOR_IO, 1, 2)),
)
TESTER = MachineType(
    "TB",
    "Test bench",
    ((PLC_OPCUA, 1, 1), (HMI, 1, 1), (VISION, 0, 2), (IO_MODULE, 1, 1), (SENSOR_IO, 1, 3)),
)
AGV_STATION = MachineType(
    "AG", "AGV station", ((PLC_MODBUS, 1, 1), (SENSOR_ETH, 1, 2), (DRIVE, 0, 1))
)


@dataclass(frozen=True)
class AreaType:
    """A kind of hall: its lines, their products, machines and economics."""

    code: str
    label: str
    line_label: str
    products: tuple[str, ...]
    machines: tuple[tuple[MachineType, int], ...]
    ring_share: float  # share of lines with a redundant PROFINET ring
    units: tuple[int, int]


AREA_TYPES: tuple[AreaType, ...] = (
    AreaType(
        "PW",
        "Press shop",
        "Press line",
        ("Side panels", "Roof panels", "Doors"),
        ((PRESS, 5), (CONVEYOR, 2), (ROBOT_CELL, 2)),
        0.2,
        (900, 2400),
    ),
    AreaType(
        "BS",
        "Body shop",
        "Body line",
        ("Underbody", "Body in white"),
        ((ROBOT_CELL, 6), (ROBOT_CELL_ABB, 3), (CONVEYOR, 2), (TESTER, 1)),
        0.25,
        (200, 420),
    ),
    AreaType(
        "PS",
        "Paint shop",
        "Paint line",
        ("Body paint", "Bumper paint"),
        ((BOOTH, 4), (OVEN, 2), (ROBOT_CELL, 3), (CONVEYOR, 2)),
        0.6,
        (240, 360),
    ),
    AreaType(
        "AS",
        "Assembly",
        "Assembly line",
        ("SUV Model X", "Compact Model C", "Van V"),
        ((SCREWING, 4), (ROBOT_CELL, 3), (CONVEYOR, 3), (TESTER, 1)),
        0.2,
        (180, 300),
    ),
    AreaType(
        "PT",
        "Powertrain",
        "Machining line",
        ("Gearbox housing", "Rotor shaft"),
        ((CNC, 6), (ROBOT_CELL_ABB, 2), (TESTER, 1), (CONVEYOR, 1)),
        0.15,
        (300, 900),
    ),
    AreaType(
        "BT",
        "Battery",
        "Module line",
        ("Battery module 96S", "Battery pack"),
        ((ROBOT_CELL, 4), (SCREWING, 2), (TESTER, 2), (CONVEYOR, 2)),
        0.35,
        (400, 1200),
    ),
    AreaType(
        "LG",
        "Logistics",
        "Supply line",
        ("Kitting", "Sequencing"),
        ((CONVEYOR, 4), (AGV_STATION, 3)),
        0.1,
        (600, 2000),
    ),
    AreaType(
        "FI",
        "Final inspection",
        "Inspection line",
        ("Vehicle audit", "End of line"),
        ((TESTER, 5), (CONVEYOR, 2), (SCREWING, 1)),
        0.2,
        (200, 320),
    ),
)
