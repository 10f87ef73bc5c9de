"""Who runs a diagnostic, and whether they may: hooks until the server login exists.

`set_role_provider` / `set_user_provider` let the sync issue plug in the logged-in user;
until then the console's OS user counts as a technician.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable

ALLOWED_ROLES = frozenset({"technician", "supervisor", "admin"})
DEFAULT_ROLE = "technician"


class DiagnosticRefused(PermissionError):
    """The current role may not run diagnostics (viewers may only look)."""


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (containers, services)
        return "unknown"


def _default_role() -> str:
    return DEFAULT_ROLE


_role_provider: Callable[[], str] = _default_role
_user_provider: Callable[[], str] = _os_user


def current_role() -> str:
    return _role_provider()


def current_user() -> str:
    return _user_provider()


def set_role_provider(provider: Callable[[], str]) -> None:
    global _role_provider
    _role_provider = provider


def set_user_provider(provider: Callable[[], str]) -> None:
    global _user_provider
    _user_provider = provider


def check_role(role: str) -> None:
    """Raise `DiagnosticRefused` unless `role` may run diagnostics."""
    if role not in ALLOWED_ROLES:
        raise DiagnosticRefused(
            f"role '{role}' may not run diagnostics: only technicians, supervisors and "
            "admins may (ask a technician, or log in with such a role)"
        )
