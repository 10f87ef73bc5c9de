"""`plantconsole-server`: serve the API, or create the first admin.

plantconsole-server [serve] [--database URL] [--host H] [--port P] [--cert F --key F]
plantconsole-server create-admin USER [--database URL]   (password on stdin / prompt)
"""

from __future__ import annotations

import argparse
import getpass
import logging.config
import sys
from collections.abc import Sequence
from pathlib import Path

from server.clock import now_ms
from server.config import DEFAULT_PORT, ServerConfig, default_database_url, read_config_file
from server.db.engine import make_engine, migrate, write
from server.identity import IdentityError, create_user
from server.logs import log_config
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


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0].startswith("-"):
        args.insert(0, "serve")
    options = _parser().parse_args(args)
    if options.command == "create-admin":
        return create_admin(options.user, options.database, options.site)
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


if __name__ == "__main__":
    sys.exit(main())
