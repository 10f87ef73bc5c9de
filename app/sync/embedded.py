"""An embedded central server for `plantconsole demo`: a real server process on a free
loopback port with a temporary SQLite database, an admin, the users the consoles write
as, and one console credential per console.

Blocking (it starts a process and waits for it): call it off the GUI thread.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import httpx

from app.sync.client import ConsoleCredential
from server.process import ServerProcess

ADMIN = "demo-admin"
SYSTEM_USER = "system"  # app.incidents.service.SYSTEM_USER: auto-raise writes as it
DEMO_SITE = "demo"


@dataclass
class EmbeddedServer:
    """`start()` the server and register `consoles`; `stop()` ends it (the database stays
    until `cleanup()`, so `restart()` converges on the same history)."""

    consoles: int = 1
    users: Sequence[str] = ("operator",)
    site: str = DEMO_SITE
    startup_timeout: float = 60.0
    credentials: list[ConsoleCredential] = field(default_factory=list)
    # the demo users' generated passwords, in memory only: the demo consoles log in with them
    passwords: dict[str, str] = field(default_factory=dict, repr=False)
    process: ServerProcess | None = None

    @property
    def url(self) -> str:
        assert self.process is not None, "not started"
        return self.process.url

    def start(self) -> EmbeddedServer:
        process = ServerProcess(startup_timeout=self.startup_timeout)
        self.process = process
        password = secrets.token_urlsafe(18)
        try:
            process.create_admin(ADMIN, password)
            process.start()
            token = self._login(ADMIN, password)
            for name, role in _accounts(self.users):
                roles = [{"site": "*", "role": role}]
                self.passwords[name] = secrets.token_urlsafe(18)
                body = {"name": name, "password": self.passwords[name], "roles": roles}
                self._admin(token, "/v1/users", body)
            for n in range(1, self.consoles + 1):
                data = self._admin(
                    token, "/v1/consoles", {"console_id": f"demo-{n}", "site": self.site}
                )
                self.credentials.append(ConsoleCredential(data["console_id"], data["secret"]))
        except BaseException:
            self.stop()
            self.cleanup()
            raise
        return self

    def restart(self) -> None:
        """Start the stopped server again on the same port and database."""
        assert self.process is not None, "not started"
        self.process.start()

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()

    def cleanup(self) -> None:
        if self.process is not None:
            shutil.rmtree(self.process.dir, ignore_errors=True)

    def _login(self, user: str, password: str) -> str:
        body = {"user": user, "password": password}
        response = httpx.post(f"{self.url}/v1/login", json=body, timeout=30)
        response.raise_for_status()
        return str(response.json()["token"])

    def _admin(self, token: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"}
        response = httpx.post(f"{self.url}{path}", json=body, headers=headers, timeout=30)
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
        self.cleanup()


def _accounts(users: Sequence[str]) -> list[tuple[str, str]]:
    """The system user (technician: it raises and resolves) and the people (supervisors)."""
    accounts = [(SYSTEM_USER, "technician")]
    accounts += [(u, "supervisor") for u in dict.fromkeys(users) if u not in (SYSTEM_USER, ADMIN)]
    return accounts
