"""Server settings: command line first, then an optional TOML file (webhooks, limits).

Everything has a default so that `plantconsole-server` with no arguments serves a
small site from a SQLite file in the server's data folder, on loopback.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import PlatformDirs

DEFAULT_PORT = 8765
_DIRS = PlatformDirs("PlantConsoleServer", "PlantConsole")


def data_dir() -> Path:
    """Where the default SQLite file lives; PLANTCONSOLE_SERVER_HOME moves it."""
    home = os.environ.get("PLANTCONSOLE_SERVER_HOME")
    return Path(home) if home else Path(_DIRS.user_data_dir)


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'server.sqlite'}"


@dataclass(frozen=True)
class Webhook:
    """A chat or e-mail gateway: POSTed JSON for the listed kinds (p1, sla_breach)."""

    url: str
    kinds: tuple[str, ...] = ("p1", "sla_breach")
    timeout_s: float = 5.0


@dataclass(frozen=True)
class ServerConfig:
    database_url: str = field(default_factory=default_database_url)
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    cert_file: Path | None = None
    key_file: Path | None = None
    token_ttl_s: int = 8 * 3600
    max_body_bytes: int = 4 * 1024 * 1024
    max_plant_bytes: int = 32 * 1024 * 1024
    clock_ahead_ms: int = 5 * 60_000
    login_failures_allowed: int = 5
    login_window_s: int = 300
    webhooks: tuple[Webhook, ...] = ()
    webhook_retry_base_s: float = 2.0
    webhook_retry_max_s: float = 300.0
    escalation_poll_s: float = 1.0
    sla_scan_s: float = 30.0
    feed_poll_s: float = 0.2
    json_logs: bool = True


def webhooks_from(data: dict[str, Any]) -> tuple[Webhook, ...]:
    hooks = []
    for i, raw in enumerate(data.get("webhook", [])):
        url = raw.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ValueError(f"[[webhook]] #{i + 1}: url must be an http(s) URL")
        kinds = tuple(raw.get("kinds", ("p1", "sla_breach")))
        if unknown := set(kinds) - {"p1", "sla_breach"}:
            raise ValueError(f"[[webhook]] #{i + 1}: unknown kinds {sorted(unknown)}")
        hooks.append(Webhook(url, kinds, float(raw.get("timeout_s", 5.0))))
    return tuple(hooks)


_NUMBERS = {
    "token_ttl_s": int,
    "max_body_bytes": int,
    "max_plant_bytes": int,
    "clock_ahead_ms": int,
    "login_failures_allowed": int,
    "login_window_s": int,
    "webhook_retry_base_s": float,
    "webhook_retry_max_s": float,
    "escalation_poll_s": float,
    "sla_scan_s": float,
    "feed_poll_s": float,
}


def read_config_file(path: Path) -> dict[str, Any]:
    """The TOML file's settings as ServerConfig keyword arguments."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out: dict[str, Any] = {"webhooks": webhooks_from(data)}
    for key, kind in _NUMBERS.items():
        if key in data:
            out[key] = kind(data[key])
    if "database" in data:
        out["database_url"] = str(data["database"])
    return out
