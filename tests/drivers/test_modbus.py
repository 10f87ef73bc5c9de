"""Modbus driver against the pymodbus server and a raw MBAP server on loopback."""

from __future__ import annotations

import asyncio
import itertools
import struct
from collections.abc import Sequence

import pytest

from drivers.allowlist import WriteForbidden
from drivers.backoff import Backoff
from drivers.base import LinkState, Sample
from drivers.config import ModbusConfig, ModbusPointSpec
from drivers.modbus import ModbusDriver

from .conftest import RecordingProxy, eventually, modbus_function_codes, run
from .modbus_peer import RawModbusServer, echo_registers, registers_reply, start_pymodbus

FAST = Backoff(initial=0.05, cap=0.3)


def collect(driver: ModbusDriver) -> dict[str, Sample]:
    last: dict[str, Sample] = {}

    def on(batch: Sequence[Sample]) -> None:
        for s in batch:
            last[s.point] = s

    driver.add_sample_listener(on)
    return last


def P(name: str, table: str, address: int, type_: str = "uint16", **kw: object) -> ModbusPointSpec:
    return ModbusPointSpec(name, table, address, type_, **kw)  # type: ignore[arg-type]


def test_decoding_every_type_and_order_from_pymodbus_server() -> None:
    async def main() -> None:
        server, port = await start_pymodbus()
        f = struct.pack(">f", 12.5)
        i32 = struct.pack(">i", -123456)
        regs = [
            0xFFFE,  # 0 int16 -2
            0xFFFE,  # 1 uint16 65534
            *struct.unpack(">HH", i32),  # 2-3 int32 big/big
            *reversed(struct.unpack(">HH", i32)),  # 4-5 int32 word little
            *struct.unpack(">HH", f),  # 6-7 float32 big/big
            *(
                int.from_bytes(struct.unpack(">HH", f)[k].to_bytes(2, "big")[::-1], "big")
                for k in (0, 1)
            ),  # 8-9 float32 byte little
            *struct.unpack(">HH", struct.pack(">I", 4000000000)),  # 10-11 uint32
            250,  # 12 uint16 scaled
            1,  # 13 bool from register
        ]
        await server.async_setValues(1, 3, 0, regs)
        await server.async_setValues(1, 1, 5, [True])
        await server.async_setValues(1, 2, 3, [True])
        await server.async_setValues(1, 4, 10, [42])
        cfg = ModbusConfig(
            "127.0.0.1",
            port,
            1,
            (
                P("i16", "holding", 0, "int16"),
                P("u16", "holding", 1, "uint16"),
                P("i32", "holding", 2, "int32"),
                P("i32wl", "holding", 4, "int32", word_order="little"),
                P("f32", "holding", 6, "float32"),
                P("f32bl", "holding", 8, "float32", byte_order="little"),
                P("u32", "holding", 10, "uint32"),
                P("scaled", "holding", 12, "uint16", scale=0.1, offset=-5.0),
                P("flag", "holding", 13, "bool"),
                P("coil5", "coil", 5, "bool"),
                P("coil6", "coil", 6, "bool"),
                P("di3", "discrete", 3, "bool"),
                P("in10", "input", 10),
            ),
            poll_ms=50,
            timeout_s=1.0,
        )
        driver = ModbusDriver(cfg, backoff=FAST)
        last = collect(driver)
        try:
            await driver.start()
            await eventually(lambda: len(last) == 13)
            assert driver.status.state is LinkState.CONNECTED
            got = {k: v.value for k, v in last.items()}
            assert got["i16"] == -2 and got["u16"] == 65534
            assert got["i32"] == -123456 and got["i32wl"] == -123456
            assert got["f32"] == 12.5 and got["f32bl"] == 12.5
            assert got["u32"] == 4000000000
            assert got["scaled"] == pytest.approx(20.0)
            assert got["flag"] is True and got["coil5"] is True and got["coil6"] is False
            assert got["di3"] is True and got["in10"] == 42
            assert all(s.quality.name == "Good" for s in last.values())
            assert len(driver.blocks) == 4  # one request per table
            read = await driver.read(["u16"])
            assert read[0].value == 65534
        finally:
            await driver.close()
            await server.shutdown()

    run(main())


def test_batching_counts_requests_with_recording_proxy() -> None:
    async def main() -> None:
        server, port = await start_pymodbus()
        proxy = await RecordingProxy(port).start()
        specs = tuple(P(f"h{a}", "holding", a) for a in (0, 1, 2, 5, 9, 60, 61))
        specs += tuple(P(f"c{a}", "coil", a, "bool") for a in (0, 3, 7))
        cfg = ModbusConfig("127.0.0.1", proxy.port, 1, specs, poll_ms=1000, timeout_s=1.0)
        driver = ModbusDriver(cfg, backoff=FAST)
        last = collect(driver)
        try:
            await driver.start()
            await eventually(lambda: len(last) == len(specs))
            frames = modbus_function_codes(bytes(proxy.sent))
            reads = [(fc, struct.unpack(">HH", pdu[1:5])) for _u, fc, pdu in frames if fc < 5]
            # holding 0..9 in one request, 60..61 in another; coils 0..7 in one
            assert sorted(reads) == [(1, (0, 8)), (3, (0, 10)), (3, (60, 2))]
            assert {fc for _u, fc, _p in frames} <= {1, 2, 3, 4, 43}
        finally:
            await driver.close()
            await proxy.stop()
            await server.shutdown()

    run(main())


