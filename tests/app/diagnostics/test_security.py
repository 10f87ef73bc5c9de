"""OPC UA with SignAndEncrypt and a user login: an unknown server certificate is shown with
its thumbprint and the trust hint, never silently accepted; once trusted, the ping passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.diagnostics.core import DiagnosticsCore
from app.diagnostics.report import render
from app.diagnostics.target import parse_target
from drivers.trust import list_rejected, trust
from tests.drivers.conftest import free_port, run
from tests.drivers.opcua_peer import make_server_cert, start_peer


def test_untrusted_certificate_is_shown_then_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIAG_TEST_PW", "s3cret")
    pki = tmp_path / "pki"

    async def scenario() -> None:
        cert = await make_server_cert(tmp_path / "server")
        peer = await start_peer(free_port(), cert=cert, users={"tech": "s3cret"})
        core = DiagnosticsCore(pki_dir=pki)
        target = parse_target(
            peer.url, pki_dir=pki, user="tech", password_ref="env:DIAG_TEST_PW", timeout_s=2.0
        )
        try:
            run1 = await core.ping(target, 1)
            ping = run1.ping
            assert ping is not None and ping.verdict.code == "cert_untrusted", render(run1)
            (rejected,) = list_rejected(pki)
            text = render(run1)
            assert rejected.thumbprint in text
            assert f"plantconsole trust add {rejected.thumbprint}" in text
            assert not ping.verdict.reachable
            trust(pki, rejected.thumbprint)
            run2 = await core.ping(target, 1)
            assert run2.ping is not None and run2.ping.verdict.code == "ok", render(run2)
            proto = run2.ping.layer("protocol")
            assert proto is not None and "SignAndEncrypt" in str(proto.details["security"])
            wrong = parse_target(peer.url, pki_dir=pki, user="tech", timeout_s=2.0)
            run3 = await core.ping(wrong, 1)
            assert run3.ping is not None and run3.ping.verdict.code == "auth_failed", render(run3)
        finally:
            await peer.stop()

    run(scenario(), timeout=60)
