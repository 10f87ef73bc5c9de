"""Per-user settings: a JSON file in `app.paths.config_dir()`, validated field by field.

A broken or hand-edited file never stops the console: every field that does not
validate falls back to its default, the file as it was is kept beside as
`settings.json.bak`, and `Settings.load` returns the warnings to show. Secrets are
never fields here: the file holds only references ('keyring:SERVICE/USER') and the
values live in the OS keyring (`app.secrets`).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.paths import config_dir
from app.secrets import SecretError, resolve_secret, store_secret

log = logging.getLogger("plantconsole.settings")

SCHEMA_VERSION = 1
KEYRING_SERVICE = "PlantConsole"
LANGUAGES = ("en", "de")
THEMES = ("light", "dark")
SERVER_PASSWORD = "server"  # the name under which the central server's password is kept
CONSOLE_SECRET = "console"  # the name under which this console's server credential is kept
# models.plant_schema.ID_PATTERN (a test keeps them equal; importing it costs pydantic)
CONSOLE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
# Field names that must never hold a value in the file (a guard against a future field).
_SECRET_WORDS = ("password", "passwd", "secret", "token", "apikey", "api_key")


@dataclass(frozen=True)
class Settings:
    """What a user chooses once and keeps: plant, server, polling, sound, language, theme."""

    plant_file: str = ""
    server_url: str = ""
    user: str = ""
    poll_ms: int = 1000
    timeout_s: float = 2.0
    sound: bool = True
    language: str = "en"
    theme: str = "light"
    # this console's id at the central server (`plantconsole register`); its secret is
    # kept in the keyring under secret_refs[CONSOLE_SECRET]
    console_id: str = ""
    # name -> secret reference ('keyring:SERVICE/USER'); never the secret itself
    secret_refs: dict[str, str] = field(default_factory=dict)

    @property
    def plant_path(self) -> Path | None:
        return Path(self.plant_file) if self.plant_file else None

    # -- storage -------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | None = None) -> tuple[Settings, list[str]]:
        """The stored settings and the warnings met on the way (defaults where needed)."""
        path = path or settings_path()
        if not path.exists():
            return cls(), []
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            backup = _keep_backup(path)
            warning = f"settings file {path} is unreadable ({exc}); using defaults, kept {backup}"
            log.warning("%s", warning)
            return cls(), [warning]
        settings, issues = cls.from_dict(raw)
        if issues:
            backup = _keep_backup(path)
            issues = [f"{path}: {issue}" for issue in issues]
            issues.append(f"the file as it was is kept as {backup}")
            for issue in issues:
                log.warning("settings: %s", issue)
        return settings, issues

    def save(self, path: Path | None = None) -> Path:
        """Write atomically (a crash mid-write leaves the old file)."""
        path = path or settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"schema": SCHEMA_VERSION, **self.to_dict()}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return path

    # -- validation ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: object) -> tuple[Settings, list[str]]:
        """Validated settings; each bad field is replaced by its default and named."""
        if not isinstance(raw, dict):
            return cls(), [f"expected a JSON object, found {type(raw).__name__}; using defaults"]
        issues: list[str] = []
        schema = raw.get("schema", SCHEMA_VERSION)
        if schema != SCHEMA_VERSION:
            issues.append(f"schema {schema!r} is not {SCHEMA_VERSION}; reading what fits")
        known = {f.name for f in fields(cls)}
        for key in sorted(set(raw) - known - {"schema"}):
            issues.append(f"unknown setting '{key}' ignored")
        values: dict[str, Any] = {}
        for name, check in _CHECKS.items():
            if name not in raw:
                continue
            problem = check(raw[name])
            if problem:
                issues.append(f"{name}: {problem}; using the default")
            else:
                values[name] = raw[name]
        if "timeout_s" in values:
            values["timeout_s"] = float(values["timeout_s"])
        if "secret_refs" in values:
            values["secret_refs"] = dict(values["secret_refs"])
        return cls(**values), issues

    # -- secrets -------------------------------------------------------------------

    def with_secret(self, name: str, value: str) -> Settings:
        """Store `value` in the OS keyring under this user's reference for `name`."""
        ref = self.secret_refs.get(name) or f"keyring:{KEYRING_SERVICE}/{name}:{self.user or '-'}"
        store_secret(ref, value)
        return replace(self, secret_refs={**self.secret_refs, name: ref})

    def with_console(
        self, server_url: str, console_id: str, secret: str, ref: str | None = None
    ) -> Settings:
        """This console registered at `server_url` as `console_id`: the secret goes to the
        OS keyring (or stays where `ref`, an 'env:' reference, points); SecretError or the
        keyring's own errors when it cannot be stored (then nothing changes)."""
        for name, value in (("server_url", server_url), ("console_id", console_id)):
            problem = _CHECKS[name](value)
            if problem or not value:
                raise ValueError(f"{name}: {problem or 'empty'}")
        if ref is None:
            ref = f"keyring:{KEYRING_SERVICE}/{CONSOLE_SECRET}:{console_id}"
            store_secret(ref, secret)
        elif not ref.startswith("env:"):
            raise SecretError(f"'{ref}' is not an env: reference")
        refs = {**self.secret_refs, CONSOLE_SECRET: ref}
        return replace(self, server_url=server_url, console_id=console_id, secret_refs=refs)

    def console_secret(self) -> tuple[str | None, str]:
        """(this console's secret, '') or (None, why it is not available)."""
        if not self.console_id:
            return None, "this console is not registered (plantconsole register)"
        ref = self.secret_refs.get(CONSOLE_SECRET)
        if not ref:
            return None, f"no secret stored for console {self.console_id!r}"
        try:
            return resolve_secret(ref), ""
        except SecretError as exc:
            return None, f"the secret of console {self.console_id!r} is unavailable: {exc}"

    def secret(self, name: str) -> str | None:
        """The secret stored for `name`, or None when none is stored or the keyring fails."""
        ref = self.secret_refs.get(name)
        if not ref:
            return None
        try:
            return resolve_secret(ref)
        except SecretError as exc:
            log.warning("secret '%s' unavailable: %s", name, exc)
            return None


