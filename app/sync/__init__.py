"""Sync with the central server: outbox up, change feed down, push, pinning, offline login.

No Qt here: `SyncClient` is plain asyncio (it runs on qasync's loop in the console);
the console's store plugs in through the `SyncStore` protocol.
"""

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
