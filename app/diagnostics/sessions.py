"""Protocol access for diagnostics: the monitor's live session where one is open (a
diagnostic must not cost a PLC an extra session), else a short-lived one closed at the end.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from typing import Any

from app.diagnostics.target import Target
from drivers.base import Driver
from drivers.config import OpcuaConfig
from drivers.modbus import ModbusDriver
from drivers.modbus_probe import short_client
from drivers.opcua import OpcuaDriver
from drivers.opcua_browse import EndpointInfo, endpoint_info
from drivers.opcua_security import SecuritySetupError
from drivers.opcua_services import DEFAULT_BATCH, namespace_array, operation_limits
from drivers.opcua_session import bare_endpoints, short_session
from drivers.uatypes import UaStatusCodeError

DriverLookup = Callable[[Target], Driver | None]
_POLICY_ORDER = ("Aes256_Sha256_RsaPss", "Basic256Sha256", "Aes128_Sha256_RsaOaep")


@dataclass(frozen=True)
class OpcuaAccess:
    client: Any  # a connected, guarded asyncua Client
    namespaces: list[str]
    max_nodes_per_read: int
    reused: bool
    driver: OpcuaDriver | None = None
    security: str = "None"

    @property
    def uaclient(self) -> Any:
        return self.client.uaclient


@dataclass(frozen=True)
class ModbusAccess:
    client: Any  # a connected, guarded pymodbus client
    unit_id: int
    reused: bool


def no_driver(_target: Target) -> Driver | None:
    return None


def pick_security(config: OpcuaConfig, endpoints: list[EndpointInfo]) -> OpcuaConfig:
    """Security None where the server offers it, else its strongest mode and policy.

    Choosing a secure endpoint never means trusting it: the trust check still refuses an
    unknown server certificate (and names its thumbprint).
    """
    modes = {(e.security_mode, e.security_policy) for e in endpoints}
    if any(mode == "None" for mode, _policy in modes) or not modes:
        return config
    for mode in ("SignAndEncrypt", "Sign"):
        for policy in _POLICY_ORDER:
            if (mode, policy) in modes:
                return replace(config, security_mode=mode, security_policy=policy)
    raise SecuritySetupError(
        "server offers no security policy this console supports: "
        + ", ".join(sorted(f"{m} {p}" for m, p in modes)),
        "security_mismatch",
    )


async def effective_config(target: Target) -> tuple[OpcuaConfig, list[EndpointInfo]]:
    """The config to open a session with (security chosen for URL targets) and endpoints."""
    assert target.opcua is not None
    config = target.opcua
    if not target.auto_security:
        return config, []
    endpoints = [endpoint_info(ep) for ep in await bare_endpoints(config)]
    return pick_security(config, endpoints), endpoints


@contextlib.asynccontextmanager
async def opcua_access(target: Target, lookup: DriverLookup) -> AsyncIterator[OpcuaAccess]:
    driver = lookup(target)
    if isinstance(driver, OpcuaDriver) and driver.raw_client is not None:
        yield OpcuaAccess(
            driver.raw_client,
            driver.namespaces,
            driver.limits.max_nodes_per_read,
            True,
            driver,
            driver.status.security,
        )
        return
    config, _endpoints = await effective_config(target)
    async with short_session(config) as client:
        uac = client.uaclient
        namespaces = await namespace_array(uac)
        try:
            limit = (await operation_limits(uac)).max_nodes_per_read
        except UaStatusCodeError:
            limit = DEFAULT_BATCH
        label = "None (unencrypted)"
        if config.security_mode != "None":
            label = f"{config.security_policy} {config.security_mode}"
        yield OpcuaAccess(client, namespaces, limit, False, None, label)


@contextlib.asynccontextmanager
async def modbus_access(target: Target, lookup: DriverLookup) -> AsyncIterator[ModbusAccess]:
    driver = lookup(target)
    if isinstance(driver, ModbusDriver):
        async with driver.exclusive() as client:
            if client is not None:
                yield ModbusAccess(client, driver.config.unit_id, True)
                return
    async with short_client(target.host, target.port or 502, target.timeout_s) as client:
        yield ModbusAccess(client, target.unit_id, False)
