"""Administration from the command line, on the database directly (as `create-admin`):
users and roles, quarantine, audit log, plant file, certificate thumbprint.

Each command returns the process exit code: 0 done, 1 database trouble, 2 a bad request
(its reason on stderr, nothing changed).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from models.plant_loader import PlantFileError, parse_plant, read_plant_bytes
from server.api.schemas import SITE_PATTERN, USER_PATTERN
from server.audit import audit
from server.clock import now_ms
from server.config import ServerConfig, default_database_url
from server.db.engine import make_engine, migrate, read, write
from server.db.tables import audit_log, role_grants, users
from server.identity import IdentityError, create_user, set_roles, user_exists
from server.plant_store import latest_plant, store_plant
from server.quarantine_store import quarantined_after
from server.security import tokens
from server.security.roles import Role
from server.tls import CertificateFileError, certificate_sha256, pretty_sha256

CLI_USER = "(server cli)"
"""Who the audit log and the plant versions name for changes made here."""
PASSWORD_ENV = "PLANTCONSOLE_USER_PASSWORD"
MIN_PASSWORD = 8


class CommandError(ValueError):
    """A request refused before anything changed; the message says why."""


def fail(message: str, code: int = 2) -> int:
    print(f"plantconsole-server: {message}", file=sys.stderr)
    return code


def run_command(action: Callable[[], int]) -> int:
    """`action`'s exit code; a refused request or a database error becomes a message."""
    try:
        return action()
    except (CommandError, IdentityError, PlantFileError, CertificateFileError) as exc:
        return fail(str(exc))
    except SQLAlchemyError as exc:
        return fail(f"database: {exc}", 1)


@contextmanager
def database(url: str | None, *, must_exist: bool = True) -> Iterator[Engine]:
    """The migrated database; a SQLite file that is not there is an error when the
    command only reads (it would otherwise create an empty one and list nothing)."""
    url = url or default_database_url()
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise CommandError(
            "the --database value is not a database URL (sqlite:///FILE or postgresql://...)"
        ) from None
    in_file = parsed.database not in (None, "", ":memory:")
    sqlite_file = parsed.get_backend_name() == "sqlite" and in_file
    if must_exist and sqlite_file and not Path(str(parsed.database)).is_file():
        raise CommandError(f"no database at {parsed.database} (give --database URL)")
    try:
        engine = make_engine(url)
    except ValueError as exc:
        raise CommandError(f"database: {exc}") from None
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()


def iso(ms: int | None) -> str:
    if ms is None:
        return "-"
    moment = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def check_user_name(name: str) -> None:
    if not re.match(USER_PATTERN, name):
        raise CommandError(
            f"user name {name!r} must be 1-128 letters, digits, '_', '.', '@' or '-', "
            "starting with a letter or digit"
        )


def check_site(site: str) -> None:
    if not re.match(SITE_PATTERN, site):
        raise CommandError(f"{site!r} is not a site name ('*' stands for every site)")


def parse_role(name: str) -> Role:
    try:
        return Role.parse(name)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def new_password(read_password: Callable[[], str]) -> str:
    """From PLANTCONSOLE_USER_PASSWORD when set (scripts), else prompted twice (or one
    line on stdin): never on the command line, where `ps` and shell history show it."""
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        try:
            password = read_password()
        except (EOFError, KeyboardInterrupt):
            raise CommandError("no password given") from None
    if len(password) < MIN_PASSWORD:
        raise CommandError(f"the password needs at least {MIN_PASSWORD} characters")
    return password


# --- users -------------------------------------------------------------------------


def user_add(
    url: str | None, name: str, role_name: str, site: str, read_password: Callable[[], str]
) -> int:
    check_user_name(name)
    check_site(site)
    role = parse_role(role_name)
    password = new_password(read_password)
    with database(url, must_exist=False) as engine, write(engine) as conn:
        now = now_ms()
        create_user(conn, name, password, [(site, role)], now)
        audit(conn, "user_created", now, user=CLI_USER, name=name, roles=[f"{site}:{role.label}"])
    print(f"user {name!r} created: {role.label} at {_site_text(site)}", file=sys.stderr)
    return 0


def user_list(url: str | None, out: TextIO) -> int:
    with database(url) as engine, read(engine) as conn:
        people = conn.execute(select(users.c.name, users.c.active).order_by(users.c.name)).all()
        grants = conn.execute(
            select(role_grants.c.user, role_grants.c.site, role_grants.c.role)
            .where(role_grants.c.revoked_ms.is_(None))
            .order_by(role_grants.c.site, role_grants.c.role)
        ).all()
    roles: dict[str, list[str]] = {}
    for grant in grants:
        roles.setdefault(grant.user, []).append(f"{grant.role}@{grant.site}")
    width = max((len(p.name) for p in people), default=4)
    for person in people:
        state = "" if person.active else "  (disabled)"
        held = ", ".join(roles.get(person.name, [])) or "no role"
        out.write(f"{person.name:<{width}}  {held}{state}\n")
    if not people:
        print("no users yet: plantconsole-server create-admin NAME", file=sys.stderr)
    return 0


