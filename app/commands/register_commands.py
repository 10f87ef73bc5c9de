"""`plantconsole register --server URL --console-id ID`: connect this console to the
central server with the credential plant IT created for it
(`plantconsole-server create-console ID --site SITE`).

The secret is read from a prompt or one line of stdin, never from the command line
(argv shows in `ps` and in shell histories). It goes to the OS keyring (or, with
--secret-env VAR, stays in that environment variable: services without a keyring);
the settings file keeps only the server URL, the console id and the reference.

Before anything is saved the server is asked whether it accepts the credential: a
refused one is not saved (exit 1); a server out of reach is said, and with
--offline the credential is saved unchecked (`run` syncs once the server answers).

What the console wrote before it was registered (incident events, diagnostic audit
records, maintenance windows and shelvings still queued for upload) carries the id it
made up for itself; the server would refuse all of it under another id. Nobody has
seen those items, so `register` re-stamps them with the registered id, in one
transaction, and says how many (`models.store.restamp`). When the old id was itself
registered before, its queued items may already be on that server: then they are only
counted and left as they are, unless --restamp says to re-stamp them anyway.

A running console stamps with the id it read at start, so `register` changes nothing
while one has the store open (`models.store.console_lock`: it says so and exits 1).
Holding that lock, it decides what to re-stamp (reading only), saves the credential and
the settings, and re-stamps last: a keyring or settings failure leaves the store as it
was, and a failed re-stamp says the credential was saved and register can run again.

`plantconsole trust-server [--server URL] [--thumbprint SHA256]`: the supported way on
after plant IT renewed the server's certificate (`app.sync.repin`). It shows the pinned
and the presented thumbprint and pins the new one once a person confirms it, at the
prompt or with --thumbprint; a thumbprint that does not match is refused. `register`
never replaces a pin: with a changed certificate it says to run trust-server.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from app.secrets import SecretError
from app.settings import Settings

if TYPE_CHECKING:
    from models.store.console_lock import ConsoleLock

DEFAULT_TIMEOUT_S = 10.0


def register(commands: Any) -> None:
    reg = commands.add_parser(
        "register",
        help="connect this console to the central server (its console id and secret)",
        description="Store this console's server credential: the console id plant IT "
        "created with `plantconsole-server create-console ID --site SITE`, and its secret "
        "(asked for, or one line on stdin; never an argument). `plantconsole run` then "
        "syncs its incidents with the server.",
    )
    reg.add_argument("--server", required=True, help="the server's address, https://HOST:PORT")
    reg.add_argument("--console-id", required=True, help="this console's id at the server")
    reg.add_argument(
        "--secret-env",
        metavar="VAR",
        default=None,
        help="the secret is in environment variable VAR (kept there, not in the keyring)",
    )
    reg.add_argument(
        "--trust",
        metavar="SHA256",
        default=None,
        help="the server certificate's SHA-256 thumbprint, when no one can confirm it here",
    )
    reg.add_argument(
        "--offline", action="store_true", help="save even when the server cannot be reached"
    )
    reg.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds")
    reg.add_argument(
        "--store", type=Path, default=None, help="the console's incident store (default: the usual)"
    )
    reg.add_argument(
        "--restamp",
        action="store_true",
        help="re-stamp queued items even when their console id was registered before",
    )
    reg.set_defaults(handler=cmd_register)
    repin = commands.add_parser(
        "trust-server",
        help="pin the central server's renewed certificate (after plant IT confirms it)",
        description="Show the certificate the central server presents beside the one this "
        "console pinned, and pin the presented one once confirmed: at the prompt, or with "
        "--thumbprint where nobody can answer one. A thumbprint that does not match is "
        "refused and nothing is changed. Running consoles use the new pin at their next retry.",
    )
    repin.add_argument(
        "--server",
        default=None,
        help="the server's address, https://HOST:PORT (default: the registered server)",
    )
    repin.add_argument(
        "--thumbprint",
        metavar="SHA256",
        default=None,
        help="the new certificate's SHA-256 thumbprint as plant IT announced it",
    )
    repin.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds")
    repin.set_defaults(handler=cmd_trust_server)


def _fail(message: str, code: int = 1) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def read_secret(env: str | None) -> str:
    if env is not None:
        value = os.environ.get(env)
        if value is None:
            raise ValueError(f"environment variable {env} is not set")
        return value  # as `run` will read it (app.secrets), not trimmed: what is checked is used
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass("Console secret (shown once by create-console): ").strip()
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.strip()


def cmd_register(args: argparse.Namespace) -> int:
    server = args.server.rstrip("/")
    probe = Settings().to_dict() | {"server_url": server, "console_id": args.console_id}
    _, issues = Settings.from_dict(probe)
    if issues:
        return _fail("; ".join(i.replace("; using the default", "") for i in issues), 2)
    try:
        secret = read_secret(args.secret_env)
    except ValueError as exc:
        return _fail(str(exc), 2)
    if not secret:
        return _fail("no secret given (type it at the prompt or pipe one line on stdin)", 2)
    try:
        verdict = asyncio.run(check_credential(server, args.console_id, secret, args))
    except CredentialRefused as exc:
        return _fail(f"{exc}; nothing was saved")
    except ServerAway as exc:
        if not args.offline:
            return _fail(f"{exc}; nothing was saved (--offline saves it unchecked)")
        verdict = f"not checked ({exc})"
    settings, warnings = Settings.load()
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    from app.paths import default_store_path
    from models.store.console_lock import try_lock
    from models.store.errors import StoreError

    store_path: Path = args.store or default_store_path()
    if not store_path.parent.is_dir():  # no console ever ran here: no store, nothing queued
        return save_and_restamp(args, server, secret, verdict, settings, None, None)
    try:
        lock = try_lock(store_path)
    except StoreError as exc:
        return _fail(f"{exc}; nothing was saved")
    if lock is None:
        return _fail(RUNNING)
    with lock:  # no console can open the store (and stamp its old id) until register ends
        return save_and_restamp(args, server, secret, verdict, settings, store_path, lock)


RUNNING = (
    "PlantConsole is running with this store; close it and run register again — nothing was saved"
)


def save_and_restamp(
    args: argparse.Namespace,
    server: str,
    secret: str,
    verdict: str,
    settings: Settings,
    store_path: Path | None,
    lock: ConsoleLock | None,
) -> int:
    """With the store's console lock held: decide what to re-stamp (reading only), save
    the credential and the settings, and re-stamp last; every message says what was saved."""
    from keyring.errors import KeyringError

    registered_before = settings.console_id if settings.server_url else ""
    try:
        plan = plan_restamp(args, registered_before, store_path)
    except RestampRefused as exc:
        return _fail(f"{exc}; nothing was saved")
    ref = f"env:{args.secret_env}" if args.secret_env else None
    try:
        updated = settings.with_console(server, args.console_id, secret, ref)
    except (SecretError, ValueError) as exc:
        return _fail(f"the secret could not be stored: {exc}; nothing was saved")
    except KeyringError as exc:
        return _fail(
            f"the OS keyring refused the secret ({exc}); nothing was saved "
            "(without a keyring: --secret-env VAR)"
        )
    where = f"environment variable {args.secret_env}" if args.secret_env else "the OS keyring"
    try:
        path = updated.save()
    except OSError as exc:
        kept = "" if args.secret_env else " (the secret is in the OS keyring)"
        return _fail(
            f"the settings cannot be written: {exc}; the console is not registered{kept} and "
            "its store was left as it was: run register again"
        )
    print(
        f"console {args.console_id} registered at {server} ({verdict}); "
        f"secret in {where}, settings in {path}"
    )
    try:
        restamped = plan.run(args.console_id, lock)
    except RestampRefused as exc:
        return _fail(
            f"{exc}; the credential and settings were saved: run register again to re-stamp them"
        )
    if restamped:
        print(restamped)
    return 0


class RestampRefused(Exception):
    """The store's queued items could not be re-stamped (locked, damaged, newer)."""


