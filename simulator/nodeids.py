"""Parse the node id strings of a plant file ('nsu=URI;s=X', 'ns=2;s=X', 'i=2259')."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from asyncua import ua

from simulator.ua_types import node_id as make_node_id

_NODE_ID = re.compile(r"^(?:ns=(?P<ns>\d+);|nsu=(?P<nsu>[^;]+);)?(?P<kind>[isgb])=(?P<ident>.+)$")


@dataclass(frozen=True)
class NodeRef:
    """A node id as written in the plant file: namespace by index or URI, and identifier."""

    namespace_index: int | None
    namespace_uri: str | None
    kind: str
    identifier: str

    @property
    def browse_name(self) -> str:
        """Last dotted segment of a string id ('AR-042-PLC.RunState' -> 'RunState')."""
        return self.identifier.rsplit(".", 1)[-1] if self.kind == "s" else self.identifier

    def node_id(self, namespace_index: int) -> ua.NodeId:
        """The asyncua NodeId once the namespace index is known."""
        identifier: object = self.identifier
        if self.kind == "i":
            identifier = int(self.identifier)
        elif self.kind == "g":
            identifier = uuid.UUID(self.identifier)
        elif self.kind == "b":
            identifier = self.identifier.encode()
        return make_node_id(identifier, namespace_index)


def parse_node_ref(text: str) -> NodeRef:
    """Split a node id string; ValueError for anything the plant schema would not accept."""
    match = _NODE_ID.match(text)
    if match is None:
        raise ValueError(f"not an OPC UA node id: {text!r}")
    ns = match.group("ns")
    return NodeRef(
        namespace_index=int(ns) if ns is not None else None,
        namespace_uri=match.group("nsu"),
        kind=match.group("kind"),
        identifier=match.group("ident"),
    )
