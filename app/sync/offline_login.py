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
import logging
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger("plantconsole.sync")

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
            self._entries = _read(path)

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

    def valid_until_ms(self, user: str, now_ms: int | None = None) -> int | None:
        """Until when `user` could log in offline (None: no recent verified login here)."""
        entry = self._entries.get(user)
        if entry is None:
            return None
        now = now_ms if now_ms is not None else time.time_ns() // 1_000_000
        until = entry.verified_ms + self.max_age_s * 1000
        return until if entry.verified_ms <= now < until else None

    def check(self, user: str, password: str, now_ms: int | None = None) -> LoginResult | None:
        """The cached login if the password matches and it is recent enough, else None."""
        entry = self._entries.get(user)
        if entry is None:
            return None
        now = now_ms if now_ms is not None else time.time_ns() // 1_000_000
        until = entry.verified_ms + self.max_age_s * 1000
        if not entry.verified_ms <= now < until:
            return None
        try:
            digest = _digest(password, bytes.fromhex(entry.salt))
        except (ValueError, TypeError):  # a damaged cache entry: no offline login from it
            return None
        if not isinstance(entry.digest, str) or not hmac.compare_digest(digest, entry.digest):
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


def _read(path: Path) -> dict[str, CachedLogin]:
    """The cached logins of the file; a damaged file counts as none (online login works
    and rewrites it), said in the log without its content."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError(f"expected an object, found {type(raw).__name__}")
        return {str(k): CachedLogin(**v) for k, v in raw.items()}
    except (OSError, UnicodeDecodeError, ValueError, TypeError) as exc:
        log.warning(
            "offline login cache %s unreadable (%s): offline login needs a new online login first",
            path,
            type(exc).__name__,
        )
        return {}
