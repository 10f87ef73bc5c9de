"""User login at the central server, as the console window asks for it (no Qt).

`Authenticator.login` checks a user's password with the server and returns the
`Identity` the server vouches for: the user's roles per site and the role at this
console's site. Every way it can fail is its own exception with a message written for
the person at the console:

- `WrongPassword` (401), `LoginThrottled` (429, with the server's Retry-After),
- `ServerUnreachable` (no answer, 5xx; `offline_until_ms` says whether and until when an
  offline login with the last verified credentials is possible: `login_offline`),
- `CertificateUnknown` (first connect over TLS: the thumbprint to show; `trust(pin)`
  pins it), `CertificateMismatch` (the pinned certificate changed: refused).

The password goes to the server and into a salted scrypt hash (`OfflineLogins`), never
into a log, a file or an exception message.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from app.settings import plain_http_refusal
from app.sync.pinning import cert_failure

if TYPE_CHECKING:  # issue 4: httpx and app.sync load at the first login, not at start-up
    import httpx

    from app.sync.client import ConsoleCredential
    from app.sync.offline_login import OfflineLogins
    from app.sync.pinning import Pin, PinStore

ROLES = ("viewer", "technician", "supervisor", "admin")  # server.security.roles.Role order
ANY_SITE = "*"


def role_rank(role: str | None) -> int:
    """0 for no role, 1 viewer ... 4 admin."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def effective_role(roles: Mapping[str, str], site: str | None) -> str | None:
    """The user's role at this console's site: the higher of the site's and the '*' grant.

    Without a known site (a console logging in without its own credential) only a '*'
    grant counts, and failing that the lowest role the user has anywhere: never more
    than the server would grant at any one site.
    """
    wanted = [roles.get(site) if site else None, roles.get(ANY_SITE)]
    found = [r for r in wanted if r in ROLES]
    if found:
        return max(found, key=role_rank)
    if site is None:
        known = [r for r in roles.values() if r in ROLES]
        return min(known, key=role_rank) if known else None
    return None


@dataclass(frozen=True)
class LoginPlan:
    """How a window logs in: at `server_url`, with the console's own credential when it
    has one; `auto_user`/`auto_password` log in without a dialog (the demo)."""

    server_url: str
    credential: ConsoleCredential | None = None
    user: str = ""  # pre-filled in the dialog
    auto_user: str | None = None
    auto_password: str | None = field(default=None, repr=False)
    site: str | None = None
    timeout_s: float = 10.0


@dataclass(frozen=True)
class Identity:
    """Who is logged in at a console, and what the server said about them."""

    user: str
    roles: dict[str, str]
    role: str | None  # at this console's site; None: no role here (read-only)
    site: str | None
    online: bool  # False: offline login with the last verified credentials
    verified_ms: int  # when the server last confirmed the password
    valid_until_ms: int | None = None  # offline logins end here
    token_expires_ms: int | None = field(default=None, compare=False)


class LoginError(Exception):
    """A login that did not succeed; `str()` is the message for the person."""


class WrongPassword(LoginError):
    pass


class LoginThrottled(LoginError):
    def __init__(self, retry_after_s: int | None) -> None:
        self.retry_after_s = retry_after_s
        wait = (
            f"wait {_duration(retry_after_s)} and try again"
            if retry_after_s
            else "wait a few minutes and try again"
        )
        super().__init__(f"Too many failed logins for this user from this console: {wait}.")


class ServerUnreachable(LoginError):
    def __init__(self, url: str, reason: str, offline_until_ms: int | None) -> None:
        self.reason = reason
        self.offline_until_ms = offline_until_ms
        super().__init__(f"The server {url} cannot be reached ({reason}).")


class OfflineLoginRefused(LoginError):
    pass


class CertificateUnknown(LoginError):
    """First connect: the server's certificate is not pinned yet."""

    def __init__(self, server: str, pin: Pin) -> None:
        from app.sync.pinning import pretty

        self.server = server
        self.pin = pin
        super().__init__(
            f"First connection to {server}: its certificate is not trusted yet "
            f"(SHA-256 {pretty(pin.sha256)})."
        )


