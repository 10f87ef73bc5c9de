"""A keyring backend in a JSON file named by PLANTCONSOLE_TEST_KEYRING: tests share it
with console subprocesses (PYTHON_KEYRING_BACKEND) and never touch the machine's own."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend

ENV = "PLANTCONSOLE_TEST_KEYRING"
BACKEND = "tests.app.sync.file_keyring.FileKeyring"


class FileKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    @property
    def path(self) -> Path:
        return Path(os.environ[ENV])

    def _all(self) -> dict[str, str]:
        if not self.path.exists():
            return {}
        data: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        return data

    def get_password(self, service: str, username: str) -> str | None:
        return self._all().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._all()
        data[f"{service}/{username}"] = password
        self.path.write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self._all()
        data.pop(f"{service}/{username}", None)
        self.path.write_text(json.dumps(data), encoding="utf-8")
