"""Certificate pinning against a real TLS server, and offline login with bounded validity."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.sync.client import SyncClient
from app.sync.errors import AuthFailed, CertificateChanged, CertificateNotTrusted
from app.sync.memory_store import MemoryStore
from app.sync.offline_login import OfflineLogins
from app.sync.pinning import MemoryPinStore
from server.process import ServerProcess
from tests.server.helpers import run
from tests.server.site import PASSWORD, Site


def self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))]
            ),
            False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def tls_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = self_signed(folder, "first")
    process = ServerProcess(cert=cert, key=key)
    process.create_admin("root", "root-password")
    with process:
        yield Site(process, "root", "root-password")


def test_first_connect_pins_the_shown_thumbprint_and_a_changed_cert_is_refused(
    tls_site: Site, tmp_path: Path
) -> None:
    site = tls_site
    cred = site.add_console()
    pins = MemoryPinStore()
    shown: list[str] = []

    def trust(sha256: str) -> bool:
        shown.append(sha256)
        return True

    async def first() -> None:
        client = SyncClient(MemoryStore(), site.url, cred, pins=pins, trust=trust)
        await client.sync_once()
        assert client.status.online and client.status.certificate_sha256 == shown[0]
        await client.close()
        refused = SyncClient(
            MemoryStore(), site.url, cred, pins=MemoryPinStore(), trust=lambda _: False
        )
        with pytest.raises(CertificateNotTrusted):
            await refused.sync_once()

    run(first())
    assert len(shown) == 1 and len(shown[0]) == 64
    site.process.stop()
    site.process.cert, site.process.key = self_signed(tmp_path, "impostor")
    site.process.start()

    async def second() -> None:
        client = SyncClient(MemoryStore(), site.url, cred, pins=pins, trust=trust)
        with pytest.raises(CertificateChanged) as caught:
            await client.sync_once()
        assert caught.value.pinned == shown[0] and caught.value.presented not in (None, shown[0])
        await client.close()

    run(second())
    assert len(shown) == 1  # never asked again: the pin stands


def test_offline_login_uses_the_last_verified_credentials_for_a_bounded_time(
    tls_site: Site,
) -> None:
    site = tls_site
    user = site.add_user("technician")
    cred = site.add_console()
    logins = OfflineLogins(max_age_s=3600)
    pins = MemoryPinStore()

    async def scenario() -> None:
        client = SyncClient(
            MemoryStore(), site.url, cred, pins=pins, trust=lambda _: True, offline_logins=logins
        )
        online = await client.login(user, PASSWORD)
        assert online.online and online.roles == {"*": "technician"}
        with pytest.raises(AuthFailed):
            await client.login(user, "wrong-password")
        online = await client.login(user, PASSWORD)  # a wrong online login forgot the cache
        site.process.stop()
        try:
            offline = await client.login(user, PASSWORD)
            assert not offline.online and offline.valid_until_ms is not None
            with pytest.raises(AuthFailed):
                await client.login(user, "wrong-password")
            late = offline.verified_ms + 3600 * 1000 + 1
            assert logins.check(user, PASSWORD, now_ms=late) is None
            assert PASSWORD not in str(logins.__dict__)
        finally:
            site.process.start()

    run(scenario())
