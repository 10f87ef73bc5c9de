"""The next feed page's request reaches the server before the console applies this page.

The console calls its store on the event loop's thread without yielding (as the window
does), so a prefetch that only starts when the loop next runs would leave after the page
was applied: the server and the console would take turns instead of working together.
A plain TCP relay between the console and a real server records the feed requests as
they pass; the store, while it applies a page, waits for the next page's request there.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.sync.client import SyncClient
from models.incidents.events import Event
from models.incidents.ids import uuid7
from models.store.engine import open_store
from models.store.sync_adapter import StoreSyncAdapter
from tests.models.incidents.builders import Console
from tests.server.helpers import run
from tests.server.site import Site, as_dicts

PAGE = 5
WAIT_S = 30.0  # generous: the request leaves within milliseconds when it overlaps
_FEED_AFTER = re.compile(rb"GET /v1/events\?[^ ]*after=(\d+)")


class Relay:
    """Forwards loopback TCP connections to the server, noting each feed request's `after`."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.afters: list[int] = []
        self.changed = threading.Condition()
        self._sockets: list[socket.socket] = [self.listener]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            server = socket.create_connection(self.target, timeout=WAIT_S)
            server.settimeout(None)
            self._sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, requests: bool) -> None:
        seen = b""
        try:
            while data := source.recv(65536):
                if requests:
                    seen = (seen + data)[-4096:]
                    with self.changed:
                        found = [int(m[1]) for m in _FEED_AFTER.finditer(seen)]
                        if found:
                            self.afters += found
                            seen = seen[seen.rfind(b"GET /v1/events") + 1 :]
                            self.changed.notify_all()
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def wait_for_request(self, after: int) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: after in self.afters, WAIT_S)

    def close(self) -> None:
        for sock in self._sockets:
            sock.close()


@pytest.fixture
def relay(site: Site) -> Iterator[Relay]:
    parts = urlsplit(site.url)
    if parts.scheme != "http":
        pytest.skip("the relay reads plain HTTP requests")
    relay = Relay(parts.hostname or "127.0.0.1", parts.port or 80)
    try:
        yield relay
    finally:
        relay.close()


class WaitsForNextRequest(StoreSyncAdapter):
    """Applies a page only once the request for the page after it has reached the relay."""

    def __init__(self, *args: object, relay: Relay, last: int) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.relay, self.last = relay, last
        self.overlapped = 0

    def apply_remote(self, events: Sequence[Event], cursor: int) -> None:
        if cursor != self.last:  # blocks the loop, as a long apply does
            if not self.relay.wait_for_request(cursor):
                raise AssertionError(f"no request after {cursor} while applying up to it")
            self.overlapped += 1
        super().apply_remote(events, cursor)


def test_the_next_page_is_requested_before_this_one_is_applied(
    site: Site, relay: Relay, tmp_path: Path
) -> None:
    cred = site.add_console()
    console = Console(cred.console_id, user=site.add_user("technician"))
    token = site.login(console_id=cred.console_id, console_secret=cred.secret)
    incident = uuid7()
    events = [console.create(incident)]
    events += [console.event(incident, "comment", text=f"note {n}") for n in range(3 * PAGE)]
    site.admin(
        "POST",
        "/v1/events",
        json={"events": as_dicts(events)},
        headers={"authorization": f"Bearer {token}"},
    )
    feed = site.feed()
    store = open_store(tmp_path / "console.sqlite")
    try:
        adapter = WaitsForNextRequest(store, relay=relay, last=feed[-1]["seq"])
        client = SyncClient(
            adapter,
            f"http://127.0.0.1:{relay.port}",
            site.add_console(),
            page_size=PAGE,
            catch_up_page_size=PAGE,
            catch_up_batch=PAGE,  # one page per apply
            timeout_s=WAIT_S,
        )

        async def pull() -> int:
            try:
                return await client.pull()
            finally:
                await client.close()

        assert run(pull()) == len(feed)
        assert adapter.overlapped >= 3
        assert adapter.cursor() == feed[-1]["seq"]
    finally:
        store.close()
