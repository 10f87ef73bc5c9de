"""An asyncua server on loopback with a few variables, for the OPC UA driver tests."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asyncua import Server, ua
from asyncua.crypto import cert_gen
from asyncua.crypto.permission_rules import User, UserRole
from asyncua.server.user_managers import UserManager
from cryptography.x509.oid import ExtendedKeyUsageOID

NS_URI = "urn:plantconsole:test:line1"


class PasswordUsers(UserManager):
    def __init__(self, users: dict[str, str]) -> None:
        self.users = users

    def get_user(
        self,
        iserver: Any,
        username: str | None = None,
        password: str | None = None,
        certificate: Any = None,
    ) -> User | None:
        if username is not None and self.users.get(username) == password:
            return User(role=UserRole.User)
        return None


@dataclass
class Peer:
    server: Any
    port: int
    ns: int
    vars: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"opc.tcp://127.0.0.1:{self.port}/plc/"

    async def set(self, name: str, value: Any, status: int | None = None) -> None:
        node = self.vars[name]
        vtype = await node.read_data_type_as_variant_type()
        dv = ua.DataValue(
            ua.Variant(value, vtype),
            StatusCode=ua.StatusCode(status if status is not None else ua.StatusCodes.Good),
            SourceTimestamp=datetime.now(UTC),
        )
        await node.write_value(dv)

    async def stop(self) -> None:
        await self.server.stop()


async def make_server_cert(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - test setup
    key, cert = folder / "server_key.pem", folder / "server_cert.der"
    await cert_gen.setup_self_signed_certificate(
        key,
        cert,
        "urn:plantconsole:test:server",
        socket.gethostname(),
        [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH],
        {},
    )
    return cert, key


async def start_peer(
    port: int,
    *,
    extra_namespaces: int = 0,
    max_nodes_per_read: int | None = None,
    cert: tuple[Path, Path] | None = None,
    users: dict[str, str] | None = None,
    count: int = 4,
) -> Peer:
    server = Server(user_manager=PasswordUsers(users) if users else None)
    await server.init()  # ~3.5 s here: the standard address space (a shelf is slower)
    server.set_endpoint(f"opc.tcp://127.0.0.1:{port}/plc/")
    await server.set_build_info(
        "urn:plantconsole:test",
        "ACME Automation",
        "TestPLC",
        "2.3.4",
        "77",
        datetime(2024, 1, 2, tzinfo=UTC),
    )
    if cert is not None:
        await server.load_certificate(str(cert[0]))
        await server.load_private_key(str(cert[1]))
        await server.set_application_uri("urn:plantconsole:test:server")
        server.set_security_policy([ua.SecurityPolicyType.Basic256Sha256_SignAndEncrypt])
        if users:
            server.set_identity_tokens([ua.UserNameIdentityToken])
    else:
        server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
    for i in range(extra_namespaces):
        await server.register_namespace(f"urn:plantconsole:test:filler{i}")
    ns = await server.register_namespace(NS_URI)
    machine = await server.nodes.objects.add_object(ua.NodeId("M1", ns), "M1")
    peer = Peer(server, port, ns)
    peer.vars["speed"] = await machine.add_variable(ua.NodeId("speed", ns), "speed", 1.5)
    peer.vars["count"] = await machine.add_variable(
        ua.NodeId("count", ns), "count", 7, ua.VariantType.Int32
    )
    peer.vars["running"] = await machine.add_variable(ua.NodeId("running", ns), "running", True)
    peer.vars["name"] = await machine.add_variable(ua.NodeId("name", ns), "name", "press")
    for i in range(count):
        peer.vars[f"v{i}"] = await machine.add_variable(ua.NodeId(f"v{i}", ns), f"v{i}", float(i))
    if max_nodes_per_read is not None:
        limit = server.get_node(
            ua.NodeId(ua.ObjectIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerRead)
        )
        await limit.write_value(ua.Variant(max_nodes_per_read, ua.VariantType.UInt32))
    await server.start()
    return peer
