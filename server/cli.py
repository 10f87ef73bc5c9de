"""`plantconsole-server`: serve the API, or create the first admin.

plantconsole-server [serve] [--database URL] [--host H] [--port P] [--cert F --key F]
plantconsole-server create-admin USER [--database URL]   (password on stdin / prompt)
plantconsole-server create-console ID --site SITE [--database URL]   (prints the secret once)
"""

from __future__ import annotations

import argparse
import getpass
import logging.config
import re
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from models.plant_schema import ID_PATTERN
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
from server.tls import TlsPolicyError, check_tls


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="plantconsole-server", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="serve the API (the default)")
    _serve_options(serve)
    admin = sub.add_parser("create-admin", help="create an admin user (password from stdin)")
    admin.add_argument("user")
    admin.add_argument("--database", default=None, help="database URL")
    admin.add_argument("--site", default=ANY_SITE, help="site of the admin role (default: all)")
    console = sub.add_parser(
        "create-console",
        help="register a console (or renew its secret); the new secret is printed once",
    )
    console.add_argument("console_id", help="the console's id, e.g. CR1-PC")
    console.add_argument("--site", required=True, help="the site the console belongs to")
    console.add_argument("--database", default=None, help="database URL")
    return parser


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
        "--exit-with-parent", action="store_true", help="stop when stdin reaches EOF (parent died)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0].startswith("-"):
        args.insert(0, "serve")
    options = _parser().parse_args(args)
    if options.command == "create-admin":
        return create_admin(options.user, options.database, options.site)
    if options.command == "create-console":
        return create_console(options.console_id, options.site, options.database)
    return serve(options)


def serve(options: argparse.Namespace) -> int:
    try:
        check_tls(options.host, options.cert, options.key)
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
    uvicorn.run(
        create_app(config),
        host=config.host,
        port=config.port,
        ssl_certfile=str(config.cert_file) if config.cert_file else None,
        ssl_keyfile=str(config.key_file) if config.key_file else None,
        log_config=logging_config,
        timeout_graceful_shutdown=3,
        server_header=False,
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
