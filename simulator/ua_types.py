"""Typed constructors for asyncua values.

asyncua annotates NodeId, StatusCode and DataValue with its own wrapper types
(ua.Int16, ua.String, ...) that plain ints and strs do not satisfy under
`mypy --strict`; these helpers take plain Python values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from asyncua import ua
from asyncua.ua.object_ids import ObjectIds
from asyncua.ua.status_codes import StatusCodes

__all__ = ["ObjectIds", "StatusCodes", "data_value", "node_id", "status_code"]

_NodeId: Any = ua.NodeId
_StatusCode: Any = ua.StatusCode
_DataValue: Any = ua.DataValue


def node_id(identifier: object, namespace: int = 0) -> ua.NodeId:
    return cast(ua.NodeId, _NodeId(identifier, namespace))


def status_code(code: int) -> ua.StatusCode:
    return cast(ua.StatusCode, _StatusCode(code))


def data_value(
    value: ua.Variant, status: ua.StatusCode | None = None, timestamp: datetime | None = None
) -> ua.DataValue:
    if status is None:
        return cast(ua.DataValue, _DataValue(value))
    return cast(
        ua.DataValue,
        _DataValue(value, StatusCode=status, SourceTimestamp=timestamp, ServerTimestamp=timestamp),
    )
