"""`plantconsole-server`: serve the API, and administer it without curl.

plantconsole-server [serve] [--database URL] [--host H] [--port P] [--cert F --key F]
    [--forwarded-allow-ips IPS]
plantconsole-server create-admin USER [--database URL]   (password on stdin / prompt)
plantconsole-server create-console ID --site SITE [--database URL]   (prints the secret once)
plantconsole-server user add|list|role|revoke ...   (users and their roles per site)
plantconsole-server quarantine list / audit tail / plant upload FILE / plant show
plantconsole-server cert-thumbprint CERT   (the SHA-256 consoles show on first connect)

Administration works on the database directly, like create-admin: run it where the
server's database is reachable (same --database URL as the server).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import logging.config
import re
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from models.plant_schema import ID_PATTERN
from server import admin_commands
from server.audit import audit
from server.clock import now_ms
from server.config import DEFAULT_PORT, ServerConfig, default_database_url, read_config_file
from server.db.engine import make_engine, migrate, write
from server.identity import (
    IdentityError,
    console_site,
    create_user,
    ensure_system_user,
    register_console,
)
from server.logs import log_config
from server.security import tokens
from server.security.roles import ANY_SITE, Role
from server.tls import TlsPolicyError, certificate_sha256, check_tls, pretty_sha256

log = logging.getLogger("plantconsole.server")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plantconsole-server",
        description=__doc__.split("\n")[0],
        epilog="With no command, or only serve options, the server serves "
        "(plantconsole-server --port 8765). Each command has --help.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = sub.add_parser("serve", help="serve the API (the default)")
    _serve_options(serve)
    admin = sub.add_parser("create-admin", help="create an admin user (password from stdin)")
    admin.add_argument("user")
    _database_option(admin)
    admin.add_argument("--site", default=ANY_SITE, help="site of the admin role (default: all)")
    console = sub.add_parser(
        "create-console",
        help="register a console (or renew its secret); the new secret is printed once",
    )
    console.add_argument("console_id", help="the console's id, e.g. CR1-PC")
    console.add_argument("--site", required=True, help="the site the console belongs to")
    _database_option(console)
    _user_commands(sub)
    _record_commands(sub)
    thumb = sub.add_parser(
        "cert-thumbprint",
        help="print the SHA-256 thumbprint of a certificate, as consoles show it",
    )
    thumb.add_argument("cert", type=Path, help="the server's TLS certificate (PEM)")
    return parser


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database", default=None, help="database URL (default: the server's SQLite file)"
    )


ROLES = "viewer, technician, supervisor or admin"


def _user_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help="users and their roles: add, list, role, revoke")
    actions = user.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help=f"add a user; password prompted, or from ${admin_commands.PASSWORD_ENV}",
    )
    add.add_argument("name")
    add.add_argument("--role", required=True, help=ROLES)
    add.add_argument("--site", required=True, help="the site of the role ('*': every site)")
    _database_option(add)
    listing = actions.add_parser("list", help="users with their current roles")
    _database_option(listing)
    role = actions.add_parser(
        "role", help="set the user's role at one site (replacing the one held there)"
    )
    role.add_argument("name")
    role.add_argument("--role", required=True, help=f"{ROLES}; none ends the role there")
    role.add_argument("--site", required=True, help="the site ('*': every site)")
    _database_option(role)
    revoke = actions.add_parser(
        "revoke", help="end every role and token of a user (their past events stay valid)"
    )
    revoke.add_argument("name")
    _database_option(revoke)


def _record_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    quarantined = sub.add_parser("quarantine", help="events the server refused")
    q_actions = quarantined.add_subparsers(dest="action", metavar="ACTION", required=True)
    q_list = q_actions.add_parser("list", help="refused events with their reason, oldest first")
    q_list.add_argument("--after", type=int, default=0, help="only entries after this #number")
    q_list.add_argument("--limit", type=int, default=100)
    q_list.add_argument("--bodies", action="store_true", help="show each refused event too")
    _database_option(q_list)
    audit_parser = sub.add_parser("audit", help="the audit log: logins, refusals, admin work")
    a_actions = audit_parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    tail = a_actions.add_parser("tail", help="the latest entries, oldest of them first")
    tail.add_argument("-n", "--lines", type=int, default=20, help="how many (default 20)")
    _database_option(tail)
    plant = sub.add_parser("plant", help="the plant file consoles fetch: upload, show")
    p_actions = plant.add_subparsers(dest="action", metavar="ACTION", required=True)
    upload = p_actions.add_parser("upload", help="check a plant file and store it as new version")
    upload.add_argument("file", type=Path)
    _database_option(upload)
    show = p_actions.add_parser("show", help="version and SHA-256 of the current plant file")
    show.add_argument("--text", action="store_true", help="print the file itself")
    _database_option(show)


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", default=None, help="sqlite:///FILE or postgresql://...")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--cert", type=Path, default=None, help="TLS certificate (PEM)")
    parser.add_argument("--key", type=Path, default=None, help="TLS private key (PEM)")
    parser.add_argument("--config", type=Path, default=None, help="TOML: webhooks, limits")
    parser.add_argument("--token-ttl", type=int, default=None, help="token lifetime (s)")
    parser.add_argument("--plain-logs", action="store_true", help="text logs instead of JSON")
    parser.add_argument(
        "--forwarded-allow-ips",
        default=None,
        metavar="IPS",
        help="comma-separated addresses of load balancers / proxies whose X-Forwarded-For "
        "is believed, so the audit log and login throttling see the client's address "
        "(default: $FORWARDED_ALLOW_IPS or 127.0.0.1; '*' believes anyone)",
    )
    parser.add_argument(
        "--exit-with-parent", action="store_true", help="stop when stdin reaches EOF (parent died)"
    )


SERVE_FIRST = ("-h", "--help")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0].startswith("-") and args[0] not in SERVE_FIRST):
        args.insert(0, "serve")  # `plantconsole-server --port 9000` serves, as before
    options = _parser().parse_args(args)
    command = options.command
    if command == "create-admin":
        return create_admin(options.user, options.database, options.site)
    if command == "create-console":
        return create_console(options.console_id, options.site, options.database)
    if command == "serve":
        return serve(options)
    return admin_commands.run_command(lambda: _administer(options))


def _administer(options: argparse.Namespace) -> int:
    url, out = options.database if "database" in options else None, sys.stdout
    match (options.command, getattr(options, "action", None)):
        case ("user", "add"):
            return admin_commands.user_add(
                url, options.name, options.role, options.site, read_password
            )
        case ("user", "list"):
            return admin_commands.user_list(url, out)
        case ("user", "role"):
            return admin_commands.user_role(url, options.name, options.role, options.site)
        case ("user", "revoke"):
            return admin_commands.user_revoke(url, options.name)
        case ("quarantine", "list"):
            if options.after < 0 or options.limit < 1:
                raise admin_commands.CommandError("--after is 0 or more, --limit 1 or more")
            return admin_commands.quarantine_list(
                url, options.after, options.limit, options.bodies, out
            )
        case ("audit", "tail"):
            if options.lines < 1:
                raise admin_commands.CommandError("-n is 1 or more")
            return admin_commands.audit_tail(url, options.lines, out)
        case ("plant", "upload"):
            return admin_commands.plant_upload(url, options.file)
        case ("plant", "show"):
            return admin_commands.plant_show(url, options.text, out)
        case ("cert-thumbprint", _):
            return admin_commands.cert_thumbprint(options.cert, out)
    raise AssertionError(f"unhandled command {options.command}")


def serve(options: argparse.Namespace) -> int:
    try:
        check_tls(options.host, options.cert, options.key)
        cert_sha256 = certificate_sha256(options.cert) if options.cert else None
        extra = read_config_file(options.config) if options.config else {}
    except (TlsPolicyError, OSError, ValueError) as exc:
        print(f"plantconsole-server: {exc}", file=sys.stderr)
        return 2
    if options.database:
        extra["database_url"] = options.database
    if options.token_ttl:
        extra["token_ttl_s"] = options.token_ttl
    config = ServerConfig(
        host=options.host,
        port=options.port,
        cert_file=options.cert,
        key_file=options.key,
        json_logs=not options.plain_logs,
        **extra,
    )
    import uvicorn

    from server.app import create_app

    if options.exit_with_parent:
        from server.parent_watch import watch_parent

        watch_parent()

    logging_config = log_config(config.json_logs)
    logging.config.dictConfig(logging_config)
    if cert_sha256 is not None:
        # Operators compare this with what a console shows on its first connect.
        thumb = pretty_sha256(cert_sha256)
        log.info("TLS certificate SHA-256 %s", thumb, extra={"cert_sha256": thumb})
    uvicorn.run(
        create_app(config),
        host=config.host,
        port=config.port,
        ssl_certfile=str(config.cert_file) if config.cert_file else None,
        ssl_keyfile=str(config.key_file) if config.key_file else None,
        log_config=logging_config,
        timeout_graceful_shutdown=3,
        server_header=False,
        proxy_headers=True,
        forwarded_allow_ips=options.forwarded_allow_ips,
    )
    return 0


def read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Repeat: "):
            raise ValueError("the passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def create_admin(user: str, database: str | None, site: str) -> int:
    try:
        password = read_password()
        if len(password) < 8:
            raise ValueError("the password needs at least 8 characters")
        engine = make_engine(database or default_database_url())
        try:
            migrate(engine)
            with write(engine) as conn:
                create_user(conn, user, password, [(site, Role.ADMIN)], now_ms())
        finally:
            engine.dispose()
    except (ValueError, IdentityError) as exc:
        print(f"plantconsole-server: {exc}", file=sys.stderr)
        return 2
    print(f"admin {user!r} created")
    return 0


def create_console(console_id: str, site: str, database: str | None) -> int:
    """Register `console_id` at `site` with a new random secret (renewing one: the old
    secret and the console's tokens stop working). The secret alone goes to stdout (so it
    can be piped), once: the server keeps only its hash."""
    if not re.match(ID_PATTERN, console_id):
        print(
            f"plantconsole-server: console id {console_id!r} must be 1-64 letters, digits, "
            "'_', '.' or '-', starting with a letter or digit",
            file=sys.stderr,
        )
        return 2
    if site == ANY_SITE or not re.match(ID_PATTERN, site):
        print(f"plantconsole-server: {site!r} is not a site name", file=sys.stderr)
        return 2
    secret = secrets.token_urlsafe(32)
    try:
        engine = make_engine(database or default_database_url())
    except (SQLAlchemyError, ValueError) as exc:
        print(f"plantconsole-server: database: {exc}", file=sys.stderr)
        return 2
    try:
        migrate(engine)
        now = now_ms()
        with write(engine) as conn:
            renewed = console_site(conn, console_id) is not None
            register_console(conn, console_id, site, secret, now)
            tokens.revoke_all(conn, now, console=console_id)
            # Auto-raised incidents are written as `system`: without it (technician at the
            # site) the server would refuse every one of them.
            system_added = ensure_system_user(conn, site, now)
            audit(
                conn, "console_registered", now, user="(server cli)", console=console_id, site=site
            )
    except SQLAlchemyError as exc:
        print(f"plantconsole-server: database: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    what = "secret renewed (the old one no longer works)" if renewed else "registered"
    if system_added:
        what += f"; user 'system' (automatic incidents) is a technician at {site!r}"
    print(
        f"console {console_id!r} at site {site!r}: {what}. Its secret follows, shown this "
        f"once; enter it at the console:\n"
        f"  plantconsole register --server URL --console-id {console_id}",
        file=sys.stderr,
    )
    print(secret, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
