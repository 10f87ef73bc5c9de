"""Every diagnostic against independent peers (a plain asyncua server, the pymodbus server)
through recording proxies: results are right, and only read services ever arrive."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from app.diagnostics.audit import MemorySink
from app.diagnostics.core import DiagnosticsCore, Settings
from app.diagnostics.report import render
from app.diagnostics.results import BrowseResult, BudgetResult, NodeReading, Outcome, ProgramStatus
from app.monitor.bindings import Intervals
from drivers.allowlist import OPCUA_ALLOWED_SERVICES
from drivers.base import LinkState
from drivers.config import ModbusConfig, ModbusPointSpec, OpcuaConfig, OpcuaPointSpec
from drivers.modbus import ModbusDriver
from drivers.opcua import OpcuaDriver
from tests.app.diagnostics.helpers import make_plant
from tests.drivers.conftest import (
    RecordingProxy,
    eventually,
    free_port,
    modbus_function_codes,
    opcua_requests,
    run,
)
from tests.drivers.modbus_peer import start_pymodbus
from tests.drivers.opcua_peer import NS_URI, start_peer


def assert_read_only(
    ua_proxy: RecordingProxy, mb_proxy: RecordingProxy
) -> tuple[list[str], list[int]]:
    services = opcua_requests(bytes(ua_proxy.sent))
    assert set(services) <= OPCUA_ALLOWED_SERVICES | {"Hello"}, services
    frames = modbus_function_codes(bytes(mb_proxy.sent))
    codes = [fc for _unit, fc, _pdu in frames]
    for _unit, fc, pdu in frames:
        assert fc in (1, 2, 3, 4) or (fc == 43 and pdu[1] == 14), (fc, pdu.hex())
    assert 8 not in codes  # no "diagnostics" (Force Listen Only would silence a device)
    return services, codes


def test_every_diagnostic_answers_right_and_sends_only_reads() -> None:
    async def scenario() -> None:
        peer = await start_peer(free_port())
        mserver, mport = await start_pymodbus()
        ua_proxy = await RecordingProxy(peer.port).start()
        mb_proxy = await RecordingProxy(mport).start()
        plant = make_plant(ua_proxy.port, mb_proxy.port)
        audit = MemorySink()
        core = DiagnosticsCore(plant, audit=audit, settings=Settings(attempts=2))
        try:
            ping = (await core.ping("PLC1")).ping
            assert ping is not None and ping.verdict.code == "ok", render_ping(ping)
            assert [layer.layer for layer in ping.layers] == ["icmp", "tcp", "protocol"]
            proto = ping.layer("protocol")
            assert proto is not None and len(proto.rtts_ms) == 2 and proto.loss_pct == 0
            assert proto.details["server_state"] == "Running"
            assert ping.program is not None and ping.program.run_state == "RUN"

            mping = (await core.ping("RC1")).ping
            assert mping is not None and mping.verdict.code == "program_stopped"
            assert mping.verdict.reachable

            prog_run = await core.program_status("PLC1")
            prog = prog_run.result
            assert isinstance(prog, ProgramStatus) and prog.run_state == "RUN"
            name = prog.fact("program_name")
            assert name is not None and name.value == "press" and name.status == "ok"
            version = prog.fact("program_version")
            assert version is not None and version.status == "not_exposed"
            state = prog.fact("server_state")
            assert state is not None and state.value == "Running"
            level = prog.fact("service_level")
            assert level is not None and level.status == "ok"
            fw = prog.fact("firmware_documented")
            assert fw is not None and fw.value == "V9.9" and fw.source == "plant file"
            text = render(prog_run)
            assert "not exposed by this device" in text and "press" in text
            assert "Programmversion" in render(prog_run, "de")

            mprog = (await core.program_status("RC1")).result
            assert isinstance(mprog, ProgramStatus) and mprog.run_state == "STOP"
            uptime = mprog.fact("uptime")
            assert uptime is not None and uptime.value == 0 and uptime.status == "ok"
            ident = mprog.fact("device_identification")
            assert ident is not None and ident.status == "not_exposed"

            budget = (await core.server_budget("PLC1")).result
            assert isinstance(budget, BudgetResult)
            limit = budget.item("MaxNodesPerRead")
            assert limit is not None and limit.status == "ok" and limit.group == "operation_limits"
            sessions = budget.item("CurrentSessionCount")
            assert sessions is not None  # asyncua leaves it unexposed: said so, never guessed

            browse = (await core.browse("PLC1", depth=2)).result
            assert isinstance(browse, BrowseResult)
            names = {ref.display_name: ref for ref in browse.children}
            assert "Server" in names and "M1" in names
            speed = names["speed"]
            assert speed.level == 2 and speed.value == 1.5 and speed.status == "Good"

            read = (await core.read_node("PLC1", f"nsu={NS_URI};s=speed")).result
            assert isinstance(read, NodeReading)
            value = read.get("Value")
            assert value is not None and value.value == 1.5 and value.status == "Good"

            url_ping = (await core.ping(f"opc.tcp://127.0.0.1:{ua_proxy.port}/plc/")).ping
            assert url_ping is not None and url_ping.verdict.code == "ok"
            mb_url = (await core.ping(f"modbus://127.0.0.1:{mb_proxy.port}?unit=1")).ping
            assert mb_url is not None and mb_url.verdict.reachable

            hmi = (await core.ping("HMI1")).ping
            assert hmi is not None and hmi.verdict.code == "ok"
            assert (await core.program_status("HMI1")).outcome is Outcome.ERROR
            assert (await core.server_budget("RC1")).outcome is Outcome.ERROR
        finally:
            await ua_proxy.stop()
            await mb_proxy.stop()
            await peer.stop()
            await mserver.shutdown()
        services, codes = assert_read_only(ua_proxy, mb_proxy)
        for needed in ("GetEndpoints", "Read", "Browse", "CreateSession"):
            assert needed in services
        assert {2, 3, 4, 43} <= set(codes), codes
        kinds = [r.kind for r in audit.records]
        assert kinds.count("ping") == 5 and "budget" in kinds and "browse" in kinds
        assert all(r.user and r.role == "technician" and r.duration_s >= 0 for r in audit.records)

    run(scenario(), timeout=90)


def render_ping(ping: Any) -> str:
    return str(ping)


def test_diagnostics_reuse_the_monitor_sessions() -> None:
    """A diagnostic must not cost a PLC an extra session: one CreateSession in total."""

    async def scenario() -> None:
        peer = await start_peer(free_port())
        mserver, mport = await start_pymodbus()
        ua_proxy = await RecordingProxy(peer.port).start()
        mb_proxy = await RecordingProxy(mport).start()
        url = f"opc.tcp://127.0.0.1:{ua_proxy.port}/plc/"
        ua_driver = OpcuaDriver(
            OpcuaConfig(url, (OpcuaPointSpec("PLC1:run_state", f"nsu={NS_URI};s=count"),))
        )
        mb_driver = ModbusDriver(
            ModbusConfig(
                "127.0.0.1",
                mb_proxy.port,
                1,
                (ModbusPointSpec("RC1:run_state", "holding", 0),),
                poll_ms=200,
            )
        )
        plant = make_plant(ua_proxy.port, mb_proxy.port)
        drivers = {"PLC1": ua_driver, "RC1": mb_driver}
        monitor: Any = SimpleNamespace(
            plant=plant,
            drivers={},
            history={},
            driver_for=drivers.get,
            intervals=Intervals(),
        )
        core = DiagnosticsCore(plant, monitor)
        await ua_driver.start()
        await mb_driver.start()
        try:
            await eventually(lambda: ua_driver.status.state is LinkState.CONNECTED)
            await eventually(lambda: mb_driver.status.state is LinkState.CONNECTED)
            for ci in ("PLC1", "RC1"):
                ping = (await core.ping(ci)).ping
                assert ping is not None and ping.verdict.reachable, ping
                proto = ping.layer("protocol")
                assert proto is not None and proto.details["reused_monitor_session"] is True
                status = (await core.program_status(ci)).result
                assert isinstance(status, ProgramStatus) and status.reused_session
            browse = (await core.browse("PLC1")).result
            assert isinstance(browse, BrowseResult) and browse.reused_session
            budget = (await core.server_budget("PLC1")).result
            assert isinstance(budget, BudgetResult) and budget.console_items == 1
            assert mb_driver.status.state is LinkState.CONNECTED  # its polling went on
            # The device saw the monitor's connection and the ping's 3 bare TCP connects (its
            # TCP layer), no Modbus connection of the diagnostics' own (2 writers each).
            connections = len(mb_proxy._writers) // 2
            assert connections == 1 + core.settings.attempts, connections
        finally:
            await ua_driver.close()
            await mb_driver.close()
            await ua_proxy.stop()
            await mb_proxy.stop()
            await peer.stop()
            await mserver.shutdown()
        services, _codes = assert_read_only(ua_proxy, mb_proxy)
        assert services.count("CreateSession") == 1, services

    run(scenario(), timeout=90)