@dataclass(frozen=True)
class RestampPlan:
    """What register does to the store once the credential is saved: re-stamp (write;
    `quiet`: nothing is queued, the store only takes the new id), or only say `message`
    (a warning, or '' when there is nothing to do)."""

    store_path: Path | None = None
    old_id: str = ""
    write: bool = False
    quiet: bool = False
    message: str = ""

    def run(self, new_id: str, lock: ConsoleLock | None) -> str:
        """Re-stamp (when planned; `lock`: the store's, held); the line to print about it."""
        if not self.write or self.store_path is None or lock is None:
            return self.message
        from models.store.engine import open_store
        from models.store.errors import StoreError
        from models.store.restamp import restamp_outbox

        path = self.store_path
        try:
            with open_store(path) as store:
                done = restamp_outbox(store, new_id, lock=lock)
        except StoreError as exc:
            raise RestampRefused(
                f"the queued items in {path} could not be re-stamped ({exc})"
            ) from None
        if self.quiet:
            return ""
        if not done.total:
            return f"the store {path} now writes as console {new_id} (nothing was queued)"
        return (
            f"re-stamped {_items(done)} written before registration as console {self.old_id} "
            f"with {new_id}; they upload at the next sync"
        )


def plan_restamp(
    args: argparse.Namespace, registered_before: str, path: Path | None
) -> RestampPlan:
    """What to do with what the store queued under its old console id (see the module
    doc); reads only. RestampRefused when the store cannot be read."""
    from models.store.engine import open_store
    from models.store.errors import StoreError
    from models.store.restamp import queued_under
    from models.store.sync_state import CONSOLE_ID, get_value

    if path is None or not path.exists():
        return RestampPlan()  # a console that never ran: nothing written yet
    try:
        with open_store(path) as store:
            with store.read() as connection:
                old_id = get_value(connection, CONSOLE_ID)
            if old_id is None or old_id == args.console_id:
                return RestampPlan()
            if old_id == registered_before and not args.restamp:
                left = queued_under(store, old_id)
                if not left.total:  # nothing queued: the store just takes the new id
                    return RestampPlan(path, old_id, write=True, quiet=True)
                return RestampPlan(
                    message=(
                        f"warning: {_items(left)} queued in {path} were written as console "
                        f"{old_id}, registered before: they may be on that server already, so "
                        f"they were left as they are and the server will refuse them from "
                        f"{args.console_id} (--restamp re-stamps them anyway)"
                    )
                )
    except StoreError as exc:
        raise RestampRefused(f"the queued items in {path} could not be read ({exc})") from None
    return RestampPlan(path, old_id, write=True)


