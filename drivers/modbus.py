"""Modbus TCP driver (pymodbus AsyncModbusTcpClient): one TCP connection per device, a poll
loop over as few read requests as the map allows, and reply checks a real device needs.

Timeouts and malformed replies drop the connection (a late reply would otherwise be taken
for the next request's); exception responses keep it and mark only the points they cover.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import AsyncIterator, Sequence
from typing import Any

from pymodbus.client import AsyncModbusTcpClient

from .allowlist import install_modbus_guard
from .backoff import Backoff
from .base import (
    BAD_NOT_CONNECTED,
    DeviceIdentity,
    LinkState,
    LinkStatus,
    Sample,
    SampleListener,
    StatusListener,
    Unsubscribe,
)
from .config import ModbusConfig
from .errors import being_cancelled, describe, quality_for, seconds
from .link import Link, bad_sample
from .modbus_codec import BIT_TABLES, ReadBlock, decode_bits, decode_registers, plan, split
from .modbus_errors import describe_exception
from .tasks import stop_task

_log = logging.getLogger(__name__)

# The pymodbus client method for each table (looked up on the current client: it is
# replaced after a failed connect).
_READ_METHOD = {
    "coil": "read_coils",
    "discrete": "read_discrete_inputs",
    "holding": "read_holding_registers",
    "input": "read_input_registers",
}


class LinkLost(Exception):
    """The connection is no longer usable; carries the LinkStatus error and code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class ModbusDriver:
    """Driver for one Modbus TCP device (host, port, unit id)."""

    def __init__(
        self,
        config: ModbusConfig,
        *,
        backoff: Backoff | None = None,
        min_poll_ms: int = 0,
        max_gap: int = 8,
        phase: float | None = None,
    ) -> None:
        self.config = config
        self._poll_s = max(config.poll_ms, min_poll_ms) / 1000.0
        self._blocks = plan(config.points, max_gap)
        self._backoff = backoff or Backoff()
        self._link = Link([p.name for p in config.points], "None (Modbus TCP has no security)")
        self._client: Any = None
        self._connect_error: BaseException | None = None
        self._new_client()
        self._lock = asyncio.Lock()
        self._answered = False
        self._identity: DeviceIdentity | None = None
        self._identity_tried = False
        self._task: asyncio.Task[None] | None = None
        # Where in the poll period this device's cycles fall. Consoles start all their
        # drivers at once: without a phase of its own each, every device would be read in
        # the same instant of every period, and with 1,000 devices the last answers of that
        # burst arrived up to half a period late (bench/bench_modbus_poll.py).
        # `phase` (a fraction of the period, random by default) is for tests.
        self._phase_s = (random.random() if phase is None else phase % 1.0) * self._poll_s

    @property
    def status(self) -> LinkStatus:
        return self._link.status

    @property
    def identity(self) -> DeviceIdentity | None:
        return self._identity

    @property
    def raw_client(self) -> Any:
        """The guarded pymodbus client (reads only; anything else raises WriteForbidden)."""
        return self._client

    @contextlib.asynccontextmanager
    async def exclusive(self) -> AsyncIterator[Any]:
        """The guarded client between two polls (None while disconnected): diagnostics send
        their requests through the monitor's own connection, never a second one."""
        async with self._lock:
            yield self._client if self._client.connected else None

    @property
    def blocks(self) -> list[ReadBlock]:
        return list(self._blocks)

    def add_sample_listener(self, cb: SampleListener) -> Unsubscribe:
        return self._link.add_sample_listener(cb)

    def add_status_listener(self, cb: StatusListener) -> Unsubscribe:
        return self._link.add_status_listener(cb)

    async def start(self) -> None:
        if self._task is None:
            self._link.set_status(LinkState.CONNECTING)
            self._task = asyncio.create_task(self._run(), name=self._client.comm_params.comm_name)
            self._link.supervise(self._task)

    async def close(self) -> None:
        if self._task is not None:
            await stop_task(self._task)
            self._task = None
        self._client.close()
        self._link.set_status(LinkState.CLOSED)
        self._link.mark_all_bad(BAD_NOT_CONNECTED)

    async def read(self, points: Sequence[str] | None = None) -> list[Sample]:
        """One-shot read through the same connection (never a second one)."""
        wanted = list(self._link.points if points is None else points)
        if not self._client.connected:
            return [bad_sample(p, BAD_NOT_CONNECTED) for p in wanted]
        blocks = [b for b in self._blocks if any(p.name in wanted for p in b.points)]
        try:
            samples, _errors = await self._read_blocks(blocks)
        except LinkLost as lost:
            return [bad_sample(p, quality_for(lost.code)) for p in wanted]
        by_point = {s.point: s for s in samples}
        return [by_point.get(p) or bad_sample(p, BAD_NOT_CONNECTED) for p in wanted]

    # -- the loop --------------------------------------------------------------------------

    def _new_client(self) -> None:
        """A fresh guarded pymodbus client. Made again after every failed connect: a
        pymodbus client whose connect was cancelled by a timeout (SYNs dropped behind a
        dead switch) never tries again, so the device would stay 'down' after recovery."""
        if self._client is not None:
            self._client.close()
        config = self.config
        self._client = AsyncModbusTcpClient(
            config.host,
            port=config.port,
            timeout=config.timeout_s,
            retries=0,
            reconnect_delay=0,  # the driver's loop reconnects, with its own backoff
            name=f"modbus {config.host}:{config.port}",
        )
        install_modbus_guard(self._client)
        self._record_connect_errors()

    def _record_connect_errors(self) -> None:
        ctx = self._client.ctx
        create = ctx.call_create

        async def recording() -> Any:
            try:
                return await create()
            except BaseException as exc:
                self._connect_error = exc
                raise

        ctx.call_create = recording

    async def _connect(self) -> None:
        self._connect_error = None
        ok = await asyncio.wait_for(self._client.connect(), self.config.timeout_s + 0.5)
        if not ok or not self._client.connected:
            raise self._connect_error or TimeoutError()
        self._answered = False

    async def _run(self) -> None:
        was_connected = False
        while True:
            try:
                await self._connect()
            except (Exception, asyncio.CancelledError) as exc:
                if being_cancelled():  # close(): whatever the library made of the cancel
                    raise asyncio.CancelledError() from exc
                if isinstance(exc, asyncio.CancelledError):
                    exc = TimeoutError("connect timed out")
                msg, code = describe(exc, self.config.timeout_s)
                state = LinkState.RECONNECTING if was_connected else LinkState.CONNECTING
                self._link.set_status(state, msg, code)
                self._link.mark_all_bad(quality_for(code))
                self._new_client()
                await asyncio.sleep(self._backoff.next_delay())
                continue
            # The first cycle after start waits for this device's phase; after a reconnect
            # the first read goes out at once (a recovered device shows OK sooner).
            delay = 0.0 if was_connected else self._phase_s
            was_connected = True
            try:
                await self._poll_forever(delay)
            except LinkLost as lost:
                msg, code = str(lost), lost.code
            self._client.close()
            self._link.set_status(LinkState.RECONNECTING, msg, code)
            self._link.mark_all_bad(quality_for(code))
            await asyncio.sleep(self._backoff.next_delay())

    async def _poll_forever(self, first_delay: float = 0.0) -> None:
        if not self._identity_tried:
            self._identity_tried = True
            await self._read_identity()
        next_at = time.monotonic() + first_delay
        if first_delay > 0:
            await asyncio.sleep(first_delay)
        link = self._link
        while True:
            samples, errors = await self._read_blocks(self._blocks)
            self._backoff.reset()
            link.publish(samples)
            status = link.status
            error = errors[0] if errors else (None, None)
            if (
                status.state is not LinkState.CONNECTED
                or (status.error, status.error_code) != error
            ):
                link.set_status(LinkState.CONNECTED, *error)
            next_at += self._poll_s
            now = time.monotonic()
            if next_at < now:  # fell behind (slow device): skip, never burst
                next_at = now + self._poll_s
            await asyncio.sleep(next_at - now)

    async def _read_blocks(
        self, blocks: Sequence[ReadBlock]
    ) -> tuple[list[Sample], list[tuple[str, str]]]:
        samples: list[Sample] = []
        errors: list[tuple[str, str]] = []
        blocks = list(blocks)
        async with self._lock:
            try:
                # Each request is bounded by pymodbus' own timeout (config.timeout_s); this
                # is only a safety net should the library hang, so one for the whole cycle
                # (a timer per request cost measurable CPU at 4,000 requests a second).
                async with asyncio.timeout(len(blocks) * (self.config.timeout_s + 0.5)):
                    for block in blocks:
                        got, error = await self._read_block(block)
                        samples.extend(got)
                        if error is not None:
                            errors.append(error)
            except TimeoutError:
                if being_cancelled():
                    raise asyncio.CancelledError() from None
                raise self._lost(TimeoutError("no answer")) from None
        return samples, errors

    async def _request(self, block: ReadBlock) -> Any:
        method = getattr(self._client, _READ_METHOD[block.table])
        try:
            return await method(block.start, count=block.count, device_id=self.config.unit_id)
        except asyncio.CancelledError:
            if being_cancelled():
                raise
            raise self._lost(TimeoutError("no answer")) from None
        except Exception as exc:
            if being_cancelled():
                raise asyncio.CancelledError() from exc
            raise self._lost(exc) from exc

    def _lost(self, exc: BaseException) -> LinkLost:
        text = str(exc)
        if isinstance(exc, TimeoutError) or "No response received" in text:
            hint = "" if self._answered else " (wrong unit id?)"
            return LinkLost(f"no answer within {seconds(self.config.timeout_s)} s{hint}", "timeout")
        if "device id" in text or "transaction id" in text:
            return LinkLost(f"reply does not match the request: {text}", "malformed")
        msg, code = describe(exc, self.config.timeout_s)
        return LinkLost(msg, code)

    async def _read_block(self, block: ReadBlock) -> tuple[list[Sample], tuple[str, str] | None]:
        reply = await self._request(block)
        now = time.monotonic()
        self._answered = True
        if reply.isError():
            code = int(getattr(reply, "exception_code", 0) or 0)
            if code == 2 and len(block.points) > 1:
                self._replace(block, split(block))  # learn: the gap holds an address it lacks
            msg, err_code, quality = describe_exception(code)
            return [bad_sample(p.name, quality, now) for p in block.points], (msg, err_code)
        if block.table in BIT_TABLES:
            values: Sequence[Any] = list(reply.bits or [])[: block.count]
        else:
            values = list(reply.registers or [])
        if len(values) < block.count:
            noun = "bits" if block.table in BIT_TABLES else "registers"
            self._answered = True
            raise LinkLost(
                f"malformed reply: {len(values)} {noun} for {block.count} asked at "
                f"{block.table} {block.start}",
                "malformed",
            )
        out: list[Sample] = []
        for spec in block.points:
            if block.table in BIT_TABLES:
                value, quality = decode_bits(spec, values, block.start)
            else:
                value, quality = decode_registers(spec, values, block.start)
            out.append(Sample(spec.name, value, quality, None, now))
        return out, None

    def _replace(self, block: ReadBlock, parts: list[ReadBlock]) -> None:
        with contextlib.suppress(ValueError):
            i = self._blocks.index(block)
            self._blocks[i : i + 1] = parts

    async def _read_identity(self) -> None:
        """Function 43/14 (Read Device Identification) where the device supports it."""
        try:
            reply = await asyncio.wait_for(
                self._client.read_device_information(device_id=self.config.unit_id),
                self.config.timeout_s + 0.5,
            )
        except asyncio.CancelledError:
            if being_cancelled():
                raise
            raise self._lost(TimeoutError("no answer")) from None
        except Exception as exc:
            if being_cancelled():
                raise asyncio.CancelledError() from exc
            raise self._lost(exc) from exc
        self._answered = True
        info = getattr(reply, "information", None)
        if reply.isError() or not info:
            return
        text = {
            k: v.decode("latin-1", "replace") if isinstance(v, bytes) else str(v)
            for k, v in info.items()
        }
        self._identity = DeviceIdentity(
            vendor=text.get(0, ""),
            product=text.get(1, ""),
            revision=text.get(2, ""),
            extra={f"object_{k}": v for k, v in text.items() if k not in (0, 1, 2)},
        )
