"""Sync with the central server: outbox up, change feed down, push, pinning, offline login.

No Qt here: `SyncClient` is plain asyncio (it runs on qasync's loop in the console);
the console's store plugs in through the `SyncStore` protocol.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.sync.client import SyncClient
    from app.sync.errors import (
        AuthFailed,
        CertificateChanged,
        CertificateNotTrusted,
        ServerUnavailable,
        SyncError,
    )
    from app.sync.memory_store import MemoryStore
    from app.sync.offline_login import LoginResult, OfflineLogins
    from app.sync.pinning import MemoryPinStore, Pin, PinStore
    from app.sync.protocol import CountsPending, SyncStore
    from app.sync.status import Rejection, SyncStatus

# Where each name lives: loaded on first use (PEP 562), so importing one submodule
# (the login dialog's offline_login, pinning) does not load httpx with the client (issue 4).
_HOMES = {
    "SyncClient": "client",
    "AuthFailed": "errors",
    "CertificateChanged": "errors",
    "CertificateNotTrusted": "errors",
    "ServerUnavailable": "errors",
    "SyncError": "errors",
    "MemoryStore": "memory_store",
    "LoginResult": "offline_login",
    "OfflineLogins": "offline_login",
    "MemoryPinStore": "pinning",
    "Pin": "pinning",
    "PinStore": "pinning",
    "CountsPending": "protocol",
    "SyncStore": "protocol",
    "Rejection": "status",
    "SyncStatus": "status",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'app.sync' has no attribute {name!r}")
    return getattr(import_module(f"app.sync.{home}"), name)


__all__ = [
    "AuthFailed",
    "CertificateChanged",
    "CertificateNotTrusted",
    "CountsPending",
    "LoginResult",
    "MemoryPinStore",
    "MemoryStore",
    "OfflineLogins",
    "Pin",
    "PinStore",
    "Rejection",
    "ServerUnavailable",
    "SyncClient",
    "SyncError",
    "SyncStatus",
    "SyncStore",
]
