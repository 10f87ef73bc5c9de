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


class _WrittenDataValue(ua.DataValue):
    """A DataValue that is never changed after it is written, so copies of it may share it.

    asyncua's server deep-copies every written DataValue once per monitored item
    (`MonitoredItemValues.set_current_datavalue`), in case the writer mutates it later:
    about 0.3 ms a copy here, which capped a subscribed gateway plant at ~3,000 value
    changes/s. The simulator builds a fresh DataValue for every write and never touches it
    again, so the copy can be the value itself. Encoding is by field, so the wire is unchanged.
    """

    __slots__ = ()

    def __deepcopy__(self, memo: dict[int, Any]) -> _WrittenDataValue:
        return self


_DataValue: Any = _WrittenDataValue


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
