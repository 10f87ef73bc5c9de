"""Operating the server: the certificate thumbprint operators compare with the console's,
and client addresses from a load balancer's X-Forwarded-For (audit log, throttling)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.sync.pinning import fetch_certificate, pretty
from server.process import ServerProcess, free_port
from tests.app.sync.test_pinning_and_login import self_signed
from tests.server.test_admin_cli import cli


class OptionsOnlyServer(ServerProcess):
    """Started as `plantconsole-server --option ...`, without the word serve."""

    def command(self) -> list[str]:
        command = super().command()
        command.remove("serve")
        return command


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    cert, key = self_signed(tmp_path_factory.mktemp("tls"), "plant-server")
    with ServerProcess(cert=cert, key=key) as process:
        yield process


def test_the_thumbprint_at_start_and_from_the_command_match_what_the_console_shows(
    tls_server: ServerProcess,
) -> None:
    assert tls_server.cert is not None
    presented = asyncio.run(fetch_certificate("127.0.0.1", tls_server.port))
    shown_by_console = pretty(presented.sha256)
    assert f"TLS certificate SHA-256 {shown_by_console}" in tls_server.log()
    done = cli("cert-thumbprint", str(tls_server.cert))
    assert done.returncode == 0 and done.stdout.strip() == shown_by_console


def test_an_unreadable_certificate_is_said_not_crashed_on(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n", encoding="ascii")
    done = cli("cert-thumbprint", str(junk))
    assert done.returncode == 2 and "no PEM certificate" in done.stderr
    gone = cli("cert-thumbprint", str(tmp_path / "gone.pem"))
    assert gone.returncode == 2 and "cannot be read" in gone.stderr
    key = tmp_path / "junk.key"
    key.write_text("x", encoding="ascii")
    serving = subprocess.run(
        [
            sys.executable,
            "-m",
            "server",
            "--port",
            str(free_port()),
            "--cert",
            str(junk),
            "--key",
            str(key),
            "--database",
            f"sqlite:///{tmp_path / 's.sqlite'}",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert serving.returncode == 2
    assert "no PEM certificate" in serving.stderr and "Traceback" not in serving.stderr


def failed_login(server: ServerProcess, forwarded_for: str) -> int:
    reply = httpx.post(
        f"{server.url}/v1/login",
        json={"user": "root", "password": "wrong-password"},
        headers={"x-forwarded-for": forwarded_for},
        timeout=30,
    )
    return reply.status_code


def test_behind_a_trusted_balancer_the_client_address_is_audited_and_throttled() -> None:
    # Served from options alone (no `serve`), as `plantconsole-server` always did.
    server = OptionsOnlyServer(extra_args=("--forwarded-allow-ips", "127.0.0.1"))
    server.create_admin("root", "root-password")
    with server:
        statuses = [failed_login(server, "203.0.113.7") for _ in range(6)]
        assert statuses == [401] * 5 + [429]  # throttled per client address...
        assert failed_login(server, "203.0.113.8") == 401  # ...not the balancer's
    tail = cli("audit", "tail", "-n", "10", database=server.database_url).stdout
    assert "login_failed user=root console=- ip=203.0.113.7" in tail
    assert "login_throttled user=root console=- ip=203.0.113.7" in tail
    assert "login_failed user=root console=- ip=203.0.113.8" in tail


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored() -> None:
    server = OptionsOnlyServer(extra_args=("--forwarded-allow-ips", "192.0.2.1"))
    server.create_admin("root", "root-password")
    with server:
        assert failed_login(server, "203.0.113.7") == 401
    tail = cli("audit", "tail", "-n", "5", database=server.database_url).stdout
    assert "login_failed user=root console=- ip=127.0.0.1" in tail
    assert "203.0.113.7" not in tail