def user_role(url: str | None, name: str, role_name: str, site: str) -> int:
    """Give `name` the role at `site` in place of any role held there; `none` ends it.
    Roles at other sites stay. Ended grants stay as history (rights at an event's time)."""
    check_site(site)
    role = None if role_name.lower() == "none" else parse_role(role_name)
    with database(url) as engine, write(engine) as conn:
        if not user_exists(conn, name):
            raise CommandError(f"no user {name!r} (plantconsole-server user list)")
        current = conn.execute(
            select(role_grants.c.site, role_grants.c.role).where(
                role_grants.c.user == name, role_grants.c.revoked_ms.is_(None)
            )
        ).all()
        wanted = [(g.site, Role.parse(g.role)) for g in current if g.site != site]
        if role is not None:
            wanted.append((site, role))
        now = now_ms()
        set_roles(conn, name, wanted, now)
        labels = sorted(f"{s}:{r.label}" for s, r in wanted)
        audit(conn, "roles_changed", now, user=CLI_USER, name=name, roles=labels)
    what = "no role" if role is None else role.label
    print(f"user {name!r}: {what} at {_site_text(site)}", file=sys.stderr)
    return 0


def user_revoke(url: str | None, name: str) -> int:
    """End every role and every token of `name`. The account and its role history stay:
    events the user wrote while entitled, still waiting on an offline console, arrive
    flagged `author_lost_role` instead of being refused."""
    with database(url) as engine, write(engine) as conn:
        if not user_exists(conn, name):
            raise CommandError(f"no user {name!r} (plantconsole-server user list)")
        now = now_ms()
        set_roles(conn, name, [], now)
        count = tokens.revoke_all(conn, now, user=name)
        audit(conn, "user_revoked", now, user=CLI_USER, name=name, tokens=count)
    print(
        f"user {name!r}: every role ended and {count} token(s) revoked; "
        f"give a role again with: plantconsole-server user role {name} --role ROLE --site SITE",
        file=sys.stderr,
    )
    return 0


def _site_text(site: str) -> str:
    return "every site" if site == "*" else f"site {site!r}"


# --- quarantine and audit log ------------------------------------------------------


def quarantine_list(url: str | None, after: int, limit: int, bodies: bool, out: TextIO) -> int:
    with database(url) as engine, read(engine) as conn:
        rows = quarantined_after(conn, after, limit)
    for row in rows:
        out.write(
            f"#{row.qid} {iso(row.received_ms)} {row.code} event={_shown(row.event_id)} "
            f"console={_shown(row.console_id)} user={_shown(row.user)}: "
            f"{_one_line(row.reason)}\n"
        )
        if bodies:
            out.write(f"    {_one_line(row.body)}\n")
    if not rows:
        print("nothing quarantined" + (f" after #{after}" if after else ""), file=sys.stderr)
    return 0


def audit_tail(url: str | None, count: int, out: TextIO) -> int:
    with database(url) as engine, read(engine) as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.aid.desc()).limit(count)).all()
    for row in reversed(rows):
        detail = _detail_text(row.detail)
        out.write(
            f"#{row.aid} {iso(row.at_ms)} {row.kind} user={_shown(row.user)} "
            f"console={_shown(row.console_id)} ip={_shown(row.ip)}{detail}\n"
        )
    return 0


def _detail_text(raw: str | None) -> str:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return f" {_one_line(raw or '')}"
    if not isinstance(data, dict) or not data:
        return ""
    return " " + " ".join(
        f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in sorted(data.items())
    )


def _shown(value: str | None) -> str:
    return _one_line(value) if value else "-"


def _one_line(text: str) -> str:
    """Stored text shown on one terminal line: control characters escaped, so a reason
    or body cannot rewrite the operator's screen."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


# --- plant file --------------------------------------------------------------------


def plant_upload(url: str | None, path: Path) -> int:
    """Check the file with the plant loader (every issue reported, nothing stored when
    one is found), then store it as the next version."""
    limit = ServerConfig().max_plant_bytes
    data = read_plant_bytes(path, limit)
    parse_plant(data, str(path))  # PlantFileError: the loader's own message
    text = data.decode("utf-8")  # stored exactly as the file is (hash = the file's)
    with database(url, must_exist=False) as engine, write(engine) as conn:
        now = now_ms()
        stored = store_plant(conn, text, CLI_USER, now)
        audit(
            conn,
            "plant_uploaded",
            now,
            user=CLI_USER,
            version=stored.version,
            sha256=stored.sha256,
            file=str(path),
        )
    print(
        f"plant version {stored.version} stored ({stored.bytes:,} bytes, "
        f"SHA-256 {stored.sha256}); consoles fetch it on their next sync",
        file=sys.stderr,
    )
    return 0


def plant_show(url: str | None, text: bool, out: TextIO) -> int:
    with database(url) as engine, read(engine) as conn:
        found = latest_plant(conn)
    if found is None:
        raise CommandError("no plant file uploaded yet (plantconsole-server plant upload FILE)")
    if text:
        out.write(found.text)
        return 0
    out.write(
        f"version {found.version}\nsha256 {found.sha256}\nuploaded {iso(found.uploaded_ms)} "
        f"by {found.uploaded_by}\nbytes {found.bytes}\n"
    )
    return 0


# --- TLS -----------------------------------------------------------------------------


def cert_thumbprint(cert: Path, out: TextIO) -> int:
    out.write(f"{pretty_sha256(certificate_sha256(cert))}\n")
    return 0
