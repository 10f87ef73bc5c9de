"""TLS policy: plain HTTP only on loopback; anything else needs a certificate and key."""

from __future__ import annotations

import hashlib
import ipaddress
import ssl
from pathlib import Path


class TlsPolicyError(ValueError):
    """The server would serve plain HTTP to the network: refused."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def check_tls(host: str, cert: Path | None, key: Path | None) -> None:
    if (cert is None) != (key is None):
        raise TlsPolicyError("--cert and --key go together")
    for path in (cert, key):
        if path is not None and not path.is_file():
            raise TlsPolicyError(f"{path}: no such file")
    if cert is None and not is_loopback(host):
        raise TlsPolicyError(
            f"refusing to serve plain HTTP on {host}: passwords and tokens would cross the "
            "network unencrypted. Give --cert FILE --key FILE, or bind 127.0.0.1."
        )


class CertificateFileError(ValueError):
    """The certificate file holds no readable PEM certificate."""


def certificate_sha256(cert: Path) -> str:
    """SHA-256 (hex, lower case) of the DER form of the first certificate in the PEM file:
    the one the server presents, hashed as the console hashes what it is shown."""
    try:
        text = cert.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise CertificateFileError(f"{cert}: cannot be read ({exc})") from None
    begin, end = "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----"
    start = text.find(begin)
    stop = text.find(end, start)
    if start < 0 or stop < 0:
        raise CertificateFileError(f"{cert}: no PEM certificate (-----BEGIN CERTIFICATE-----)")
    try:
        der = ssl.PEM_cert_to_DER_cert(text[start : stop + len(end)])
    except ValueError as exc:
        raise CertificateFileError(f"{cert}: the PEM certificate is damaged ({exc})") from None
    return hashlib.sha256(der).hexdigest()


def pretty_sha256(sha256: str) -> str:
    """'AB:CD:...', the form the console's first-connect dialog shows
    (app.sync.pinning.pretty)."""
    return ":".join(sha256[i : i + 2] for i in range(0, len(sha256), 2)).upper()