def test_short_reply_is_malformed() -> None:
    async def main() -> None:
        def short(unit: int, fc: int, pdu: bytes) -> bytes | None:
            if fc == 3:
                return bytes([3]) + registers_reply([1, 2])  # asked 4, got 2
            return bytes([fc | 0x80, 1])

        raw = await RawModbusServer(short).start()
        cfg = ModbusConfig(
            "127.0.0.1",
            raw.port,
            1,
            (P("a", "holding", 0, "uint32"), P("b", "holding", 2, "uint32")),
            poll_ms=50,
            timeout_s=0.5,
        )
        driver = ModbusDriver(cfg, backoff=FAST)
        last = collect(driver)
        try:
            await driver.start()
            await eventually(lambda: driver.status.error_code == "malformed")
            assert "2 registers for 4 asked" in (driver.status.error or "")
            await eventually(lambda: "a" in last and last["a"].quality.severity == "bad")
            assert last["a"].quality.name == "BadCommunicationError"
        finally:
            await driver.close()
            await raw.stop()

    run(main())


def test_exception_code_named() -> None:
    async def main() -> None:
        server, port = await start_pymodbus()
        cfg = ModbusConfig(
            "127.0.0.1",
            port,
            1,
            (P("ok", "holding", 1), P("far", "holding", 500)),
            poll_ms=50,
            timeout_s=1.0,
        )
        driver = ModbusDriver(cfg, backoff=FAST)
        last = collect(driver)
        try:
            await driver.start()
            await eventually(lambda: "far" in last and "ok" in last)
            assert driver.status.state is LinkState.CONNECTED
            assert driver.status.error == "Modbus exception 2 Illegal Data Address"
            assert driver.status.error_code == "modbus_exception:IllegalDataAddress"
            assert last["far"].quality.name == "BadOutOfRange"
            assert last["ok"].quality.name == "Good"
        finally:
            await driver.close()
            await server.shutdown()

    run(main())


def test_wrong_unit_id_times_out_with_hint() -> None:
    async def main() -> None:
        answer = echo_registers()
        raw = await RawModbusServer(
            lambda u, fc, pdu: answer(u, fc, pdu) if u == 1 else None
        ).start()
        cfg = ModbusConfig(
            "127.0.0.1", raw.port, 7, (P("a", "holding", 0),), poll_ms=50, timeout_s=0.3
        )
        driver = ModbusDriver(cfg, backoff=FAST)
        last = collect(driver)
        try:
            await driver.start()
            await eventually(lambda: driver.status.error_code == "timeout")
            assert driver.status.error == "no answer within 0.3 s (wrong unit id?)"
            assert driver.status.state is LinkState.RECONNECTING
            assert last["a"].quality.name == "BadTimeout"
        finally:
            await driver.close()
            await raw.stop()

    run(main())


def test_a_hung_request_times_out_once_and_close_does_not_wait_for_it() -> None:
    """The driver's own request timeout (one re-armed timer, not pymodbus'): a device that
    answers the first reads and then nothing is 'no answer' after timeout_s, the driver
    keeps retrying, and close() in the middle of a hung request ends it at once."""

    async def main() -> None:
        answer = echo_registers()
        mute = [False]
        raw = await RawModbusServer(
            lambda u, fc, pdu: None if mute[0] else answer(u, fc, pdu)
        ).start()
        # No soft deadline below the timeout (test_modbus_soft_deadline.py): the hard one only.
        cfg = ModbusConfig(
            "127.0.0.1",
            raw.port,
            1,
            (P("a", "holding", 0),),
            poll_ms=50,
            timeout_s=0.3,
            min_timeout_s=0.3,
        )
        driver = ModbusDriver(cfg, backoff=FAST)
        last = collect(driver)
        loop = asyncio.get_running_loop()
        try:
            await driver.start()
            await eventually(lambda: "a" in last and last["a"].quality.is_good)
            mute[0] = True
            muted = loop.time()
            await eventually(lambda: driver.status.error_code == "timeout")
            assert loop.time() - muted >= 0.3 - 0.02
            assert driver.status.error == "no answer within 0.3 s"
            assert last["a"].quality.name == "BadTimeout"
            assert driver.raw_client.comm_params.timeout_connect is None
            asked = len(raw.requests)
            await eventually(lambda: len(raw.requests) > asked)  # reconnected, asking again
        finally:
            closing = loop.time()
            await driver.close()
            assert loop.time() - closing < 0.3
            assert driver.status.state is LinkState.CLOSED
            await raw.stop()

    run(main())


