"""A pymodbus TCP server for the Modbus devices behind one public host:port.

Each device answers only its own unit id (requests for other ids get no answer,
as many real devices do). Registers are encoded from the device model on every
read, so no update loop is needed; faults bend the answers here: an exception
code for every request, short replies, or silence while the device is unreachable.
"""

from __future__ import annotations

import logging
from typing import Any

from pymodbus.constants import ExcCodes
from pymodbus.pdu.device import ModbusDeviceIdentification
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice
from pymodbus.simulator.simutils import SimUtils

from models.plant_schema import ModbusPoint
from simulator.device_model import DeviceModel
from simulator.modbus_codec import register_image

log = logging.getLogger(__name__)

# Function code -> table: reads 1-4 and the writes a real device would also accept.
TABLE_OF_FUNCTION = {1: "coil", 5: "coil", 15: "coil", 2: "discrete"}
TABLE_OF_FUNCTION.update({3: "holding", 6: "holding", 16: "holding", 22: "holding", 23: "holding"})
TABLE_OF_FUNCTION[4] = "input"
TABLES = ("coil", "discrete", "holding", "input")
VALID_EXCEPTION_CODES = frozenset(int(code) for code in ExcCodes)


class ModbusDevice:
    """One unit id on a Modbus server: the device model and its register map."""

    def __init__(self, model: DeviceModel, points: list[ModbusPoint], unit_id: int) -> None:
        self.model = model
        self.points = points
        self.unit_id = unit_id
        self.by_table = {t: [p for p in points if p.table == t] for t in TABLES}

    def sim_device(self) -> SimDevice:
        coils, discrete, holding, inputs = (self._block(table) for table in TABLES)
        blocks = (coils, discrete, holding, inputs)
        return SimDevice(id=self.unit_id, simdata=blocks, action=self.on_access)

    def _block(self, table: str) -> list[SimData]:
        points = self.by_table[table]
        bits = table in ("coil", "discrete")
        if not points:
            if bits:
                return [SimData(address=0, count=16, values=False, datatype=DataType.BITS)]
            return [SimData(address=0, count=1, datatype=DataType.INVALID)]
        first = min(p.address for p in points)
        end = max(p.address + p.width for p in points)
        if bits:
            return [SimData(address=first, count=end - first, values=False, datatype=DataType.BITS)]
        return [SimData(address=first, count=end - first, values=0, datatype=DataType.REGISTERS)]

    async def on_access(
        self,
        function_code: int,
        start_address: int,
        address: int,
        count: int,
        registers: list[int],
        set_values: list[int] | list[bool] | None,
    ) -> ExcCodes | None:
        """Called by pymodbus on every request: refresh the block, or answer an exception."""
        del address, count, set_values
        code = self.model.faults.exception_code
        if code is not None:
            return ExcCodes(code)
        table = TABLE_OF_FUNCTION.get(function_code)
        if table is None:
            return ExcCodes.ILLEGAL_FUNCTION
        values = self.model.values
        if table in ("coil", "discrete"):
            self._fill_bits(table, start_address, registers)
        else:
            image = register_image([(p, values[p.name]) for p in self.by_table[table]])
            for index in range(len(registers) - 1):  # the last entry is pymodbus' end marker
                registers[index] = image.get(start_address + index, 0)
        return None

    def _fill_bits(self, table: str, start_register: int, registers: list[int]) -> None:
        bits = [False] * (16 * (len(registers) - 1))
        first_bit = start_register * 16
        for point in self.by_table[table]:
            index = point.address - first_bit
            if 0 <= index < len(bits):
                bits[index] = bool(self.model.values[point.name])
        for index, word in enumerate(SimUtils.bitsToRegisters(bits)):
            registers[index] = word


