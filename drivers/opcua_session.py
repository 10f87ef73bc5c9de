"""A short-lived, read-only OPC UA session for diagnostics of a server no driver is open to.

Same client set-up as `OpcuaDriver` (allowlist guard, application URI, security with the
trust check, user login), closed again within the request timeout whatever happens.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from .allowlist import install_opcua_guard
from .config import OpcuaConfig
from .opcua_security import application_uri, apply_security
from .uatypes import Client

_log = logging.getLogger(__name__)


def new_client(config: OpcuaConfig) -> Any:
    """A guarded asyncua client for `config` (not connected)."""
    client = Client(config.endpoint, timeout=config.timeout_s)
    install_opcua_guard(client)
    client.application_uri = application_uri()
    client.name = client.description = "PlantConsole diagnostics"
    client.session_timeout = 30_000
    return client


async def bare_endpoints(config: OpcuaConfig) -> list[Any]:
    """GetEndpoints over a bare secure channel (no session), bounded in time."""
    client = new_client(config)
    result: list[Any] = await asyncio.wait_for(
        client.connect_and_get_server_endpoints(), config.timeout_s * 2
    )
    return result


async def close_quietly(client: Any, timeout_s: float) -> None:
    """Disconnect, or at least close the socket when the link is already dead."""
    try:
        await asyncio.wait_for(client.disconnect(), timeout_s)
    except (Exception, asyncio.CancelledError) as exc:
        if isinstance(exc, asyncio.CancelledError) and _cancelling():
            _close_socket(client)
            raise
        _log.debug("disconnect of %s failed", getattr(client, "server_url", "?"), exc_info=True)
        _close_socket(client)


def _cancelling() -> bool:
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


def _close_socket(client: Any) -> None:
    protocol = getattr(getattr(client, "uaclient", None), "protocol", None)
    transport = getattr(protocol, "transport", None)
    with contextlib.suppress(Exception):
        client.disconnect_socket()
    if transport is not None:
        with contextlib.suppress(Exception):
            transport.close()


@contextlib.asynccontextmanager
async def short_session(config: OpcuaConfig) -> AsyncIterator[Any]:
    """A connected, guarded client with a session; closed on exit (even on cancel)."""
    client = new_client(config)
    try:
        await apply_security(client, config)
        if config.username:
            client.set_user(config.username)
            client.set_password(config.password or "")
        await asyncio.wait_for(client.connect(), config.timeout_s * 3)
    except BaseException:
        _close_socket(client)
        raise
    try:
        yield client
    finally:
        await close_quietly(client, config.timeout_s)