def test_write_through_driver_client_is_forbidden_and_nothing_sent() -> None:
    async def main() -> None:
        server, port = await start_pymodbus()
        proxy = await RecordingProxy(port).start()
        cfg = ModbusConfig("127.0.0.1", proxy.port, 1, (P("a", "holding", 0),), poll_ms=50)
        driver = ModbusDriver(cfg, backoff=FAST)
        last = collect(driver)
        try:
            await driver.start()
            await eventually(lambda: "a" in last)
            client = driver.raw_client
            before = len(proxy.sent)
            for call in (
                lambda: client.write_register(0, 5, device_id=1),
                lambda: client.write_registers(0, [1, 2], device_id=1),
                lambda: client.write_coil(0, True, device_id=1),
                lambda: client.write_coils(0, [True], device_id=1),
                lambda: client.diag_force_listen_only(device_id=1),
                lambda: client.readwrite_registers(
                    read_address=0, read_count=1, write_address=0, values=[1], device_id=1
                ),
                lambda: client.mask_write_register(address=0, device_id=1),
            ):
                with pytest.raises(WriteForbidden):
                    await call()
            await asyncio.sleep(0.1)
            codes = {fc for _u, fc, _p in modbus_function_codes(bytes(proxy.sent)[before:])}
            assert codes <= {1, 2, 3, 4}
            assert (await server.async_getValues(1, 3, 0, 1)) == [0]
        finally:
            await driver.close()
            await proxy.stop()
            await server.shutdown()

    run(main())


def test_identity_via_43_14_where_supported() -> None:
    async def main() -> None:
        def answer(unit: int, fc: int, pdu: bytes) -> bytes | None:
            if fc == 43:
                objs = [(0, b"ACME"), (1, b"PLC-9"), (2, b"V1.2")]
                body = b"".join(bytes([i, len(v)]) + v for i, v in objs)
                return bytes([43, 14, 1, 0x01, 0, 0, len(objs)]) + body
            return echo_registers()(unit, fc, pdu)

        raw = await RawModbusServer(answer).start()
        cfg = ModbusConfig("127.0.0.1", raw.port, 1, (P("a", "holding", 3),), poll_ms=50)
        driver = ModbusDriver(cfg, backoff=FAST)
        last = collect(driver)
        try:
            await driver.start()
            await eventually(lambda: "a" in last)
            assert last["a"].value == 3
            assert driver.identity is not None
            assert (driver.identity.vendor, driver.identity.product) == ("ACME", "PLC-9")
            assert driver.identity.revision == "V1.2"
        finally:
            await driver.close()
            await raw.stop()

    run(main())


def test_identity_unsupported_is_ignored() -> None:
    async def main() -> None:
        server, port = await start_pymodbus()
        cfg = ModbusConfig("127.0.0.1", port, 1, (P("a", "holding", 0),), poll_ms=50)
        driver = ModbusDriver(cfg, backoff=FAST)
        last = collect(driver)
        try:
            await driver.start()
            await eventually(lambda: "a" in last and last["a"].quality.name == "Good")
            assert driver.identity is None
        finally:
            await driver.close()
            await server.shutdown()

    run(main())


def test_cycles_fall_on_the_device_phase_and_a_reconnect_reads_at_once() -> None:
    """Drivers started together spread their polls over the period (1,000 devices read in
    the same instant made the last answers half a period late); after a reconnect the
    first read goes out at once, and no two cycles are ever closer than the poll interval."""

    async def main() -> None:
        raw = await RawModbusServer(echo_registers()).start()
        cfg = ModbusConfig("127.0.0.1", raw.port, 1, (P("a", "holding", 0),), poll_ms=400)
        driver = ModbusDriver(cfg, backoff=FAST, phase=0.75)
        arrivals: list[float] = []
        driver.add_sample_listener(
            lambda batch: arrivals.append(loop.time()) if batch[0].quality.is_good else None
        )
        loop = asyncio.get_running_loop()
        try:
            started = loop.time()
            await driver.start()
            await eventually(lambda: len(arrivals) >= 3)
            assert arrivals[0] - started >= 0.3 - 0.02  # 0.75 x 400 ms
            gaps = [b - a for a, b in itertools.pairwise(arrivals)]
            assert min(gaps) >= 0.4 - 0.02
            for writer in list(raw._writers):  # the device drops the connection
                writer.close()
            await eventually(lambda: driver.status.state is not LinkState.CONNECTED, step=0.005)
            dropped, lost = len(arrivals), loop.time()
            await eventually(lambda: len(arrivals) > dropped)
            # backoff 50 ms, connect, read: not held back by the 300 ms phase
            assert arrivals[dropped] - lost < 0.25
            # then back on the device's own slots (devices that come back together do not
            # poll in the same instant from then on), never closer than the interval
            await eventually(lambda: len(arrivals) > dropped + 1)
            slots = (arrivals[dropped + 1] - arrivals[0]) / 0.4
            assert abs(slots - round(slots)) * 0.4 < 0.05
            assert arrivals[dropped + 1] - arrivals[dropped] >= 0.4 - 0.02
        finally:
            await driver.close()
            await raw.stop()

    run(main())
