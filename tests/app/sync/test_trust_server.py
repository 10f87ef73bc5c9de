"""Issue 6: a renewed server certificate and `plantconsole trust-server`, against a real
TLS server process that restarts with a second certificate: the changed certificate
stops sync and `register`, a wrong or unconfirmed thumbprint changes nothing, the right
one re-pins and a console that kept running syncs again without a restart."""

from __future__ import annotations

import asyncio
import io
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.sync.backoff import Backoff
from app.sync.client import SyncClient
from app.sync.memory_store import MemoryStore
from app.sync.pinning import pretty, thumbprint, user_pin_store
from server.process import ServerProcess
from tests.app.sync.test_pinning_and_login import self_signed
from tests.server.helpers import eventually, run
from tests.server.site import Site


def sha256_of(cert: Path) -> str:
    return thumbprint(ssl.PEM_cert_to_DER_cert(cert.read_text()))


@pytest.fixture
def tls_site(tmp_path: Path) -> Iterator[Site]:
    cert, key = self_signed(tmp_path, "first")
    process = ServerProcess(cert=cert, key=key)
    process.create_admin("root", "root-password")
    with process:
        yield Site(process, "root", "root-password")


def cli(
    monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = "", tty_answer: str | None = None
) -> tuple[int, str, str]:
    class Stdin(io.StringIO):
        def isatty(self) -> bool:
            return tty_answer is not None

    monkeypatch.setattr("sys.stdin", Stdin(stdin))
    if tty_answer is not None:
        monkeypatch.setattr("builtins.input", lambda _prompt="": tty_answer)
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def pinned(site: Site) -> str | None:
    pin = user_pin_store().load(site.url.removeprefix("https://"))
    return pin.sha256 if pin else None


def test_a_renewed_certificate_is_re_pinned_only_when_its_thumbprint_is_confirmed(
    tls_site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, url = tls_site, tls_site.url
    first = sha256_of(tmp_path / "first.pem")
    code, out, _ = cli(monkeypatch, "trust-server", "--server", url, "--thumbprint", first)
    assert code == 0 and "pinned:    nothing yet" in out and pinned(site) == first
    code, out, _ = cli(monkeypatch, "trust-server", "--server", url)
    assert code == 0 and "nothing to do" in out
    credential = site.add_console()

    site.process.stop()
    site.process.cert, site.process.key = self_signed(tmp_path, "second")
    site.process.start()
    second = sha256_of(tmp_path / "second.pem")
    assert second != first
    typo = second[:-1] + ("1" if second.endswith("0") else "0")

    async def scenario() -> None:
        client = SyncClient(
            MemoryStore(credential.console_id),
            url,
            credential,
            pins=user_pin_store(),
            backoff=Backoff(0.2, 0.5),
            poll_s=2.0,
        )
        task = asyncio.create_task(client.run())
        try:
            await eventually(
                lambda: "certificate changed" in (client.status.last_error or ""),
                what="sync stops on the changed certificate",
            )
            assert not client.status.online
            assert "`plantconsole trust-server`" in (client.status.last_error or "")
            # register never replaces a pin: it says what to do
            code, _, err = await asyncio.to_thread(
                cli,
                monkeypatch,
                "register",
                "--server",
                url,
                "--console-id",
                credential.console_id,
                stdin=credential.secret + "\n",
            )
            assert code == 1 and "trust-server --server" in err and "nothing was saved" in err
            # no one to confirm, the old thumbprint, a typo: refused, the pin stands
            for more, said in (
                ((), "nobody can confirm it here"),
                (("--thumbprint", first), f"presents certificate SHA-256 {pretty(second)}"),
                (("--thumbprint", typo), "nothing was changed"),
            ):
                code, out, err = await asyncio.to_thread(
                    cli, monkeypatch, "trust-server", "--server", url, *more
                )
                assert code == 1 and said in err, err
                assert f"pinned:    {pretty(first)}" in out and pretty(second) in out
                assert pinned(site) == first
            code, out, err = await asyncio.to_thread(
                cli, monkeypatch, "trust-server", "--server", url, "--thumbprint", pretty(second)
            )
            assert code == 0 and f"pinned SHA-256 {pretty(second)}" in out, err
            assert pinned(site) == second
            await eventually(lambda: client.status.online, what="the running client syncs on")
            assert client.status.certificate_sha256 == second
        finally:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            await client.close()

    run(scenario())


def test_trust_server_at_the_prompt_and_its_bad_arguments(
    tls_site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = tls_site.url
    code, _, err = cli(monkeypatch, "trust-server", "--server", url, tty_answer="no")
    assert code == 1 and "not confirmed" in err and pinned(tls_site) is None
    code, _, _ = cli(monkeypatch, "trust-server", "--server", url, tty_answer="yes")
    assert code == 0 and pinned(tls_site) == sha256_of(tmp_path / "first.pem")
    for argv, said in (
        (("--server", "http://127.0.0.1:8080"), "not an https://HOST:PORT address"),
        (("--server", "https://[::1"), "not a server address"),
        (("--server", url, "--thumbprint", "AB:CD"), "not a SHA-256 thumbprint"),
        ((), "no server registered here"),
    ):
        code, _, err = cli(monkeypatch, "trust-server", *argv)
        assert code == 2 and said in err, err
    code, _, err = cli(
        monkeypatch, "trust-server", "--server", "https://127.0.0.1:9", "--timeout", "2"
    )
    assert code == 1 and "cannot be reached" in err and "nothing was changed" in err
    pins = user_pin_store().path
    pins.write_text("{not json", encoding="utf-8")
    code, _, err = cli(monkeypatch, "trust-server", "--server", url)
    assert code == 1 and "cannot be read" in err
    assert pins.read_text(encoding="utf-8") == "{not json"  # a damaged file is not replaced