class ModbusBackend:
    """The real Modbus server for one public listener, on a private loopback port."""

    def __init__(self, devices: list[ModbusDevice]) -> None:
        self.devices = {d.unit_id: d for d in devices}
        self._server: Any = None
        self.port = 0

    async def start(self) -> None:
        sims = [d.sim_device() for d in self.devices.values()]
        if 0 not in self.devices:
            # Catch-all for foreign unit ids; their answers are dropped in `_on_packet`.
            sims.append(SimDevice(id=0, simdata=[SimData(0, count=1, datatype=DataType.INVALID)]))
        first = next(iter(self.devices.values()))
        self._server = ModbusTcpServer(
            sims,
            address=("127.0.0.1", 0),
            identity=_identity(first.model),
            trace_packet=self._on_packet,
        )
        await self._server.serve_forever(background=True)
        self.port = int(self._server.transport.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.shutdown()
            self._server = None

    def _on_packet(self, sending: bool, packet: bytes) -> bytes:
        """Outgoing frames: drop answers for foreign or unreachable units, shorten on fault."""
        if not sending or len(packet) < 8:
            return packet
        device = self.devices.get(packet[6])
        if device is None or device.model.faults.unreachable:
            return b""
        if device.model.faults.short_replies:
            return shorten_reply(packet)
        if packet[7] == 0x2B:
            return own_identity(packet, identity_objects(device.model))
        return packet


def shorten_reply(packet: bytes) -> bytes:
    """A well-formed read reply with one register (or all bits) fewer than asked."""
    function = packet[7]
    if function not in (1, 2, 3, 4) or len(packet) < 9:
        return packet
    byte_count = packet[8]
    data = packet[9 : 9 + byte_count]
    keep = byte_count - 2 if function in (3, 4) and byte_count >= 2 else 0
    if function in (1, 2) and byte_count >= 2:
        keep = byte_count - 1
    data = data[:keep]
    length = 3 + len(data)
    return packet[:4] + length.to_bytes(2, "big") + packet[6:8] + bytes([len(data)]) + data


def identity_objects(model: DeviceModel) -> dict[int, bytes]:
    """Read Device Identification objects (0 vendor, 1 product code, 2 revision, 4 name)."""
    return {
        0: (model.vendor or "PlantConsole Simulator").encode(),
        1: (model.product or "SIM").encode(),
        2: model.firmware.encode(),
        4: f"Simulated {model.product or 'Modbus device'}".encode(),
    }


def own_identity(packet: bytes, objects: dict[int, bytes]) -> bytes:
    """A 43/14 reply carrying this device's identity. pymodbus answers from one
    process-wide identity (a class attribute of its ModbusControlBlock), so every simulated
    device of a process would otherwise report the model set last. The object ids are those
    of the reply pymodbus built, or, where that identity is empty (nothing listed), the
    basic ones (0-2, and 4 for a regular or extended read); anything unexpected is passed
    through unchanged."""
    pdu = packet[7:]
    if len(pdu) < 7 or pdu[1] != 0x0E:
        return packet
    ids, at = [], 7
    for _ in range(pdu[6]):
        if at + 2 > len(pdu):
            return packet
        ids.append(pdu[at])
        at += 2 + pdu[at + 1]
    if not ids and pdu[2] in (1, 2, 3):
        ids = [0, 1, 2] + ([4] if pdu[2] != 1 else [])
    body = b"".join(bytes([i, len(v)]) + v for i in ids for v in [objects.get(i, b"")[:240]])
    new_pdu = pdu[:4] + bytes([0, 0, len(ids)]) + body  # no "more follows": all fit
    return packet[:4] + (1 + len(new_pdu)).to_bytes(2, "big") + packet[6:7] + new_pdu


def _identity(model: DeviceModel) -> ModbusDeviceIdentification:
    return ModbusDeviceIdentification(  # type: ignore[no-untyped-call]
        info_name={
            "VendorName": model.vendor or "PlantConsole Simulator",
            "ProductCode": model.product or "SIM",
            "MajorMinorRevision": model.firmware,
            "ProductName": f"Simulated {model.product or 'Modbus device'}",
        }
    )