def _items(counts: Any) -> str:
    parts = [
        f"{n} {what if n == 1 else what + 's'}"
        for n, what in (
            (counts.events, "incident event"),
            (counts.audit, "diagnostic audit record"),
            (counts.maintenance, "maintenance record"),
        )
        if n
    ]
    return ", ".join(parts) or "0 items"


class CredentialRefused(Exception):
    """The server answered and refused the console id / secret."""


class ServerAway(Exception):
    """The server did not answer (or its certificate is not trusted yet)."""


async def check_credential(
    server: str, console_id: str, secret: str, args: argparse.Namespace
) -> str:
    """'accepted by the server (site S)', or CredentialRefused / ServerAway."""
    import httpx

    verify = await _tls(server, args)
    body = {"console_id": console_id, "console_secret": secret}
    try:
        async with httpx.AsyncClient(
            base_url=server, verify=verify, timeout=httpx.Timeout(args.timeout)
        ) as http:
            response = await http.post("/v1/login", json=body)
            if response.status_code == 200:
                token = response.json().get("token")
                site = response.json().get("site") or "?"
                await http.post("/v1/logout", headers={"authorization": f"Bearer {token}"})
                return f"accepted by the server, site {site}"
    except (httpx.HTTPError, OSError, ValueError) as exc:
        from app.sync.pinning import cert_failure

        if cert_failure(exc):
            raise CredentialRefused(
                f"the server {server} presents a certificate other than the one pinned here "
                "(renewed, or someone in between): when plant IT confirms the new thumbprint, "
                f"run `plantconsole trust-server --server {server}`"
            ) from None
        reason = str(exc) or type(exc).__name__
        raise ServerAway(f"the server {server} cannot be reached ({reason})") from None
    if response.status_code == 401:
        raise CredentialRefused(
            f"the server refuses console {console_id!r} with this secret (wrong secret, "
            "or not created with `plantconsole-server create-console`)"
        )
    if response.status_code == 429:
        raise CredentialRefused("too many failed attempts: wait a few minutes")
    if response.status_code >= 500:
        raise ServerAway(f"the server {server} answered {response.status_code}")
    raise CredentialRefused(f"the server answered {response.status_code}: {response.text[:200]}")


