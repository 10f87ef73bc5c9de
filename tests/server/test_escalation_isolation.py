"""One bad webhook never stops the others: a hanging gateway, a URL httpx refuses at send
time, and a URL refused at start with a clear message."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from models.incidents.ids import uuid7
from server.clock import now_ms
from server.config import read_config_file
from server.db.engine import make_engine, migrate, read, write
from server.db.tables import notifications
from server.process import ServerProcess, free_port
from tests.server.helpers import eventually, run
from tests.server.site import Site, SyncedConsole

BAD_URL = "https://[::1"


class Receiver:
    """A local webhook receiver; `hang` keeps every request waiting until close()."""

    def __init__(self, hang: bool = False) -> None:
        self.received: list[dict[str, object]] = []
        self.arrived_at: list[float] = []
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.arrived_at.append(time.monotonic())
                if hang:
                    receiver.release.wait(120)
                receiver.received.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hanging_and_good() -> Iterator[tuple[Site, Receiver, Receiver, str]]:
    hanging, good = Receiver(hang=True), Receiver()
    # The hanging gateway is listed first, with a long timeout: delivered one after the
    # other, the good one would wait for it on every notification.
    config = (
        "escalation_poll_s = 0.2\nsla_scan_s = 3600\nwebhook_retry_base_s = 0.2\n"
        f'[[webhook]]\nurl = "{hanging.url}"\nkinds = ["p1"]\ntimeout_s = 60\n'
        f'[[webhook]]\nurl = "{good.url}"\nkinds = ["p1"]\ntimeout_s = 5\n'
    )
    process = ServerProcess(config_text=config)
    process.create_admin("root", "root-password")
    # A notification to a URL that only fails when sent (queued by an older, unchecked
    # configuration): it must fail alone, before the others in nid order.
    engine = make_engine(process.database_url)
    migrate(engine)
    # And a backlog for the hanging gateway, larger than what one pass looks at: the
    # good gateway's notifications must still be seen.
    backlog = [{"key": f"p1:backlog-{i}", "url": hanging.url} for i in range(200)]
    with write(engine) as conn:
        conn.execute(
            notifications.insert(),
            [
                {**row, "body": "{}", "created_ms": now_ms(), "attempts": 0, "next_ms": 0}
                for row in [{"key": "p1:old", "url": BAD_URL}, *backlog]
            ],
        )
    engine.dispose()
    try:
        with process:
            yield Site(process, "root", "root-password"), hanging, good, process.database_url
    finally:
        hanging.close()
        good.close()


def test_a_hanging_and_a_broken_webhook_do_not_hold_up_the_good_one(
    hanging_and_good: tuple[Site, Receiver, Receiver, str],
) -> None:
    site, hanging, good, database_url = hanging_and_good
    first, second = uuid7(), uuid7()

    async def scenario() -> None:
        console = SyncedConsole(site)
        console.create(first)  # a line stop: P1
        await console.client.sync_once()
        started = time.monotonic()
        await eventually(lambda: len(good.received) >= 1, limit_s=10, what="first P1")
        assert hanging.arrived_at, "the hanging gateway was tried as well"
        assert time.monotonic() - started < 8  # not after the hanging one's 60 s
        # The next P1 is queued and delivered while the first send still hangs.
        console.create(second)
        await console.client.sync_once()
        await eventually(lambda: len(good.received) >= 2, limit_s=10, what="second P1")
        assert not hanging.received  # still hanging: proof the sends ran side by side
        await console.stop()

    run(scenario())
    assert sorted(str(r["incident_id"]) for r in good.received) == sorted([first, second])
    engine = make_engine(database_url)
    try:
        with read(engine) as conn:
            broken = conn.execute(select(notifications).where(notifications.c.url == BAD_URL)).one()
    finally:
        engine.dispose()
    assert broken.sent_ms is None and broken.attempts >= 1
    assert "InvalidURL" in (broken.last_error or "")
    assert "escalation pass failed" not in site.process.log()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (BAD_URL, "is not a valid URL"),
        ("ftp://gateway.example/x", "must start with http:// or https://"),
        ("https:///path", "names no host"),
        ("http://gateway.example:99999/x", "outside 1-65535"),
        ("http://gate way.example/x", "white space"),
        ("", "must be an http(s) URL"),
    ],
)
def test_a_bad_webhook_url_is_refused_when_the_config_is_read(
    tmp_path: Path, url: str, says: str
) -> None:
    path = tmp_path / "server.toml"
    path.write_text(f'[[webhook]]\nurl = "{url}"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="webhook") as caught:
        read_config_file(path)
    assert says in str(caught.value)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[[webhook]]\nurl = "http://g.example/"\ntimeout_s = "soon"\n', "timeout_s"),
        ('[[webhook]]\nurl = "http://g.example/"\nkinds = "p1"\n', "kinds must be a list"),
        ('webhook = "http://g.example/"\n', "[[webhook]] table"),
        ('sla_scan_s = "often"\n', "sla_scan_s: expected a number"),
    ],
)
def test_other_bad_webhook_settings_are_refused_clearly(
    tmp_path: Path, text: str, says: str
) -> None:
    path = tmp_path / "server.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        read_config_file(path)
    assert says in str(caught.value)


def test_the_server_refuses_to_start_with_a_bad_webhook_url(tmp_path: Path) -> None:
    config = tmp_path / "server.toml"
    config.write_text(f'[[webhook]]\nurl = "{BAD_URL}"\n', encoding="utf-8")
    database = f"sqlite:///{tmp_path / 'server.sqlite'}"
    command = [sys.executable, "-m", "server", "serve", "--config", str(config)]
    done = subprocess.run(
        [*command, "--database", database, "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert f"[[webhook]] #1: url {BAD_URL!r} is not a valid URL" in done.stderr
    assert "Traceback" not in done.stderr
