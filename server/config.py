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

import httpx
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


def webhook_url(raw: object, where: str) -> str:
    """`raw` if it is an http(s) URL with a host httpx can send to; else a clear error.

    Checked at start: a URL that only fails at send time (``https://[::1``) would
    otherwise surface as an error in the escalation worker, long after the operator left.
    """
    if not isinstance(raw, str) or not raw:
        raise ValueError(f"{where}: url must be an http(s) URL, found {raw!r}")
    if any(ch.isspace() for ch in raw):
        raise ValueError(f"{where}: url {raw!r} contains white space")
    try:
        url = httpx.URL(raw)
        port = url.port
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise ValueError(f"{where}: url {raw!r} is not a valid URL ({exc})") from None
    if url.scheme not in ("http", "https"):
        raise ValueError(f"{where}: url {raw!r} must start with http:// or https://")
    if not url.host:
        raise ValueError(f"{where}: url {raw!r} names no host")
    if port is not None and not 0 < port < 65536:
        raise ValueError(f"{where}: url {raw!r} has port {port}, outside 1-65535")
    return raw


def webhooks_from(data: dict[str, Any]) -> tuple[Webhook, ...]:
    raw_hooks = data.get("webhook", [])
    if not isinstance(raw_hooks, list):
        raise ValueError("webhook: write each one as a [[webhook]] table")
    hooks = []
    for i, raw in enumerate(raw_hooks):
        where = f"[[webhook]] #{i + 1}"
        if not isinstance(raw, dict):
            raise ValueError(f"{where}: expected a table with url = ...")
        url = webhook_url(raw.get("url"), where)
        kinds_raw = raw.get("kinds", ("p1", "sla_breach"))
        if not isinstance(kinds_raw, list | tuple) or not all(
            isinstance(k, str) for k in kinds_raw
        ):
            raise ValueError(f'{where}: kinds must be a list such as ["p1", "sla_breach"]')
        kinds = tuple(kinds_raw)
        if unknown := set(kinds) - {"p1", "sla_breach"}:
            raise ValueError(f"{where}: unknown kinds {sorted(unknown)}")
        timeout = raw.get("timeout_s", 5.0)
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
            raise ValueError(f"{where}: timeout_s must be a number of seconds above 0")
        hooks.append(Webhook(url, kinds, float(timeout)))
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
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{key}: expected a number, found {value!r}")
            out[key] = kind(value)
    if "database" in data:
        out["database_url"] = str(data["database"])
    return out
