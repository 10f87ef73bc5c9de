"""TLS policy: plain HTTP only on loopback; anything else needs a certificate and key."""

from __future__ import annotations

import ipaddress
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
