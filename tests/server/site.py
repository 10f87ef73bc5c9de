"""Test helpers around a running server: admin calls, users, consoles, synced consoles."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from typing import Any

import httpx

from app.sync.backoff import Backoff
from app.sync.client import ConsoleCredential, SyncClient
from app.sync.memory_store import MemoryStore
from models.incidents.events import Event, to_dict
from server.process import ServerProcess
from tests.models.incidents.builders import Console

_names = itertools.count(1)
PASSWORD = "good-password-1"


class Site:
    def __init__(self, process: ServerProcess, admin: str, password: str) -> None:
        self.process = process
        self.admin_token = self.login(admin, password)

    @property
    def url(self) -> str:
        return self.process.url

    def login(self, user: str | None = None, password: str | None = None, **more: Any) -> str:
        body = {"user": user, "password": password, **more}
        body = {k: v for k, v in body.items() if v is not None}
        response = httpx.post(f"{self.url}/v1/login", json=body, timeout=30, verify=False)
        response.raise_for_status()
        return str(response.json()["token"])

    def admin(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"authorization": f"Bearer {self.admin_token}", **kwargs.pop("headers", {})}
        response = httpx.request(
            method, f"{self.url}{path}", headers=headers, timeout=30, verify=False, **kwargs
        )
        response.raise_for_status()
        return response

    def add_user(self, role: str = "supervisor", site: str = "*", name: str | None = None) -> str:
        name = name or f"user{next(_names)}"
        roles = [{"site": site, "role": role}] if role else []
        self.admin("POST", "/v1/users", json={"name": name, "password": PASSWORD, "roles": roles})
        return name

    def add_console(self, console_id: str | None = None, site: str = "S1") -> ConsoleCredential:
        console_id = console_id or f"C{next(_names)}"
        data = self.admin(
            "POST", "/v1/consoles", json={"console_id": console_id, "site": site}
        ).json()
        return ConsoleCredential(data["console_id"], data["secret"])

    def feed(self, after: int = 0) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            page = self.admin("GET", "/v1/events", params={"after": after, "limit": 5000}).json()
            items += page["events"]
            if not page["more"]:
                return items
            after = page["cursor"]


class SyncedConsole:
    """A console as an asyncio participant: its own memory store, clock and SyncClient."""

    def __init__(self, site: Site, user: str | None = None, **client_options: Any) -> None:
        self.credential = site.add_console()
        self.user = user or site.add_user()
        self.writer = Console(self.credential.console_id, user=self.user)
        self.store = MemoryStore(self.credential.console_id)
        self.writer.clock = self.store.clock  # real time; observes what the feed brings
        options = {
            "backoff": Backoff(0.2, 2.0),
            "batch_size": 50,
            "page_size": 500,
            "catch_up_page_size": 0,  # small pages, one per transaction, even far behind:
            "catch_up_batch": 1,  # the fault scenarios count and cut them
            "timeout_s": 5.0,
            "poll_s": 2.0,
            **client_options,
        }
        self.client = SyncClient(self.store, site.url, self.credential, **options)
        self.task: asyncio.Task[None] | None = None

    def write(self, incident_id: str, type: str, **payload: Any) -> Event:
        event = self.writer.event(incident_id, type, **payload)
        self.store.write(event)
        self.client.notify_local_write()
        return event

    def create(self, incident_id: str, **overrides: Any) -> Event:
        event = self.writer.create(incident_id, **overrides)
        self.store.write(event)
        self.client.notify_local_write()
        return event

    def start(self) -> None:
        self.task = asyncio.create_task(self.client.run())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None
        await self.client.close()


def as_dicts(events: list[Event]) -> list[dict[str, Any]]:
    return [to_dict(e) for e in events]
