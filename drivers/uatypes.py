"""asyncua's `ua` namespace as the drivers use it.

asyncua's annotations use the spec's NewTypes (`Int32`, `Boolean`, `Int16`, ...) and re-export
names implicitly, so strict mypy rejects plain `ua.NodeId(85)` or `rpe.IncludeSubtypes = True`.
We keep our own code strict and treat this one library namespace as dynamic.
"""

from __future__ import annotations

from typing import Any

import asyncua.ua as _ua
from asyncua.client.client import Client as Client

ua: Any = _ua
UaStatusCodeError: type[Exception] = _ua.uaerrors.UaStatusCodeError
NodeId = Any  # an asyncua ua.NodeId
