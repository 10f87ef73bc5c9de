"""Password and console-secret hashing with argon2id (argon2-cffi's tuned defaults)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
MAX_SECRET_CHARS = 1024
# Verifying against this keeps an unknown user as slow as a wrong password (no user probing).
_DUMMY = _HASHER.hash("not-a-password")


def hash_secret(secret: str) -> str:
    if not 1 <= len(secret) <= MAX_SECRET_CHARS:
        raise ValueError(f"a password must be 1-{MAX_SECRET_CHARS} characters")
    return _HASHER.hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    """True when `secret` matches; an unknown principal (None) costs the same time."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY, secret) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
