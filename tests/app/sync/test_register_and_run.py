"""Issue 6: a console gets its own credential (`plantconsole-server create-console`,
`plantconsole register`) and `plantconsole run --headless` syncs with a real server
process; a refused credential is said, the events wait in the outbox and go up after
a correct register."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError, PasswordSetError
from sqlalchemy import create_engine, select

from app.cli import main
from app.incidents.service import IncidentService
from app.paths import default_store_path
from app.settings import CONSOLE_ID_PATTERN, Settings, settings_path
from app.sync.client import ConsoleCredential, SyncClient
from models.incidents.maintenance import ChangeKind, MaintenanceWindow
from models.plant_loader import load_plant
from models.plant_schema import ID_PATTERN
from models.store import open_store
from models.store.audit import record_diagnostic
from models.store.outbox import outbox_count
from models.store.sync_adapter import StoreSyncAdapter
from models.store.sync_state import console_identity
from resources import demo_plant_path
from server.db.tables import events
from server.process import ServerProcess
from tests.app.sync.file_keyring import BACKEND, ENV, FileKeyring
from tests.server.site import Site

REPO = Path(__file__).resolve().parents[3]
CONSOLE = "CR9-PC"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    db = tmp_path_factory.mktemp("srv") / "server.sqlite"
    process = ServerProcess(f"sqlite:///{db}")
    process.create_admin("root", "root-password")
    process.start()
    try:
        site = Site(process, "root", "root-password")
        site.add_user("technician", "*", name="operator")
        yield site
    finally:
        process.stop()


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FileKeyring]:
    monkeypatch.setenv(ENV, str(tmp_path / "keyring.json"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", BACKEND)
    previous = keyring.get_keyring()
    backend = FileKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def create_console(site: Site, console_id: str = CONSOLE) -> str:
    """`plantconsole-server create-console`: the secret is the one line on stdout."""
    cmd = [sys.executable, "-m", "server", "create-console", console_id, "--site", "S1"]
    done = subprocess.run(
        [*cmd, "--database", site.process.database_url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert console_id in done.stderr and "once" in done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and len(lines[0]) >= 32
    return lines[0]


def register(
    site: Site, secret: str, monkeypatch: pytest.MonkeyPatch, *more: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(secret + "\n"))
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = main(["register", "--server", site.url, "--console-id", CONSOLE, *more])
    return code, out.getvalue(), err.getvalue()


def raise_locally(title: str) -> str:
    """An incident written on this console while it is not syncing (in its store)."""
    default_store_path().parent.mkdir(parents=True, exist_ok=True)
    with open_store(default_store_path()) as store:
        service = IncidentService(
            store, load_plant(demo_plant_path()), user="operator", console_id=CONSOLE
        )
        return service.raise_manual("SW-L3-043", title, impact=2, urgency=2).id


def pending() -> int:
    with open_store(default_store_path()) as store:
        return outbox_count(store).get("event", 0)


class HeadlessRun:
    """`plantconsole run --headless` in its own process, its output collected."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        cmd = [sys.executable, "-m", "app.cli", "run", "--headless"]
        cmd += ["--config", str(demo_plant_path()), "--user", "operator", "--timeout", "0.5"]
        self.process = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for line in list(self.lines):
                if text in line:
                    return line
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"no line with {text!r}:\n" + "\n".join(self.lines))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(15)
        self._reader.join(5)
        assert self.process.stdout is not None
        self.process.stdout.close()


def uploaded(site: Site, incident_id: str) -> list[dict[str, str]]:
    engine = create_engine(site.process.database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(events.c.type, events.c.author, events.c.uploaded_by_console).where(
                    events.c.incident_id == incident_id
                )
            ).all()
    finally:
        engine.dispose()
    return [row._asdict() for row in rows]


def test_console_id_pattern_is_the_plant_schemas() -> None:
    assert CONSOLE_ID_PATTERN == ID_PATTERN


