"""Settings: round trip across a restart, a malformed file, secrets only in the keyring."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from app import logging_setup
from app.settings import SERVER_PASSWORD, Settings, settings_path

SECRET = "s3cret-Pa55word!"


class MemoryKeyring(KeyringBackend):
    """A fail-safe in-memory keyring: nothing reaches the machine's real one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_round_trip_survives_a_restart() -> None:
    chosen = Settings(
        plant_file="C:/plants/werk-nord.toml",
        server_url="https://console.example:8443",
        user="mmeier",
        poll_ms=750,
        timeout_s=3.5,
        sound=False,
        language="de",
        theme="dark",
    )
    path = chosen.save()
    assert path == settings_path() and path.parent.name == "config"
    loaded, warnings = Settings.load()  # a new process would do exactly this
    assert warnings == []
    assert loaded == chosen


def test_missing_file_gives_defaults() -> None:
    assert Settings.load() == (Settings(), [])


def test_unreadable_file_gives_defaults_a_warning_and_a_backup() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("{ this is not json", encoding="utf-8")
    settings, warnings = Settings.load()
    assert settings == Settings()
    assert len(warnings) == 1 and "unreadable" in warnings[0] and ".bak" in warnings[0]
    assert (path.parent / "settings.json.bak").read_text(encoding="utf-8") == "{ this is not json"


def test_bad_fields_fall_back_one_by_one() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    raw = {
        "schema": 1,
        "plant_file": "/plants/a.toml",
        "poll_ms": -5,
        "language": "fr",
        "theme": "dark",
        "sound": "yes",
        "server_url": "https://user:pw@host",
        "colour": "pink",
    }
    path.write_text(json.dumps(raw), encoding="utf-8")
    settings, warnings = Settings.load()
    assert settings == Settings(plant_file="/plants/a.toml", theme="dark")
    text = "\n".join(warnings)
    for word in ("poll_ms", "language", "sound", "server_url", "unknown setting 'colour'", ".bak"):
        assert word in text
    assert (path.parent / "settings.json.bak").exists()


def test_a_top_level_list_is_not_settings() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("[1, 2]", encoding="utf-8")
    settings, warnings = Settings.load()
    assert settings == Settings() and "JSON object" in warnings[0]


def test_plain_secrets_are_refused_as_references() -> None:
    settings, warnings = Settings.from_dict({"secret_refs": {"server": "hunter2"}})
    assert settings.secret_refs == {} and "keyring" in warnings[0]


def test_password_goes_to_the_keyring_never_to_the_file_or_the_log(
    memory_keyring: MemoryKeyring, private_home: Path
) -> None:
    log_path = logging_setup.configure(stderr=False)
    try:
        logging_setup.register_secret(SECRET)
        settings = Settings(user="mmeier", server_url="https://console.example").with_secret(
            SERVER_PASSWORD, SECRET
        )
        settings.save()
        logging.getLogger("plantconsole.test").warning("login with %s failed", SECRET)
        logging.getLogger("plantconsole.test").info("connect password=%s", "other-pass")
        restarted, _ = Settings.load()
        assert restarted.secret(SERVER_PASSWORD) == SECRET
    finally:
        _remove_handlers()
    assert list(memory_keyring.passwords.values()) == [SECRET]
    assert restarted.secret_refs[SERVER_PASSWORD].startswith("keyring:PlantConsole/")
    for path in private_home.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert SECRET.encode() not in content, path
            assert b"other-pass" not in content, path
    assert "login with *** failed" in log_path.read_text(encoding="utf-8")


def test_a_failing_keyring_means_no_secret_not_a_crash(memory_keyring: MemoryKeyring) -> None:
    settings = Settings(secret_refs={SERVER_PASSWORD: "keyring:PlantConsole/server:nobody"})
    assert settings.secret(SERVER_PASSWORD) is None
    assert Settings().secret(SERVER_PASSWORD) is None


def _remove_handlers() -> None:
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_plantconsole", False)]:
        root.removeHandler(handler)
        handler.close()


def test_plain_http_only_to_this_machine() -> None:
    """A password and the console secret must not cross the plant network in clear text."""
    from app.auth import Authenticator
    from app.settings import plain_http_refusal

    for ok in (
        "http://127.0.0.1:8470",
        "http://localhost:9000/",
        "http://[::1]:1",
        "https://srv:8443",
    ):
        assert plain_http_refusal(ok) == "", ok
    assert "use https" in plain_http_refusal("http://plant-srv:8443")
    settings, issues = Settings.from_dict(Settings().to_dict() | {"server_url": "http://10.1.2.3"})
    assert settings.server_url == Settings().server_url
    assert any("plain http only to this machine" in issue for issue in issues)
    with pytest.raises(ValueError, match="plain http only"):
        Authenticator("http://plant-srv:8443", pins=None, offline=None)  # type: ignore[arg-type]
