"""Webhooks for P1 incidents and SLA breaches (retried, never blocking ingest), and the
versioned plant model."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from models.incidents.ids import uuid7
from resources import demo_plant_path
from server.process import ServerProcess, free_port
from tests.server.helpers import eventually, run
from tests.server.site import Site, SyncedConsole


class Hook:
    """A webhook receiver that fails its first two calls."""

    def __init__(self) -> None:
        self.received: list[dict[str, object]] = []
        self.calls = 0
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                hook.calls += 1
                body = self.rfile.read(int(self.headers["content-length"]))
                if hook.calls <= 2:
                    self.send_response(503)
                else:
                    hook.received.append(json.loads(body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def hooked_site() -> Iterator[tuple[Site, Hook]]:
    hook = Hook()
    config = (
        "escalation_poll_s = 0.2\nsla_scan_s = 0.5\nwebhook_retry_base_s = 0.2\n"
        f'[[webhook]]\nurl = "{hook.url}"\n'
    )
    process = ServerProcess(config_text=config)
    process.create_admin("root", "root-password")
    try:
        with process:
            yield Site(process, "root", "root-password"), hook
    finally:
        hook.close()


def test_p1_and_sla_breach_reach_the_webhook_with_retries(hooked_site: tuple[Site, Hook]) -> None:
    site, hook = hooked_site

    async def scenario() -> None:
        a = SyncedConsole(site)
        incident = uuid7()
        a.create(incident)  # a line stop (P1) whose fault was long ago: acknowledge SLA breached
        await a.client.sync_once()
        await eventually(
            lambda: {r["kind"] for r in hook.received} >= {"p1", "sla_breach"},
            limit_s=30,
            what="webhooks",
        )
        await a.stop()

    run(scenario())
    p1 = [r for r in hook.received if r["kind"] == "p1"]
    assert len(p1) == 1 and p1[0]["priority"] == "P1" and str(p1[0]["number"]).startswith("INC-")
    assert hook.calls >= 4  # two failures were retried


def test_plant_model_versions_and_hash(site: Site) -> None:
    text = demo_plant_path().read_text(encoding="utf-8")
    first = site.admin(
        "PUT", "/v1/plant", content=text.encode(), headers={"content-type": "text/plain"}
    ).json()
    assert first["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    second = site.admin(
        "PUT", "/v1/plant", content=text.encode(), headers={"content-type": "text/plain"}
    ).json()
    assert second["version"] == first["version"] + 1
    got = site.admin("GET", "/v1/plant")
    assert got.text == text and got.headers["x-plant-sha256"] == first["sha256"]
    assert site.admin("GET", "/v1/plant/meta").json()["version"] == second["version"]
