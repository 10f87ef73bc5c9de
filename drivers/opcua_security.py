"""OPC UA security: the console's application certificate and the server trust check.

An unknown server certificate is refused (and kept in `pki_dir/rejected/`) until a person
trusts its thumbprint; the check runs before a secure channel is opened and again on the
certificate the server presents in CreateSession.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from asyncua.crypto import cert_gen, security_policies
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID

from . import trust
from .config import OpcuaConfig
from .opcua_browse import first_certificate
from .uatypes import ua

APP_NAME = "PlantConsole"


class SecuritySetupError(Exception):
    """A connection refused for a security reason; `code` is the LinkStatus error_code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def application_uri() -> str:
    return f"urn:{socket.gethostname()}:{APP_NAME}"


def security_label(config: OpcuaConfig) -> str:
    if config.security_mode == "None":
        return "None (unencrypted)"
    return f"{config.security_policy} {config.security_mode}"


def policy_class(name: str) -> type[Any]:
    cls = getattr(security_policies, f"SecurityPolicy{name}", None)
    if cls is None or name == "None":
        raise SecuritySetupError(f"unknown security policy {name!r}", "config")
    result: type[Any] = cls
    return result


async def ensure_app_certificate(pki_dir: Path) -> tuple[Path, Path]:
    """The console's certificate and key in `pki_dir/own/`, created on first start."""
    own = Path(pki_dir) / "own"
    key = own / "private" / "key.pem"
    cert = own / "cert.der"
    key.parent.mkdir(parents=True, exist_ok=True)
    await cert_gen.setup_self_signed_certificate(
        key,
        cert,
        application_uri(),
        socket.gethostname(),
        [ExtendedKeyUsageOID.CLIENT_AUTH],
        {"commonName": f"{APP_NAME}@{socket.gethostname()}"},
    )
    return cert, key


def check_trusted(pki_dir: Path, der: bytes) -> None:
    """Raise `SecuritySetupError("untrusted_certificate")` unless `der` is in trusted/."""
    if trust.is_trusted(pki_dir, der):
        return
    trust.reject(pki_dir, der)
    raise SecuritySetupError(
        f"server certificate not trusted: thumbprint {trust.thumbprint(der)}",
        "untrusted_certificate",
    )


async def apply_security(client: Any, config: OpcuaConfig) -> None:
    """Pick the server endpoint for the configured mode/policy, check trust, set security."""
    if config.security_mode == "None":
        return
    if config.pki_dir is None:
        raise SecuritySetupError("security mode needs pki_dir for certificates", "config")
    cls = policy_class(config.security_policy)
    mode = getattr(ua.MessageSecurityMode, config.security_mode)
    cert_path, key_path = await ensure_app_certificate(config.pki_dir)
    endpoints = await client.connect_and_get_server_endpoints()
    chosen = next(
        (
            ep
            for ep in endpoints
            if ep.SecurityMode == mode and ep.SecurityPolicyUri == cls.URI and ep.ServerCertificate
        ),
        None,
    )
    if chosen is None:
        raise SecuritySetupError(
            f"server offers no endpoint with {config.security_policy} {config.security_mode}",
            "security_mismatch",
        )
    server_der = first_certificate(chosen.ServerCertificate)
    check_trusted(config.pki_dir, server_der)
    pki_dir = config.pki_dir

    async def validate(cert: x509.Certificate, _app: Any) -> None:
        check_trusted(pki_dir, cert.public_bytes(Encoding.DER))

    client.certificate_validator = validate
    await client.set_security(
        cls, str(cert_path), str(key_path), server_certificate=server_der, mode=mode
    )
