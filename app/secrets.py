"""Secrets named by reference: 'keyring:SERVICE/USER' or 'env:VARIABLE'.

The plant file and settings only ever hold the reference; the value stays in
the OS keyring or the process environment and is never logged.
"""

from __future__ import annotations

import os


class SecretError(LookupError):
    """A referenced secret could not be found; the message names where we looked."""


def resolve_secret(ref: str) -> str:
    """The secret a reference points to."""
    if ref.startswith("env:"):
        name = ref[4:]
        value = os.environ.get(name)
        if value is None:
            raise SecretError(f"environment variable {name} is not set (named by {ref})")
        return value
    if ref.startswith("keyring:"):
        service, _, user = ref[8:].partition("/")
        try:
            import keyring
            from keyring.errors import KeyringError
        except ImportError:  # pragma: no cover - keyring is a declared dependency
            raise SecretError("the keyring package is not installed") from None
        try:
            value = keyring.get_password(service, user)
        except KeyringError as exc:
            raise SecretError(f"the OS keyring is not available: {exc}") from None
        if value is None:
            raise SecretError(f"no password for user '{user}' in keyring service '{service}'")
        return str(value)
    raise SecretError(f"unsupported secret reference '{ref}' (use keyring: or env:)")


def store_secret(ref: str, value: str) -> None:
    """Put a secret into the OS keyring under a 'keyring:SERVICE/USER' reference."""
    if not ref.startswith("keyring:"):
        raise SecretError("only keyring: references can be stored")
    service, _, user = ref[8:].partition("/")
    import keyring

    keyring.set_password(service, user, value)
