"""The console's trust list of OPC UA server certificates, kept as files under `pki_dir`.

Layout (same idea as the OPC UA GDS file store)::

    pki_dir/own/cert.der            the console's application certificate
    pki_dir/own/private/key.pem     its private key
    pki_dir/trusted/<THUMB>.der     server certificates a person has trusted
    pki_dir/rejected/<THUMB>.der    server certificates seen and refused, waiting for a person

`plantconsole trust add THUMBPRINT` moves a file from rejected/ to trusted/ via `trust()`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

TRUSTED = "trusted"
REJECTED = "rejected"


@dataclass(frozen=True)
class CertInfo:
    thumbprint: str
    subject: str
    not_after: str
    path: Path


def thumbprint(der: bytes) -> str:
    """SHA-1 thumbprint formatted like 'AB:CD:...' (what OPC UA tools show)."""
    digest = hashlib.sha1(der, usedforsecurity=False).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def normalize_thumbprint(text: str) -> str:
    """Accept 'ab:cd..', 'ABCD..' or 'ab cd ..'; answer 'AB:CD:...'. ValueError if not SHA-1."""
    hexdigits = re.sub(r"[^0-9A-Fa-f]", "", text).upper()
    if len(hexdigits) != 40 or len(re.sub(r"[\s:.-]", "", text)) != 40:
        raise ValueError(f"not a SHA-1 thumbprint: {text!r}")
    return ":".join(hexdigits[i : i + 2] for i in range(0, 40, 2))


def _file_name(der: bytes) -> str:
    return thumbprint(der).replace(":", "") + ".der"


def _load_der(path: Path) -> bytes | None:
    data = path.read_bytes()
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(data).public_bytes(Encoding.DER)
        x509.load_der_x509_certificate(data)
    except ValueError:
        return None
    return data


def _scan(folder: Path) -> dict[str, tuple[Path, bytes]]:
    found: dict[str, tuple[Path, bytes]] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".der", ".pem", ".crt", ".cer") or not path.is_file():
            continue
        der = _load_der(path)
        if der is not None:
            found[thumbprint(der)] = (path, der)
    return found


def _info(thumb: str, path: Path, der: bytes) -> CertInfo:
    cert = x509.load_der_x509_certificate(der)
    return CertInfo(
        thumb, cert.subject.rfc4514_string(), cert.not_valid_after_utc.isoformat(), path
    )


def list_trusted(pki_dir: Path) -> list[CertInfo]:
    return [_info(t, p, d) for t, (p, d) in _scan(Path(pki_dir) / TRUSTED).items()]


def list_rejected(pki_dir: Path) -> list[CertInfo]:
    return [_info(t, p, d) for t, (p, d) in _scan(Path(pki_dir) / REJECTED).items()]


def is_trusted(pki_dir: Path, der: bytes) -> bool:
    return thumbprint(der) in _scan(Path(pki_dir) / TRUSTED)


def reject(pki_dir: Path, der: bytes) -> Path:
    """Keep a refused server certificate in rejected/ so a person can trust it later."""
    folder = Path(pki_dir) / REJECTED
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _file_name(der)
    if not path.exists():
        path.write_bytes(der)
    return path


def trust(pki_dir: Path, cert_der_or_thumbprint: bytes | str) -> CertInfo:
    """Trust a certificate given as DER bytes, or by the thumbprint of one in rejected/.

    Raises LookupError when no rejected certificate has that thumbprint.
    """
    pki = Path(pki_dir)
    if isinstance(cert_der_or_thumbprint, bytes):
        der = cert_der_or_thumbprint
        x509.load_der_x509_certificate(der)  # ValueError for anything but a certificate
        source: Path | None = None
    else:
        thumb = normalize_thumbprint(cert_der_or_thumbprint)
        rejected = _scan(pki / REJECTED)
        if thumb not in rejected:
            raise LookupError(f"no rejected certificate with thumbprint {thumb}")
        source, der = rejected[thumb]
    folder = pki / TRUSTED
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _file_name(der)
    path.write_bytes(der)
    if source is not None and source != path:
        source.unlink(missing_ok=True)
    return _info(thumbprint(der), path, der)
