"""`plantconsole-server` administration without curl: users and roles, quarantine, audit
log, plant file; every command a real process on the database a real server serves."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from models.incidents.events import to_dict
from models.incidents.ids import uuid7
from resources import demo_plant_path
from server.admin_commands import PASSWORD_ENV
from server.db.engine import make_engine, read
from server.db.tables import audit_log, role_grants, users
from server.process import ServerProcess
from tests.server.site import Site, SyncedConsole


def cli(
    *args: str, database: str | None = None, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "server", *args]
    if database is not None:
        command += ["--database", database]
    environment = {k: v for k, v in os.environ.items() if k != PASSWORD_ENV}
    return subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**environment, **(env or {})},
    )


@pytest.fixture(scope="module")
def cli_site(database_url: str) -> Iterator[Site]:
    """A server on SQLite, then on PostgreSQL when one is configured (conftest)."""
    process = ServerProcess(database_url)
    process.create_admin("root", "root-password")
    with process:
        yield Site(process, "root", "root-password")


def login_status(site: Site, user: str, password: str) -> int:
    reply = httpx.post(
        f"{site.url}/v1/login", json={"user": user, "password": password}, timeout=30
    )
    return reply.status_code


def test_help_at_the_top_lists_the_commands() -> None:
    done = cli("--help")
    assert done.returncode == 0
    for command in ("serve", "create-admin", "user", "quarantine", "audit", "plant"):
        assert f"\n    {command}" in done.stdout
    assert "cert-thumbprint" in done.stdout
    serve_help = cli("serve", "--help").stdout
    assert "--forwarded-allow-ips" in serve_help and "--port" in serve_help


def test_users_are_added_changed_listed_and_revoked(cli_site: Site) -> None:
    db = cli_site.process.database_url
    added = cli(
        "user", "add", "anna", "--role", "technician", "--site", "S1",
        database=db, env={PASSWORD_ENV: "anna-password"},
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    token = cli_site.login("anna", "anna-password")
    me = httpx.get(
        f"{cli_site.url}/v1/me", headers={"authorization": f"Bearer {token}"}, timeout=30
    )
    assert me.json()["roles"] == {"S1": "technician"}

    # The password may come on stdin (or a prompt); a second user the same way.
    piped = cli("user", "add", "ben", "--role", "viewer", "--site", "*", database=db,
                stdin="ben-password\n")  # fmt: skip
    assert piped.returncode == 0, piped.stderr
    assert login_status(cli_site, "ben", "ben-password") == 200

    changed = cli("user", "role", "anna", "--role", "supervisor", "--site", "S2", database=db)
    assert changed.returncode == 0, changed.stderr
    listed = cli("user", "list", database=db)
    assert listed.returncode == 0
    lines = {line.split()[0]: line for line in listed.stdout.splitlines()}
    assert "supervisor@S2" in lines["anna"] and "technician@S1" in lines["anna"]
    assert "viewer@*" in lines["ben"] and "admin@*" in lines["root"]

    revoked = cli("user", "revoke", "anna", database=db)
    assert revoked.returncode == 0, revoked.stderr
    assert "1 token(s) revoked" in revoked.stderr
    gone = httpx.get(
        f"{cli_site.url}/v1/events", headers={"authorization": f"Bearer {token}"}, timeout=30
    )
    assert gone.status_code == 401  # her token no longer works
    assert "no role" in cli("user", "list", database=db).stdout

    tail = cli("audit", "tail", "-n", "50", database=db).stdout
    assert "user_created user=(server cli)" in tail
    assert 'roles_changed user=(server cli) console=- ip=- name="anna"' in tail
    assert 'user_revoked user=(server cli) console=- ip=- name="anna" tokens=1' in tail


@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (("user", "add", "x1", "--role", "wizard", "--site", "S1"), "long-password\n",
         "unknown role 'wizard'"),
        (("user", "add", "x2", "--role", "viewer", "--site", "S1"), "short\n",
         "at least 8 characters"),
        (("user", "add", "x3", "--role", "viewer", "--site", "S1"), "",
         "at least 8 characters"),
        (("user", "add", "bad name", "--role", "viewer", "--site", "S1"), "long-password\n",
         "user name 'bad name' must be"),
        (("user", "add", "x4", "--role", "viewer", "--site", "no site"), "long-password\n",
         "'no site' is not a site name"),
        (("user", "add", "root", "--role", "viewer", "--site", "S1"), "long-password\n",
         "user 'root' exists"),
        (("user", "role", "nobody", "--role", "viewer", "--site", "S1"), "",
         "no user 'nobody'"),
        (("user", "revoke", "nobody"), "", "no user 'nobody'"),
        (("audit", "tail", "-n", "0"), "", "-n is 1 or more"),
        (("quarantine", "list", "--limit", "0"), "", "--limit 1 or more"),
    ],
)  # fmt: skip
def test_bad_admin_requests_are_refused_with_a_reason_and_change_nothing(
    cli_site: Site, args: tuple[str, ...], stdin: str, says: str
) -> None:
    db = cli_site.process.database_url
    before = snapshot(db)
    done = cli(*args, database=db, stdin=stdin)
    assert done.returncode == 2
    assert says in done.stderr and "Traceback" not in done.stderr
    assert snapshot(db) == before


def snapshot(database: str) -> tuple[object, ...]:
    """Users, role grants and audit entries as stored."""
    engine = make_engine(database)
    try:
        with read(engine) as conn:
            return tuple(
                tuple(conn.execute(select(table)).all())
                for table in (users, role_grants, audit_log)
            )
    finally:
        engine.dispose()


def test_a_missing_or_unreachable_database_is_said(tmp_path: Path) -> None:
    missing = cli("user", "list", database=f"sqlite:///{tmp_path / 'none.sqlite'}")
    assert missing.returncode == 2 and "no database at" in missing.stderr
    assert not (tmp_path / "none.sqlite").exists()  # not created empty
    nonsense = cli("audit", "tail", database="not a url :-)")
    assert nonsense.returncode == 2 and "not a database URL" in nonsense.stderr
    assert "not a url" not in nonsense.stderr  # a URL may carry a password: not echoed


def test_quarantine_list_shows_refused_events_with_their_reason(cli_site: Site) -> None:
    con = SyncedConsole(cli_site)
    token = cli_site.login(
        console_id=con.credential.console_id, console_secret=con.credential.secret
    )
    incident = uuid7()
    good = con.writer.create(incident)
    bad = {**to_dict(con.writer.event(incident, "comment", text="x")), "payload": {"text": 5}}
    evil = {**to_dict(con.writer.event(incident, "comment", text="y")), "id": "\x1b[2Jgone"}
    reply = httpx.post(
        f"{cli_site.url}/v1/events",
        json={"events": [to_dict(good), bad, evil]},
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
    )
    statuses = [r["status"] for r in reply.json()["results"]]
    assert statuses == ["accepted", "rejected", "rejected"]
    listed = cli("quarantine", "list", "--bodies", database=cli_site.process.database_url)
    assert listed.returncode == 0, listed.stderr
    mine = [line for line in listed.stdout.splitlines() if bad["id"] in line]
    assert mine and " 422 " in mine[0] and f"console={con.credential.console_id}" in mine[0]
    # A stored id with control characters must not rewrite the operator's terminal.
    assert "\x1b" not in listed.stdout and "event=\\x1b[2Jgone" in listed.stdout


def test_plant_upload_checks_the_file_and_consoles_get_it(cli_site: Site, tmp_path: Path) -> None:
    db = cli_site.process.database_url
    bad = tmp_path / "bad.toml"
    bad.write_text("[site]\nname = 3\n", encoding="utf-8")
    refused = cli("plant", "upload", str(bad), database=db)
    assert refused.returncode == 2
    assert f"{bad}:1: field 'site.id': required field is missing" in refused.stderr
    missing = cli("plant", "upload", str(tmp_path / "gone.toml"), database=db)
    assert missing.returncode == 2 and "cannot read file" in missing.stderr
    assert cli("plant", "show", database=db).returncode == 2  # nothing was stored

    plant = demo_plant_path()
    stored = cli("plant", "upload", str(plant), database=db)
    assert stored.returncode == 0, stored.stderr
    served = cli_site.admin("GET", "/v1/plant")
    assert served.content == plant.read_bytes()  # byte for byte: same hash as the file
    shown = cli("plant", "show", database=db).stdout
    assert f"sha256 {served.headers['x-plant-sha256']}" in shown
    assert f"version {served.headers['x-plant-version']}" in shown
    assert cli("plant", "show", "--text", database=db).stdout == plant.read_text("utf-8")
    assert "plant_uploaded user=(server cli)" in cli("audit", "tail", database=db).stdout
