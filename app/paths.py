"""Where the console keeps its files per user (platformdirs), overridable for tests."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

_DIRS = PlatformDirs("PlantConsole", "PlantConsole")


def data_dir() -> Path:
    """Per-user data folder; PLANTCONSOLE_HOME moves everything (tests, portable installs)."""
    home = os.environ.get("PLANTCONSOLE_HOME")
    return Path(home) / "data" if home else Path(_DIRS.user_data_dir)


def config_dir() -> Path:
    home = os.environ.get("PLANTCONSOLE_HOME")
    return Path(home) / "config" if home else Path(_DIRS.user_config_dir)


def log_dir() -> Path:
    home = os.environ.get("PLANTCONSOLE_HOME")
    return Path(home) / "logs" if home else Path(_DIRS.user_log_dir)


def cache_dir() -> Path:
    """What can be rebuilt from other files (the validated plant cache)."""
    home = os.environ.get("PLANTCONSOLE_HOME")
    return Path(home) / "cache" if home else Path(_DIRS.user_cache_dir)


def default_store_path() -> Path:
    return data_dir() / "console.sqlite"
