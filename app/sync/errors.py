"""What can go wrong talking to the server, phrased for the person at the console."""

from __future__ import annotations


class SyncError(Exception):
    """Base of the sync client's errors."""


class ServerUnavailable(SyncError):
    """No answer, a dropped connection or a 5xx: retried with backoff."""


class AuthFailed(SyncError):
    """Wrong user name, password or console credential (or the console is not registered)."""


class Forbidden(SyncError):
    """The server refused the request for lack of rights (403)."""


class TooLarge(Forbidden):
    """The server refused a request body over its size limit (413)."""


class CertificateNotTrusted(SyncError):
    """The person did not trust the server certificate shown on first connect."""


class CertificateChanged(SyncError):
    """The server presents a certificate other than the pinned one: possibly an attack."""

    def __init__(self, pinned: str, presented: str | None) -> None:
        self.pinned = pinned
        self.presented = presented
        now = presented or "unknown"
        super().__init__(
            f"the server certificate changed (pinned SHA-256 {pinned}, now {now}); "
            "sync is stopped until an administrator confirms the new certificate "
            "(`plantconsole trust-server`)"
        )
