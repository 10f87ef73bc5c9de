"""Single read-only Modbus requests for diagnostics: one register/bit read, or function
43/14 Read Device Identification, each bounded in time and answered as a `ProbeReply`.

An exception response is an answer (the device's protocol stack works): it is reported with
its code, not raised. Timeouts and transport errors raise (TimeoutError / OSError).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from pymodbus.client import AsyncModbusTcpClient

from .allowlist import install_modbus_guard
from .modbus_codec import BIT_TABLES

_METHODS = {
    "coil": "read_coils",
    "discrete": "read_discrete_inputs",
    "holding": "read_holding_registers",
    "input": "read_input_registers",
}


@dataclass(frozen=True)
class ProbeReply:
    """What a device answered: values, or a Modbus exception code."""

    values: tuple[int, ...] = ()
    exception_code: int | None = None
    information: dict[int, str] = field(default_factory=dict)
    short: bool = False  # fewer registers/bits than asked: a malformed answer


async def _bounded(call: Any, timeout_s: float) -> Any:
    try:
        return await asyncio.wait_for(call, timeout_s + 0.5)
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise
        raise TimeoutError("no answer") from None  # pymodbus' own timeout leaks as cancel
    except Exception as exc:
        if "No response received" in str(exc):
            raise TimeoutError("no answer") from exc
        raise


async def read_point(
    client: Any, unit: int, table: str, address: int, count: int, timeout_s: float
) -> ProbeReply:
    """Function 1-4 for `count` registers/bits at `address` of `table`."""
    method = getattr(client, _METHODS[table])
    reply = await _bounded(method(address, count=count, device_id=unit), timeout_s)
    if reply.isError():
        return ProbeReply(exception_code=int(getattr(reply, "exception_code", 0) or 0))
    if table in BIT_TABLES:
        values = tuple(int(b) for b in list(reply.bits or [])[:count])
    else:
        values = tuple(int(v) for v in reply.registers or [])
    return ProbeReply(values=values, short=len(values) < count)


async def read_device_id(client: Any, unit: int, timeout_s: float) -> ProbeReply:
    """Function 43 / MEI 14 (basic objects: vendor, product code, revision)."""
    reply = await _bounded(client.read_device_information(device_id=unit), timeout_s)
    if reply.isError():
        return ProbeReply(exception_code=int(getattr(reply, "exception_code", 0) or 0))
    info = getattr(reply, "information", None) or {}
    text = {
        int(k): v.decode("latin-1", "replace") if isinstance(v, bytes) else str(v)
        for k, v in info.items()
    }
    return ProbeReply(information=text)


@contextlib.asynccontextmanager
async def short_client(host: str, port: int, timeout_s: float) -> AsyncIterator[Any]:
    """A guarded, connected pymodbus client, closed on exit. Raises the connect error."""
    client = AsyncModbusTcpClient(
        host, port=port, timeout=timeout_s, retries=0, reconnect_delay=0, name="diagnostics"
    )
    install_modbus_guard(client)
    error: list[BaseException] = []
    create = client.ctx.call_create

    async def recording() -> Any:
        try:
            return await create()
        except BaseException as exc:
            error.append(exc)
            raise

    client.ctx.call_create = recording
    try:
        ok = await _bounded(client.connect(), timeout_s)
        if not ok or not client.connected:
            raise error[0] if error else TimeoutError("no answer")
        yield client
    finally:
        client.close()
