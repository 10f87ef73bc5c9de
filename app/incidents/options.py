"""Whether and where a console keeps incidents: light enough for the start-up path.

The window's launcher decides this before the window shows; the modules that act on
it (the incident store: SQLAlchemy, alembic) load only after it has shown (issue 4).
"""

from __future__ import annotations

import argparse
import getpass
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class IncidentOptions:
    store_path: Path
    console_id: str | None = None
    user: str = "operator"
    settle_s: float | None = None  # None: until the CI's dependencies were checked again


def incident_options_of(args: argparse.Namespace, default_store: Path) -> IncidentOptions | None:
    """--store, --console-id, --user, --no-incidents of `demo`/`run` (absent when the
    welcome page started the console: then the defaults)."""
    if getattr(args, "no_incidents", False):
        return None
    user = getattr(args, "user", None) or _login() or "operator"
    store = getattr(args, "store", None) or default_store
    return IncidentOptions(Path(store), getattr(args, "console_id", None), user)


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
