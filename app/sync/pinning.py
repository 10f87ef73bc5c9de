"""Certificate pinning: trust on first use, shown by SHA-256 thumbprint; a changed
certificate is refused.

The pinned certificate becomes the only trust anchor of the TLS context (partial
chains allowed), so a connection to anything else fails in the handshake, before a
token or password is sent. Host names are not checked: the pin is stronger.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Pin:
    sha256: str  # hex, lower case, of the DER certificate
    pem: str


class PinStoreError(ValueError):
    """The pinned certificates cannot be read. Never taken as "nothing pinned": that
    would silently ask to trust whatever certificate the network presents next."""

    def __init__(self, path: Path, why: str) -> None:
        self.path = path
        super().__init__(
            f"the pinned server certificates in {path} cannot be read ({why}); "
            "nothing is trusted until an administrator repairs or removes that file"
        )


class PinStore(Protocol):
    """Where the console keeps the pinned certificate per server (host:port)."""

    def load(self, server: str) -> Pin | None: ...

    def save(self, server: str, pin: Pin) -> None: ...


class MemoryPinStore:
    def __init__(self) -> None:
        self.pins: dict[str, Pin] = {}

    def load(self, server: str) -> Pin | None:
        return self.pins.get(server)

    def save(self, server: str, pin: Pin) -> None:
        self.pins[server] = pin


class FilePinStore:
    """Pins in a small JSON file (the console's config folder)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _all(self) -> dict[str, dict[str, str]]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise PinStoreError(self.path, str(exc)) from None
        if not isinstance(data, dict):
            raise PinStoreError(self.path, f"expected an object, found {type(data).__name__}")
        return data

    def load(self, server: str) -> Pin | None:
        entry = self._all().get(server)
        if entry is None:
            return None
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)
            and isinstance(entry.get("pem"), str)
        ):
            raise PinStoreError(self.path, f"the entry for {server} is damaged")
        return Pin(entry["sha256"], entry["pem"])

    def save(self, server: str, pin: Pin) -> None:
        data = self._all()
        data[server] = {"sha256": pin.sha256, "pem": pin.pem}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
        tmp.replace(self.path)


def thumbprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def pretty(sha256: str) -> str:
    """'AB:CD:...' as certificate dialogs show it."""
    return ":".join(sha256[i : i + 2] for i in range(0, len(sha256), 2)).upper()


async def fetch_certificate(host: str, port: int, timeout_s: float = 10.0) -> Pin:
    """The certificate the server presents, unverified (to show and maybe pin it)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(host, port, ssl=context, server_hostname=host), timeout_s
    )
    try:
        ssl_object = writer.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object else None
        if not der:
            raise ssl.SSLError("the server sent no certificate")
        return Pin(thumbprint(der), ssl.DER_cert_to_PEM_cert(der))
    finally:
        writer.close()
        with contextlib.suppress(OSError, ssl.SSLError):
            await writer.wait_closed()
        del reader


def pinned_context(pin: Pin) -> ssl.SSLContext:
    """A TLS context that accepts exactly the pinned certificate."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_REQUIRED
    context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    context.load_verify_locations(cadata=pin.pem)
    return context


def user_pin_store() -> FilePinStore:
    """The server certificates this user has pinned (login dialog, register, run, sync)."""
    from app.paths import config_dir

    return FilePinStore(config_dir() / "server-pins.json")


def cert_failure(exc: BaseException) -> bool:
    """True when `exc` (or what caused it) is a failed certificate verification."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(
            seen
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
