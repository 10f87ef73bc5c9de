"""Offline login: the last verified credentials stay valid for a bounded time.

After each successful online login the console keeps a salted scrypt hash of the
password (never the password) with the roles the server gave and the time; while
the server is out of reach, the same user and password open the console until
`max_age_s` after that verification.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
DEFAULT_MAX_AGE_S = 12 * 3600


@dataclass(frozen=True)
class CachedLogin:
    user: str
    salt: str  # hex
    digest: str  # hex scrypt(password, salt)
    roles: dict[str, str]
    verified_ms: int


@dataclass(frozen=True)
class LoginResult:
    user: str
    roles: dict[str, str]
    online: bool
    verified_ms: int  # when the server last confirmed these credentials
    valid_until_ms: int | None  # offline logins end here


def _digest(password: str, salt: bytes) -> str:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, maxmem=64 * 1024 * 1024, **SCRYPT
    ).hex()


class OfflineLogins:
    """The cache of verified logins; in memory, or in a JSON file when given a path."""

    def __init__(self, path: Path | None = None, max_age_s: int = DEFAULT_MAX_AGE_S) -> None:
        self.path = path
        self.max_age_s = max_age_s
        self._entries: dict[str, CachedLogin] = {}
        if path is not None and path.exists():
            raw = json.loads(path.read_text(encoding="utf-8"))
            self._entries = {k: CachedLogin(**v) for k, v in raw.items()}

    def remember(
        self, user: str, password: str, roles: dict[str, str], now_ms: int | None = None
    ) -> None:
        salt = os.urandom(16)
        verified = now_ms if now_ms is not None else time.time_ns() // 1_000_000
        self._entries[user] = CachedLogin(
            user, salt.hex(), _digest(password, salt), dict(roles), verified
        )
        self._save()

    def forget(self, user: str) -> None:
        if self._entries.pop(user, None) is not None:
            self._save()

    def check(self, user: str, password: str, now_ms: int | None = None) -> LoginResult | None:
        """The cached login if the password matches and it is recent enough, else None."""
        entry = self._entries.get(user)
        if entry is None:
            return None
        now = now_ms if now_ms is not None else time.time_ns() // 1_000_000
        until = entry.verified_ms + self.max_age_s * 1000
        if not entry.verified_ms <= now < until:
            return None
        if not hmac.compare_digest(_digest(password, bytes.fromhex(entry.salt)), entry.digest):
            return None
        return LoginResult(user, dict(entry.roles), False, entry.verified_ms, until)

    def _save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(
            json.dumps({k: asdict(v) for k, v in self._entries.items()}), encoding="utf-8"
        )
        os.chmod(tmp, 0o600)
        tmp.replace(self.path)