class CertificateMismatch(LoginError):
    """The server presents another certificate than the pinned one: possibly an attack."""

    def __init__(self, server: str, pinned: str, presented: str | None) -> None:
        self.server = server
        self.pinned = pinned
        self.presented = presented
        from app.sync.pinning import pretty

        now = pretty(presented) if presented else "unknown"
        super().__init__(
            f"REFUSED: the certificate of {server} has CHANGED since it was pinned. "
            f"Pinned SHA-256 {pretty(pinned)}, presented now {now}. Someone may be "
            "intercepting the connection: no password was sent. Ask your administrator "
            "before you use this server again."
        )


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} s"
    return f"{(seconds + 59) // 60} minutes"


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _detail(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text[:200]
    return str(data.get("detail", "")) if isinstance(data, dict) else ""


class Authenticator:
    """Logs users in at the server at `server_url` (plain http only on loopback: the
    server refuses anything else), pinning its certificate on first use."""

    def __init__(
        self,
        server_url: str,
        *,
        pins: PinStore,
        offline: OfflineLogins,
        credential: ConsoleCredential | None = None,
        site: str | None = None,
        timeout_s: float = 10.0,
    ) -> None:
        self.server_url = server_url.rstrip("/")
        parts = urlsplit(self.server_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"'{server_url}' is not an http(s) server address")
        refusal = plain_http_refusal(self.server_url)
        if refusal:
            raise ValueError(refusal)
        self.tls = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.tls else 80)
        self.pins = pins
        self.offline = offline
        self.credential = credential
        self.site = site
        self.timeout_s = timeout_s

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"

    # -- certificate ---------------------------------------------------------------------
    def trust(self, pin: Pin) -> None:
        """Pin the certificate the person has compared and accepted."""
        self.pins.save(self.server, pin)

    def pinned(self) -> Pin | None:
        from app.sync.pinning import PinStoreError

        try:
            return self.pins.load(self.server)
        except PinStoreError as exc:
            raise LoginError(str(exc)) from None

    async def _verify(self) -> ssl.SSLContext | bool:
        if not self.tls:
            return True
        from app.sync.pinning import fetch_certificate, pinned_context

        pin = self.pinned()
        if pin is not None:
            return pinned_context(pin)
        try:
            presented = await fetch_certificate(self.host, self.port, self.timeout_s)
        except (OSError, TimeoutError, ssl.SSLError) as exc:
            raise self._unreachable(exc, None) from None
        raise CertificateUnknown(self.server, presented)

    async def _mismatch(self) -> CertificateMismatch:
        from app.sync.pinning import fetch_certificate

        pin = self.pinned()
        try:
            presented: str | None = (
                await fetch_certificate(self.host, self.port, self.timeout_s)
            ).sha256
        except (OSError, TimeoutError, ssl.SSLError):
            presented = None
        return CertificateMismatch(self.server, pin.sha256 if pin else "?", presented)

    def _unreachable(self, exc: BaseException, user: str | None) -> ServerUnreachable:
        import httpx

        reason = str(exc) or type(exc).__name__
        if isinstance(exc, TimeoutError | httpx.TimeoutException):
            reason = f"no answer within {self.timeout_s:g} s"
        elif isinstance(exc, httpx.ConnectError | ConnectionRefusedError):
            reason = f"connection failed: {reason}"
        until = self.offline.valid_until_ms(user) if user else None
        return ServerUnreachable(self.server_url, reason, until)

    # -- login ---------------------------------------------------------------------------
    async def login(self, user: str, password: str) -> Identity:
        """Check `user`'s password with the server (raises a `LoginError`)."""
        user = user.strip()
        if not user or not password:
            raise WrongPassword("Enter your user name and password.")
        import httpx

        verify = await self._verify()
        body: dict[str, Any] = {"user": user, "password": password}
        if self.credential is not None:
            body["console_id"] = self.credential.console_id
            body["console_secret"] = self.credential.secret
        try:
            async with httpx.AsyncClient(
                base_url=self.server_url, verify=verify, timeout=httpx.Timeout(self.timeout_s)
            ) as http:
                response = await http.post("/v1/login", json=body)
        except httpx.TransportError as exc:
            if self.tls and cert_failure(exc):
                raise await self._mismatch() from None
            raise self._unreachable(exc, user) from None
        except (OSError, TimeoutError) as exc:
            raise self._unreachable(exc, user) from None
        if response.status_code == 401:
            self.offline.forget(user)  # a refused password must not keep working offline
            raise WrongPassword(
                "Wrong user name or password."
                if self.credential is None
                else "Wrong user name or password (or this console is not registered)."
            )
        if response.status_code == 429:
            retry = response.headers.get("retry-after", "")
            raise LoginThrottled(int(retry) if retry.isdigit() else None)
        if response.status_code >= 500:
            raise self._unreachable(
                RuntimeError(f"server error {response.status_code}"), user
            ) from None
        if response.status_code != 200:
            raise LoginError(
                f"The server refused the login ({response.status_code}: {_detail(response)})."
            )
        try:
            data = response.json()
            roles = {str(k): str(v) for k, v in dict(data.get("roles") or {}).items()}
            site = data.get("site") or self.site
            expires = data.get("expires_ms")
        except (ValueError, TypeError, AttributeError):
            raise LoginError("The server's answer to the login is not understood.") from None
        if self.site is None and site:
            self.site = str(site)  # what the server says this console's site is
        now = _now_ms()
        self.offline.remember(user, password, roles, now)
        return Identity(
            user,
            roles,
            effective_role(roles, site),
            site,
            True,
            now,
            None,
            int(expires) if isinstance(expires, int) else None,
        )

    def login_offline(self, user: str, password: str) -> Identity:
        """The last verified credentials, while they are recent enough (raises
        `OfflineLoginRefused`)."""
        user = user.strip()
        result = self.offline.check(user, password)
        if result is None:
            if self.offline.valid_until_ms(user) is None:
                raise OfflineLoginRefused(
                    f"Offline login is not possible: {user!r} has no recent verified login on "
                    f"this console (an online login keeps it {self.offline.max_age_s // 3600} h)."
                )
            raise OfflineLoginRefused(
                "Wrong password for the offline login (it must match the last verified one)."
            )
        return Identity(
            user,
            result.roles,
            effective_role(result.roles, self.site),
            self.site,
            False,
            result.verified_ms,
            result.valid_until_ms,
        )
