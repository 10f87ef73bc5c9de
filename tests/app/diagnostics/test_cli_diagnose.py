"""`plantconsole diagnose` and `plantconsole browse` as a script sees them: against an
independent asyncua server and a pymodbus server given by URL, and by CI id."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from tests.app.diagnostics.helpers import PLANT
from tests.conftest import REPO
from tests.drivers.conftest import free_port, run
from tests.drivers.modbus_peer import start_pymodbus
from tests.drivers.opcua_peer import NS_URI, start_peer


async def cli(*args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app.cli", *args,
        cwd=REPO, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await proc.communicate()
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def test_diagnose_and_browse_from_the_command_line(tmp_path: Path, private_home: Path) -> None:
    async def scenario() -> None:
        peer = await start_peer(free_port())
        mserver, mport = await start_pymodbus()
        plant = tmp_path / "plant.toml"
        plant.write_text(PLANT.format(opcua_port=peer.port, modbus_port=mport, ns=NS_URI))
        try:
            code, out, err = await cli("diagnose", peer.url, "--json", "--attempts", "1")
            assert code == 0, err
            data = json.loads(out)
            assert data["kind"] == "ping" and data["result"]["verdict"]["code"] == "ok"
            code, out, _ = await cli("diagnose", "RC1", "--config", str(plant), "--lang", "de")
            assert code == 0 and "Programm GESTOPPT" in out, out
            code, out, _ = await cli("diagnose", "PLC1", "--config", str(plant), "--budget")
            assert code == 0 and "program RUN" in out and "MaxNodesPerRead" in out, out
            code, out, _ = await cli("diagnose", f"127.0.0.1:{free_port()}", "--attempts", "1")
            assert code == 1 and "connection refused" in out
            code, _, err = await cli("diagnose", "no such thing!")
            assert code == 2 and "error:" in err
            code, out, err = await cli("browse", peer.url, "--depth", "2")
            assert code == 0, err
            assert "M1" in out and "speed" in out and "= 1.5 (Good)" in out
        finally:
            await peer.stop()
            await mserver.shutdown()
        audit = (private_home / "data" / "diagnostics" / "audit.jsonl").read_text().splitlines()
        assert len(audit) >= 5

    run(scenario(), timeout=120)


def test_bad_input_and_other_targets_from_the_command_line(private_home: Path) -> None:
    async def scenario() -> None:
        for bad in (
            ("--timeout", "-1"),
            ("--timeout", "0"),
            ("--timeout", "nan"),
            ("--run-timeout", "0"),
            ("--attempts", "0"),
        ):
            code, out, err = await cli("diagnose", "127.0.0.1", *bad)
            assert code == 2 and bad[0] in err and "Traceback" not in err, (bad, err)
            assert "more than 0" in err or "at least 1" in err, err
        code, _, err = await cli("browse", "opc.tcp://127.0.0.1:4840", "--depth", "0")
        assert code == 2 and "at least 1" in err, err
        # A CI id without --config is taken for a host name: the failure says what to try.
        code, out, err = await cli("diagnose", "PLC-NO-SUCH-CI", "--attempts", "1")
        assert code == 1 and "is this a CI id? pass --config FILE" in err, err
        mserver, mport = await start_pymodbus()
        try:
            code, out, err = await cli("diagnose", f"modbus://127.0.0.1:{mport}?unit=1")
            assert code == 0 and "Modbus" in out, (out, err)
            code, out, err = await cli("browse", f"modbus://127.0.0.1:{mport}")
            assert code == 1 and "needs an OPC UA server" in out + err, (out, err)
        finally:
            await mserver.shutdown()
        code, out, err = await cli("diagnose", "127.0.0.1", "--attempts", "1", "--json")
        data = json.loads(out)
        assert data["target"] == "127.0.0.1" and data["result"]["protocol"] == "host"
        assert code == (0 if data["result"]["verdict"]["reachable"] else 1), data
        code, out, err = await cli("browse", f"opc.tcp://127.0.0.1:{free_port()}")
        assert code == 1 and "error:" in err and "refused" in err and "Traceback" not in err, err

    run(scenario(), timeout=120)