async def _tls(server: str, args: argparse.Namespace) -> Any:
    """True for plain http (loopback only, the server insists); for https the pinned
    certificate, pinned now when the person (or --trust) confirms its thumbprint."""
    parts = urlsplit(server)
    if parts.scheme != "https":
        return True
    from app.sync.pinning import (
        PinStoreError,
        fetch_certificate,
        pinned_context,
        pretty,
        user_pin_store,
    )

    host, port = parts.hostname or "", parts.port or 443
    pins = user_pin_store()
    key = f"{host}:{port}"
    try:
        pin = pins.load(key)
    except PinStoreError as exc:
        raise ServerAway(str(exc)) from None
    if pin is not None:
        return pinned_context(pin)
    try:
        pin = await fetch_certificate(host, port, args.timeout)
    except (OSError, TimeoutError) as exc:
        raise ServerAway(f"the server {server} cannot be reached ({exc})") from None
    wanted = (args.trust or "").replace(":", "").lower()
    if wanted:
        if wanted != pin.sha256:
            raise CredentialRefused(
                f"the server presents certificate SHA-256 {pretty(pin.sha256)}, "
                f"not the one given with --trust"
            )
    elif sys.stdin is not None and sys.stdin.isatty():
        print(f"First connection to {key}: certificate SHA-256\n  {pretty(pin.sha256)}")
        question = "Is this the server's thumbprint (ask plant IT)? [y/N] "
        answer = input(question)  # noqa: ASYNC250 (a command-line prompt, nothing else runs)
        if answer.strip().lower() not in ("y", "yes"):
            raise CredentialRefused("the server certificate was not trusted")
    else:
        raise ServerAway(
            f"first connection to {key}: its certificate (SHA-256 {pretty(pin.sha256)}) is not "
            "trusted yet; confirm it with --trust SHA256"
        )
    pins.save(key, pin)
    return pinned_context(pin)


def cmd_trust_server(args: argparse.Namespace) -> int:
    """Pin the server's presented certificate once confirmed; 0 pinned or unchanged,
    1 refused or out of reach (nothing changed), 2 a bad argument."""
    from app.sync.pinning import PinStoreError, pretty, user_pin_store
    from app.sync.repin import (
        RepinRefused,
        confirm_thumbprint,
        normalise_thumbprint,
        pin_key,
        save_pin,
        server_certificate,
    )

    server = args.server
    if server is None:
        settings, _ = Settings.load()
        server = settings.server_url
        if not server:
            return _fail("no server registered here: give --server https://HOST:PORT", 2)
    server = server.rstrip("/")
    try:
        pin_key(server)
        if args.thumbprint is not None:
            normalise_thumbprint(args.thumbprint)
    except RepinRefused as exc:
        return _fail(str(exc), 2)
    pins = user_pin_store()
    try:
        cert = asyncio.run(server_certificate(server, pins, args.timeout))
    except PinStoreError as exc:
        return _fail(str(exc))
    except (OSError, TimeoutError) as exc:
        reason = str(exc) or type(exc).__name__
        return _fail(f"the server {server} cannot be reached ({reason}); nothing was changed")
    if cert.unchanged:
        print(
            f"{cert.key}: the pinned certificate is the one presented (SHA-256 "
            f"{pretty(cert.presented.sha256)}); nothing to do"
        )
        return 0
    pinned = pretty(cert.pinned.sha256) if cert.pinned else "nothing yet"
    print(f"{cert.key}:\n  pinned:    {pinned}\n  presented: {pretty(cert.presented.sha256)}")
    try:
        if args.thumbprint is not None:
            confirm_thumbprint(cert, args.thumbprint)
        elif sys.stdin is not None and sys.stdin.isatty():
            question = "Is the presented thumbprint the one plant IT announced? Type yes: "
            if input(question).strip().lower() != "yes":
                raise RepinRefused("not confirmed: nothing was changed")
        else:
            raise RepinRefused(
                "nobody can confirm it here: compare the presented thumbprint with plant IT's "
                "and give it with --thumbprint SHA256; nothing was changed"
            )
        save_pin(pins, cert)
    except RepinRefused as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"the pin cannot be saved ({exc}); nothing was changed")
    print(
        f"pinned SHA-256 {pretty(cert.presented.sha256)} for {cert.key}; running consoles "
        "use it at their next retry"
    )
    return 0
