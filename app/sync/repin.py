"""Re-pinning a renewed server certificate (`plantconsole trust-server`, issue 6).

A console trusts exactly the certificate it pinned at first connect; when plant IT renews
the server's certificate every console stops syncing (`CertificateChanged`), on purpose:
it may as well be someone in between. The supported way on is a person comparing the new
thumbprint with the one plant IT announces: interactively, or with the thumbprint given
(`--thumbprint SHA256`) where nobody can answer a prompt. A thumbprint that does not match
the certificate the server presents is refused and nothing is changed.

Running consoles read the pin again at their next retry: they sync on without a restart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.sync.pinning import Pin, PinStore, fetch_certificate, pretty

_HEX64 = re.compile(r"[0-9a-f]{64}")


class RepinRefused(Exception):
    """Nothing was pinned: the reason, phrased for the person at the console."""


@dataclass(frozen=True)
class ServerCertificate:
    """What the server presents now beside what this console has pinned for it."""

    key: str  # host:port, as the pin store keys it
    pinned: Pin | None
    presented: Pin

    @property
    def unchanged(self) -> bool:
        return self.pinned is not None and self.pinned.sha256 == self.presented.sha256


def pin_key(server_url: str) -> tuple[str, int]:
    """(host, port) of an https server address; RepinRefused for anything else."""
    try:
        parts = urlsplit(server_url)
        port = parts.port or 443
    except ValueError as exc:
        raise RepinRefused(f"{server_url!r} is not a server address ({exc})") from None
    if parts.scheme != "https" or not parts.hostname:
        raise RepinRefused(
            f"{server_url!r} is not an https://HOST:PORT address: only a TLS server has a "
            "certificate to pin (plain http is allowed on loopback only)"
        )
    return parts.hostname, port


def normalise_thumbprint(text: str) -> str:
    """'AB:CD:...' or 'abcd...' to lower-case hex; RepinRefused when it is no SHA-256."""
    value = re.sub(r"[\s:]", "", text).lower()
    if not _HEX64.fullmatch(value):
        raise RepinRefused(f"{text!r} is not a SHA-256 thumbprint (64 hex digits, colons allowed)")
    return value


async def server_certificate(
    server_url: str, pins: PinStore, timeout_s: float
) -> ServerCertificate:
    """The pinned and the presented certificate (OSError/TimeoutError: server away;
    `pinning.PinStoreError`: the pin file is damaged)."""
    host, port = pin_key(server_url)
    key = f"{host}:{port}"
    pinned = pins.load(key)
    presented = await fetch_certificate(host, port, timeout_s)
    return ServerCertificate(key, pinned, presented)


def confirm_thumbprint(cert: ServerCertificate, thumbprint: str) -> None:
    """RepinRefused unless `thumbprint` is the presented certificate's."""
    wanted = normalise_thumbprint(thumbprint)
    if wanted != cert.presented.sha256:
        raise RepinRefused(
            f"the server {cert.key} presents certificate SHA-256 {pretty(cert.presented.sha256)}, "
            f"not {pretty(wanted)} as given: nothing was changed (if plant IT did not renew "
            "the certificate to exactly that one, someone may be between this console and "
            "the server)"
        )


def save_pin(pins: PinStore, cert: ServerCertificate) -> None:
    pins.save(cert.key, cert.presented)
