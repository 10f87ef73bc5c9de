"""Rotating log files in the user's log folder; secrets masked; the diagnostics zip."""

from __future__ import annotations

import json
import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import diagnostics_bundle, logging_setup
from app.settings import Settings


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(logging_setup, "MAX_BYTES", 2_000)
    root_level = logging.getLogger().level
    path = logging_setup.configure(stderr=False)
    yield path
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_plantconsole", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(root_level)
    logging.captureWarnings(False)


def test_logs_rotate_in_the_log_folder(configured: Path, private_home: Path) -> None:
    assert configured == private_home / "logs" / "plantconsole.log"
    log = logging.getLogger("plantconsole.test")
    for n in range(200):
        log.info("line %d of a long shift", n)
    files = logging_setup.log_files()
    names = {p.name for p in files}
    assert "plantconsole.log" in names and "plantconsole.log.1" in names
    assert len(files) <= 1 + logging_setup.BACKUPS
    assert all(p.stat().st_size <= 2_200 for p in files)


@pytest.mark.parametrize(
    ("message", "secret"),
    [
        ("login failed password=hunter22 for mmeier", "hunter22"),
        ('config {"password": "pa$$w0rd", "user": "x"}', "pa$$w0rd"),
        ("server https://mmeier:topsecret@server.example/api", "topsecret"),
        ("Authorization: Bearer abcdef123456", "abcdef123456"),
        ("opcua_password: 's3cr3t!'", "s3cr3t!"),
        ("api_key=K-77-XYZ", "K-77-XYZ"),
    ],
)
def test_password_like_values_are_masked(message: str, secret: str) -> None:
    masked = logging_setup.mask(message)
    assert secret not in masked and logging_setup.MASK in masked


def test_masking_keeps_ordinary_text() -> None:
    text = "SW-L3-043 down: no answer within 2.0 s (password_ref keyring:svc/user is fine)"
    assert logging_setup.mask("SW-L3-043 down: no answer within 2.0 s") == (
        "SW-L3-043 down: no answer within 2.0 s"
    )
    assert "SW-L3-043" in logging_setup.mask(text)


def test_registered_secrets_and_tracebacks_are_masked_in_the_file(configured: Path) -> None:
    logging_setup.register_secret("Werk-Nord-2026")
    log = logging.getLogger("plantconsole.test")
    log.warning("user typed %s", "Werk-Nord-2026")
    try:
        raise ValueError("bad login token=abc123xyz")
    except ValueError:
        log.exception("login failed")
    text = configured.read_text(encoding="utf-8")
    assert "Werk-Nord-2026" not in text and "abc123xyz" not in text
    assert "user typed ***" in text and "ValueError: bad login token=***" in text


def test_diagnostics_bundle_has_logs_versions_and_settings_without_secrets(
    configured: Path, tmp_path: Path
) -> None:
    logging.getLogger("plantconsole.test").warning("connect password=letmein failed")
    settings = Settings(
        user="mmeier", language="de", secret_refs={"server": "keyring:PlantConsole/server:mmeier"}
    )
    settings.save()
    target = diagnostics_bundle.write_bundle(tmp_path / "diag.zip")
    with zipfile.ZipFile(target) as bundle:
        names = set(bundle.namelist())
        assert {"versions.json", "settings.json", "logs/plantconsole.log"} <= names
        versions = json.loads(bundle.read("versions.json"))
        stored = json.loads(bundle.read("settings.json"))
        log_text = bundle.read("logs/plantconsole.log").decode()
    for key in ("plantconsole", "python", "PySide6", "Qt", "asyncua", "pymodbus", "os"):
        assert versions[key] and versions[key] != "not found", key
    assert stored["language"] == "de" and stored["user"] == "mmeier"
    assert "letmein" not in log_text and "password=***" in log_text


def test_default_bundle_goes_to_the_data_folder(private_home: Path) -> None:
    path = diagnostics_bundle.write_bundle()
    assert path.parent == private_home / "data" / "diagnostics" and path.suffix == ".zip"
