"""OPC UA node ids, values and status codes, as the driver needs them.

Node id strings follow OPC UA Part 6 §5.3.1.10: `ns=<index>;<type>=<value>` or
`nsu=<uri>;<type>=<value>` where `;` and `%` inside the URI are %-escaped; `<type>` is
i, s, g or b. A namespace URI is resolved against the server's NamespaceArray after every
connect, because indexes may change when a server restarts.
"""

from __future__ import annotations

import base64
import enum
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote

from .base import Quality, Value
from .uatypes import NodeId, ua


class NodeIdSyntaxError(ValueError):
    """A node id string that does not follow the spec."""


@dataclass(frozen=True)
class ParsedNodeId:
    namespace_index: int | None
    namespace_uri: str | None
    kind: str  # "i", "s", "g" or "b"
    identifier: int | str | uuid.UUID | bytes

    def resolve(self, namespace_array: list[str]) -> NodeId:
        """A NodeId for this server; KeyError when its namespace URI is not on the server."""
        if self.namespace_uri is not None:
            try:
                index = namespace_array.index(self.namespace_uri)
            except ValueError:
                raise KeyError(self.namespace_uri) from None
        else:
            index = self.namespace_index or 0
        types = {
            "i": ua.NodeIdType.Numeric,
            "s": ua.NodeIdType.String,
            "g": ua.NodeIdType.Guid,
            "b": ua.NodeIdType.ByteString,
        }
        if self.kind == "i" and isinstance(self.identifier, int):
            return ua.NodeId(self.identifier, index)  # smallest encoding that fits
        return ua.NodeId(self.identifier, index, types[self.kind])


def parse_node_id(text: str) -> ParsedNodeId:
    """Parse `ns=2;s=Line1.Temp`, `nsu=urn:x%3By;i=5`, `i=2258` (namespace 0)."""
    rest = text.strip()
    index: int | None = None
    uri: str | None = None
    if rest.startswith("nsu="):
        head, sep, rest = rest[4:].partition(";")
        if not sep or not head:
            raise NodeIdSyntaxError(f"{text!r}: 'nsu=' needs a URI followed by ';'")
        uri = unquote(head)
    elif rest.startswith("ns="):
        head, sep, rest = rest[3:].partition(";")
        if not sep or not head.isdigit():
            raise NodeIdSyntaxError(f"{text!r}: 'ns=' needs a number followed by ';'")
        index = int(head)
        if index > 0xFFFF:
            raise NodeIdSyntaxError(f"{text!r}: namespace index above 65535")
    kind, sep, value = rest.partition("=")
    if not sep or kind not in ("i", "s", "g", "b"):
        raise NodeIdSyntaxError(f"{text!r}: identifier must start with i=, s=, g= or b=")
    identifier: int | str | uuid.UUID | bytes
    try:
        if kind == "i":
            identifier = int(value, 10)
            if not 0 <= identifier <= 0xFFFFFFFF:
                raise ValueError
        elif kind == "g":
            identifier = uuid.UUID(value)
        elif kind == "b":
            identifier = base64.b64decode(value, validate=True)
        else:
            identifier = value
    except ValueError:
        raise NodeIdSyntaxError(f"{text!r}: bad {kind}= identifier") from None
    return ParsedNodeId(index, uri, kind, identifier)


def format_node_id(node_id: NodeId, namespace_array: list[str]) -> str:
    """`nsu=URI;...` for non-zero namespaces (stable across restarts), `i=...` for ns 0."""
    ident: Any = node_id.Identifier
    t = node_id.NodeIdType
    if t in (ua.NodeIdType.TwoByte, ua.NodeIdType.FourByte, ua.NodeIdType.Numeric):
        body = f"i={ident}"
    elif t == ua.NodeIdType.Guid:
        body = f"g={ident}"
    elif t == ua.NodeIdType.ByteString:
        body = f"b={base64.b64encode(ident).decode('ascii')}"
    else:
        body = f"s={ident}"
    ns = node_id.NamespaceIndex
    if ns == 0:
        return body
    if ns < len(namespace_array):
        return f"nsu={quote(namespace_array[ns], safe=':/?#[]@!$&()*+,=-._~')};{body}"
    return f"ns={ns};{body}"


# Called for every value a subscription delivers (thousands a second): Quality is frozen, so
# one shared object per status code.
_QUALITIES: dict[int, Quality] = {}
_PLAIN = (bool, int, float, str)  # a tuple: `bool | int | ...` in the call builds a Union each time


def quality_of(status: ua.StatusCode | int | None) -> Quality:
    """Quality with the symbolic name of an OPC UA status code (info bits ignored for the name)."""
    code = 0 if status is None else status if isinstance(status, int) else int(status.value)
    quality = _QUALITIES.get(code)
    if quality is None:
        quality = _quality(code)
        if len(_QUALITIES) < 4096:  # a hostile server sending random codes must not grow it
            _QUALITIES[code] = quality
    return quality


def _quality(code: int) -> Quality:
    if code & 0xFFFF0000 == 0:
        return Quality(code, "Good")
    name, _doc = ua.status_codes.get_name_and_doc(code & 0xFFFF0000)
    if name.startswith("Unknown"):
        name = f"0x{code:08X}"
    return Quality(code, name)


def to_value(raw: Any) -> Value:
    """A Variant's Python value as bool / int / float / str / None."""
    if raw is None or isinstance(raw, _PLAIN):
        return raw
    if isinstance(raw, enum.Enum):
        inner = raw.value
        return inner if isinstance(inner, int | str) else str(inner)
    if isinstance(raw, datetime):
        return (raw if raw.tzinfo else raw.replace(tzinfo=UTC)).isoformat()
    if isinstance(raw, ua.LocalizedText):
        return None if raw.Text is None else str(raw.Text)
    if isinstance(raw, ua.QualifiedName):
        return f"{raw.NamespaceIndex}:{raw.Name}"
    if isinstance(raw, bytes):
        return raw.hex()
    return str(raw)


def utc(ts: datetime | None) -> datetime | None:
    if ts is None:
        return None
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)