def test_register_refuses_bad_input_and_saves_nothing(
    server: Site, file_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_console(server)
    code, _, err = register(server, "not-the-secret", monkeypatch)
    assert code == 1 and "refuses console 'CR9-PC'" in err and "nothing was saved" in err
    code, _, err = register(server, "", monkeypatch)
    assert code == 2 and "no secret" in err
    monkeypatch.setattr(sys, "stdin", io.StringIO("x\n"))
    assert main(["register", "--server", "ftp://x", "--console-id", "a b"]) == 2
    assert not settings_path().exists() and not file_keyring.path.exists()


def test_run_syncs_and_a_refused_credential_keeps_events_in_the_outbox(
    server: Site, file_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = create_console(server)
    code, out, _ = register(server, old, monkeypatch)
    assert code == 0 and "accepted by the server, site S1" in out
    settings, _ = Settings.load()
    assert settings.console_id == CONSOLE and settings.server_url == server.url
    assert old not in settings_path().read_text(encoding="utf-8")  # only in the keyring
    assert old in json.dumps(file_keyring._all())

    create_console(server)  # plant IT renews the secret: the stored one is refused now
    first = raise_locally("raised while the credential was stale")
    run = HeadlessRun()
    try:
        line = run.wait_for("sync: offline")
        assert "credential" in line and "register again" in line
    finally:
        run.stop()
    assert pending() >= 1 and uploaded(server, first) == []  # kept, not lost

    new = create_console(server)
    assert register(server, new, monkeypatch)[0] == 0
    second = raise_locally("raised after the new register")
    run = HeadlessRun()
    try:
        run.wait_for(f"as console {CONSOLE}")
        run.wait_for("sync: online")
    finally:
        run.stop()
    assert pending() == 0
    for incident in (first, second):
        rows = [r for r in uploaded(server, incident) if r["type"] == "created"]
        assert rows == [{"type": "created", "author": "operator", "uploaded_by_console": CONSOLE}]


def test_run_without_credential_says_so_and_works_locally(
    server: Site, file_keyring: FileKeyring
) -> None:
    Settings(server_url=server.url).save()
    run = HeadlessRun()
    try:
        line = run.wait_for("sync: off")
        assert "no credential" in line and "plantconsole register" in line
        run.wait_for("CIs:")  # the console works on
    finally:
        run.stop()


def _write_before_registration() -> tuple[str, str]:
    """A console that ran before plant IT connected it: an incident, a diagnostic run and
    a maintenance window, all queued under the id it made up itself: (that id, incident)."""
    default_store_path().parent.mkdir(parents=True, exist_ok=True)
    with open_store(default_store_path()) as store:
        service = IncidentService(store, load_plant(demo_plant_path()), user="operator")
        incident = service.raise_manual("SW-L3-043", "before register", impact=2, urgency=2)
        record_diagnostic(
            store,
            user="operator",
            ci="SW-L3-043",
            kind="ping",
            target="10.0.0.1",
            result="ok",
            summary="answers",
            console_id=service.console_id,
        )
        window = MaintenanceWindow(
            "CHG-PRE-1", ChangeKind.PLC_FIRMWARE, "flash", frozenset({"AR-042-PLC"}), 0, 1, "v1"
        )
        service.suppressions.add_window(window, "operator")
        return service.console_id, incident.id


def test_register_restamps_what_was_queued_before_so_the_server_takes_it(
    server: Site, file_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_up, incident = _write_before_registration()
    assert made_up != CONSOLE
    secret = create_console(server)
    code, out, err = register(server, secret, monkeypatch)
    assert code == 0, err
    assert (
        f"re-stamped 1 incident event, 1 diagnostic audit record, 1 maintenance record "
        f"written before registration as console {made_up} with {CONSOLE}"
    ) in out
    with open_store(default_store_path()) as store:
        assert console_identity(store) == CONSOLE
        client = SyncClient(
            StoreSyncAdapter(store), server.url, ConsoleCredential(CONSOLE, secret), timeout_s=30
        )

        async def sync() -> None:
            try:
                await client.sync_once()
            finally:
                await client.close()

        asyncio.run(sync())
        assert client.status.rejections == ()  # nothing refused for its console id
        assert sum(outbox_count(store).values()) == 0
    rows = [r for r in uploaded(server, incident) if r["type"] == "created"]
    assert rows == [{"type": "created", "author": "operator", "uploaded_by_console": CONSOLE}]
    code, out, _ = register(server, secret, monkeypatch)  # again: nothing left to do
    assert code == 0 and "re-stamped" not in out


def test_queued_items_of_an_id_registered_before_are_left_unless_told(
    server: Site, file_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_up, _ = _write_before_registration()
    Settings(server_url=server.url, console_id=made_up).save()  # registered as that id once
    secret = create_console(server)
    code, out, _ = register(server, secret, monkeypatch)
    assert code == 0 and f"written as console {made_up}, registered before" in out
    assert "--restamp" in out
    with open_store(default_store_path()) as store:
        assert console_identity(store) == made_up  # untouched
    code, out, _ = register(server, secret, monkeypatch, "--restamp")
    assert code == 0 and "re-stamped 1 incident event," in out


def test_register_refuses_while_a_console_runs_with_the_store(
    server: Site, file_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_up, _ = _write_before_registration()
    secret = create_console(server)
    run = HeadlessRun()  # a real console, stamping as the id it read at start
    try:
        run.wait_for(f"(console {made_up})")
        code, out, err = register(server, secret, monkeypatch)
        assert code == 1 and out == ""
        assert "PlantConsole is running with this store; close it and run register again" in err
        assert "nothing was saved" in err
        assert not settings_path().exists() and not file_keyring.path.exists()
        second = HeadlessRun()  # one console per store
        try:
            line = second.wait_for("error:")
            assert "already running" in line
            assert second.process.wait(30) != 0
        finally:
            second.stop()
    finally:
        run.stop()
    with open_store(default_store_path()) as store:
        assert console_identity(store) == made_up  # untouched
    code, out, err = register(server, secret, monkeypatch)  # closed: now it goes through
    assert code == 0, err
    assert f"written before registration as console {made_up} with {CONSOLE}" in out


class RefusingKeyring(KeyringBackend):
    """An OS keyring that refuses every secret (locked, no session bus, ...)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("the keyring is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError("the keyring is locked")


def test_a_keyring_failure_saves_nothing_and_re_stamps_nothing(
    server: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_up, _ = _write_before_registration()
    secret = create_console(server)
    previous = keyring.get_keyring()
    keyring.set_keyring(RefusingKeyring())
    try:
        code, out, err = register(server, secret, monkeypatch)
    finally:
        keyring.set_keyring(previous)
    assert code == 1 and out == ""
    assert "the OS keyring refused the secret" in err and "nothing was saved" in err
    assert not settings_path().exists()
    with open_store(default_store_path()) as store:
        assert console_identity(store) == made_up  # the queue still waits under its old id
        assert outbox_count(store).get("event", 0) == 1
