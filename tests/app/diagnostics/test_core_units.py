"""Targets, verdicts, reports (en/de), audit, roles, time bounds and cancellation."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.diagnostics.audit import AuditRecord, FanoutSink, JsonlSink, MemorySink
from app.diagnostics.core import DiagnosticsCore, Settings
from app.diagnostics.report import render, verdict_line, work_note
from app.diagnostics.results import LayerResult, Outcome, ProgramStatus
from app.diagnostics.roles import DiagnosticRefused
from app.diagnostics.target import TargetError, parse_target
from app.diagnostics.verdict import decide
from tests.drivers.conftest import free_port, run


def test_targets_from_text() -> None:
    ua = parse_target("opc.tcp://plc7:4841/x")
    assert (ua.protocol, ua.host, ua.port, ua.auto_security) == ("opcua", "plc7", 4841, True)
    assert ua.driver_key == "opcua:opc.tcp://plc7:4841/x"
    mb = parse_target("modbus://10.0.0.5?unit=3")
    assert (mb.protocol, mb.port, mb.unit_id) == ("modbus", 502, 3)
    assert parse_target("10.0.0.5:4840").protocol == "opcua"
    assert parse_target("10.0.0.5:502").protocol == "modbus"
    host = parse_target("10.0.0.5:8443")
    assert (host.protocol, host.port) == ("host", 8443)
    assert parse_target("plc7").port is None
    for bad in ("", "http://x", "modbus://x?unit=999", "a b", "x:99999"):
        with pytest.raises(TargetError):
            parse_target(bad)


def test_ci_targets_from_the_demo_plant(demo_plant) -> None:  # type: ignore[no-untyped-def]
    plc = parse_target("AR-042-PLC", demo_plant)
    assert plc.protocol == "opcua" and plc.ci_id == "AR-042-PLC" and plc.timeout_s == 1.0
    assert plc.profile is not None and any(p.role == "run_state" for p in plc.opcua_points)
    rc = parse_target("AR-042-RC", demo_plant)
    assert (rc.protocol, rc.port, rc.unit_id) == ("modbus", 5020, 1)
    hmi = parse_target("AR-042-HMI", demo_plant)
    assert (hmi.protocol, hmi.port) == ("host", 8443)
    with pytest.raises(TargetError):
        parse_target("AR-042", demo_plant)  # a machine: no endpoint


def layer(
    name: str, outcome: str, rtts: tuple[float, ...] = (), code: str | None = None
) -> LayerResult:
    return LayerResult(name, name, outcome, 3, rtts, code and f"error {code}", code)  # type: ignore[arg-type]


OK_ICMP = layer("icmp", "ok", (0.2, 0.3, 0.2))
OK_TCP = layer("tcp", "ok", (0.5, 0.4, 0.6))
NO_ICMP = layer("icmp", "unavailable", code="icmp_not_permitted")


@pytest.mark.parametrize(
    ("icmp", "tcp", "proto", "code"),
    [
        (
            layer("icmp", "failed", code="timeout"),
            layer("tcp", "failed", code="timeout"),
            None,
            "no_answer",
        ),
        (NO_ICMP, layer("tcp", "failed", code="timeout"), None, "no_answer"),
        (OK_ICMP, layer("tcp", "failed", code="timeout"), None, "port_silent"),
        (OK_ICMP, layer("tcp", "failed", code="refused"), None, "server_stopped"),
        (OK_ICMP, OK_TCP, layer("protocol", "failed", code="timeout"), "protocol_silent"),
        (OK_ICMP, OK_TCP, layer("protocol", "failed", code="malformed"), "protocol_error"),
        (
            OK_ICMP,
            OK_TCP,
            layer("protocol", "partial", (1.0,), "modbus_exception:SlaveDeviceFailure"),
            "modbus_exception",
        ),
        (OK_ICMP, OK_TCP, layer("protocol", "ok", (900.0, 950.0)), "protocol_slow"),
        (OK_ICMP, OK_TCP, layer("protocol", "ok", (2.0,)), "ok"),
    ],
)
def test_verdicts_tell_the_failures_apart(icmp, tcp, proto, code) -> None:  # type: ignore[no-untyped-def]
    verdict = decide("opcua", icmp, tcp, proto, None, 4840)
    assert verdict.code == code
    assert verdict.reachable == (code in ("ok", "modbus_exception", "protocol_slow"))


def test_program_stopped_since_reads_as_one_line() -> None:
    since = datetime.now().astimezone().replace(hour=14, minute=2, second=0, microsecond=0)
    program = ProgramStatus("STOP", 0, since)
    verdict = decide("opcua", OK_ICMP, OK_TCP, layer("protocol", "ok", (2.0,)), program, 4840)
    assert verdict.code == "program_stopped"
    assert verdict_line(verdict) == "host reachable, OPC UA up, program STOPPED since 14:02"
    assert (
        verdict_line(verdict, "de")
        == "Host erreichbar, OPC UA erreichbar, Programm GESTOPPT seit 14:02"
    )
    fault = ProgramStatus(
        "FAULT",
        2,
        since - timedelta(days=3),
        0x2A,
        {"en": "Safety door open", "de": "Schutztür offen"},
    )
    line = verdict_line(
        decide("opcua", OK_ICMP, OK_TCP, layer("protocol", "ok", (2.0,)), fault, 4840), "de"
    )
    assert "Programm STÖRUNG 0x2A Schutztür offen seit" in line


def test_viewer_is_refused_and_audited(tmp_path: Path) -> None:
    sink = JsonlSink(tmp_path / "audit.jsonl")
    core = DiagnosticsCore(audit=FanoutSink(sink), role=lambda: "viewer", user=lambda: "vera")
    with pytest.raises(DiagnosticRefused, match="only technicians"):
        run(core.ping("127.0.0.1"))
    (record,) = sink.read()
    assert (record.user, record.role, record.outcome) == ("vera", "viewer", "refused")


def test_audit_jsonl_keeps_who_what_when_result(tmp_path: Path) -> None:
    sink = JsonlSink(tmp_path / "a" / "audit.jsonl")
    memory = MemorySink()
    core = DiagnosticsCore(audit=FanoutSink(sink, memory), user=lambda: "tom")
    port = free_port()
    result = run(core.ping(f"127.0.0.1:{port}", 1))
    assert result.outcome is Outcome.PROBLEM
    lines = (tmp_path / "a" / "audit.jsonl").read_text().splitlines()
    data = json.loads(lines[0])
    assert data["user"] == "tom" and data["kind"] == "ping" and data["outcome"] == "problem"
    assert "refused" in data["summary"] and data["target"] == f"127.0.0.1:{port}"
    assert data["data"]["verdict"] == "server_stopped"
    assert memory.records == [AuditRecord(**data)]
    note = work_note(result)
    assert note.title.startswith("Ping (layered) 127.0.0.1:")
    assert "connection refused" in note.text
    assert json.loads(note.raw_json)["outcome"] == "problem"


WRITERS: list[asyncio.StreamWriter] = []


async def _silent_server() -> tuple[asyncio.Server, int]:
    """Accepts TCP and never answers (a hung protocol stack)."""

    async def hold(_r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        WRITERS.append(w)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def test_hung_protocol_times_out_and_the_run_is_bounded() -> None:
    async def scenario() -> None:
        server, port = await _silent_server()
        try:
            core = DiagnosticsCore(settings=Settings(request_timeout_s=0.3, attempts=1))
            first = await core.ping(f"opc.tcp://127.0.0.1:{port}")
            assert first.ping is not None and first.ping.verdict.code == "protocol_silent", render(
                first
            )
            bounded = DiagnosticsCore(settings=Settings(request_timeout_s=5, run_timeout_s=0.5))
            loop = asyncio.get_running_loop()
            start = loop.time()
            second = await bounded.ping(f"modbus://127.0.0.1:{port}")
            assert second.outcome is Outcome.TIMEOUT and loop.time() - start < 2
            memory = MemorySink()
            third = DiagnosticsCore(audit=memory, settings=Settings(request_timeout_s=5))
            task = asyncio.ensure_future(third.program_status(f"modbus://127.0.0.1:{port}"))
            await asyncio.sleep(0.3)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert [r.outcome for r in memory.records] == ["cancelled"]
            assert third.last_cancelled is not None
        finally:
            server.close()
            for writer in WRITERS:
                writer.close()
            await asyncio.sleep(0.05)
            WRITERS.clear()

    run(scenario())


@pytest.mark.parametrize("timeout", [0.0, -1.0, float("nan")])
def test_a_timeout_of_zero_or_less_is_refused_not_a_false_diagnosis(timeout: float) -> None:
    with pytest.raises(TargetError, match="more than 0"):
        parse_target("opc.tcp://127.0.0.1:4840", timeout_s=timeout)
    with pytest.raises(ValueError, match="more than 0"):
        Settings(run_timeout_s=timeout)
    with pytest.raises(ValueError, match="more than 0"):
        Settings(request_timeout_s=timeout)
    with pytest.raises(ValueError, match="at least 1"):
        Settings(attempts=0)


def test_budget_near_limit_at_80_percent_of_its_cap_and_for_tight_operation_limits() -> None:
    from app.diagnostics.budget import assess
    from drivers.base import Quality
    from drivers.opcua_diag import Reading

    good, bad = Quality(0, "Good"), Quality(0x80740000, "BadTypeMismatch")

    def items(readings: dict[str, object], console_items: int | None = None) -> dict[str, Any]:
        listed = [Reading(n, v, bad if v is None else good) for n, v in readings.items()]
        return {i.name: i for i in assess(listed, console_items)}

    below = items({"CurrentSessionCount": 7, "MaxSessions": 10})["CurrentSessionCount"]
    assert not below.near_limit and below.limit == 10 and below.limit_name == "MaxSessions"
    at = items({"CurrentSessionCount": 8, "MaxSessions": 10})["CurrentSessionCount"]
    assert at.near_limit and at.limit == 10
    no_cap = items({"CurrentSubscriptionCount": 500, "MaxSubscriptions": 0})
    assert not no_cap["CurrentSubscriptionCount"].near_limit  # 0: no limit stated
    assert no_cap["MaxSubscriptions"].status == "not_exposed"
    unread = items({"MonitoredItemCount": 900, "MaxMonitoredItems": None})
    assert not unread["MonitoredItemCount"].near_limit
    assert unread["MaxMonitoredItems"].status == "not_exposed"
    assert unread["MaxMonitoredItems"].value is None and unread["MaxMonitoredItems"].quality
    tight = items({"MaxNodesPerRead": 20, "MaxNodesPerBrowse": 1000})
    assert tight["MaxNodesPerRead"].near_limit and tight["MaxNodesPerRead"].limit == 100
    assert not tight["MaxNodesPerBrowse"].near_limit
    assert tight["MaxNodesPerRead"].group == "operation_limits"
    per_sub = {"MaxMonitoredItemsPerSubscription": 1000}
    assert items(per_sub, 800)["MaxMonitoredItemsPerSubscription"].near_limit
    assert not items(per_sub, 799)["MaxMonitoredItemsPerSubscription"].near_limit
    assert not items(per_sub, None)["MaxMonitoredItemsPerSubscription"].near_limit


def test_the_console_request_timeout_setting_applies_to_diagnostics(tmp_path: Path) -> None:
    from app.diagnostics.core import run_bound
    from app.monitor.bindings import Intervals
    from app.monitor.plant_monitor import PlantMonitor
    from tests.app.diagnostics.helpers import make_plant

    plant = make_plant(free_port(), free_port())
    quick = DiagnosticsCore(monitor=PlantMonitor(plant, Intervals(timeout_s=0.4), pki_dir=tmp_path))
    assert quick.target("PLC1").timeout_s == 0.4  # the setting, under the profile's 1 s
    assert quick.target("HMI1").timeout_s == 0.4
    assert quick.settings.run_timeout_s == 20.0  # never under the 20 s a run always had
    slow = DiagnosticsCore(monitor=PlantMonitor(plant, Intervals(timeout_s=5.0), pki_dir=tmp_path))
    assert slow.target("PLC1").timeout_s == 1.0  # the profile's own cap still counts
    assert slow.settings.run_timeout_s == run_bound(5.0) == 50.0
    assert DiagnosticsCore(plant).target("PLC1").timeout_s == 1.0  # no console: defaults