def settings_path() -> Path:
    return config_dir() / "settings.json"


def _keep_backup(path: Path) -> Path:
    backup = path.with_name(path.name + ".bak")
    try:
        shutil.copy2(path, backup)
    except OSError as exc:
        log.warning("could not keep %s: %s", backup, exc)
    return backup


def _is_text(value: object) -> str:
    return "" if isinstance(value, str) else f"expected text, found {value!r}"


def plain_http_refusal(url: str) -> str:
    """Why `url` must not be used ('' when it may): plain http only to this machine, or a
    password and the console secret would cross the plant network in clear text before
    any server could refuse them."""
    parts = urlsplit(url)
    if parts.scheme != "http":
        return ""
    host = (parts.hostname or "").lower()
    if host == "localhost" or host == "::1" or host.startswith("127."):
        return ""
    return f"'{url}': plain http only to this machine (localhost); use https://"


def _url(value: object) -> str:
    if not isinstance(value, str):
        return f"expected text, found {value!r}"
    if value and not value.startswith(("http://", "https://")):
        return f"'{value}' is not an http(s) address"
    if "@" in value.partition("://")[2].partition("/")[0]:
        return "a server address must not carry a user or password (use the keyring)"
    return plain_http_refusal(value) if value else ""


def _number(low: float, high: float, integer: bool = False) -> Any:
    def check(value: object) -> str:
        allowed = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, allowed):
            return f"expected a number, found {value!r}"
        if not low <= value <= high:
            return f"{value} is outside {low:g}..{high:g}"
        return ""

    return check


def _choice(options: tuple[str, ...]) -> Any:
    def check(value: object) -> str:
        return "" if value in options else f"{value!r} is not one of {', '.join(options)}"

    return check


def _bool(value: object) -> str:
    return "" if isinstance(value, bool) else f"expected true or false, found {value!r}"


def _refs(value: object) -> str:
    if not isinstance(value, dict):
        return f"expected an object of references, found {value!r}"
    for name, ref in value.items():
        if not isinstance(name, str) or not isinstance(ref, str):
            return "names and references must be text"
        if not ref.startswith(("keyring:", "env:")):
            return f"'{name}' is not a keyring:/env: reference (secrets never go in this file)"
    return ""


def _console_id(value: object) -> str:
    if not isinstance(value, str):
        return f"expected text, found {value!r}"
    if value and not re.match(CONSOLE_ID_PATTERN, value):
        return f"{value!r} is not a console id (letters, digits, '_', '.', '-'; up to 64)"
    return ""


def _no_secret_fields() -> None:
    for f in fields(Settings):
        if any(word in f.name.lower() for word in _SECRET_WORDS) and f.name != "secret_refs":
            raise TypeError(f"Settings.{f.name} looks like a secret: keep it in the keyring")


_CHECKS: dict[str, Any] = {
    "plant_file": _is_text,
    "server_url": _url,
    "user": _is_text,
    "poll_ms": _number(100, 3_600_000, integer=True),
    "timeout_s": _number(0.1, 300),
    "sound": _bool,
    "language": _choice(LANGUAGES),
    "theme": _choice(THEMES),
    "secret_refs": _refs,
    "console_id": _console_id,
}
_no_secret_fields()
