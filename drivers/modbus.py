"""Modbus TCP driver (pymodbus AsyncModbusTcpClient): one TCP connection per device, a poll
loop over as few read requests as the map allows, and reply checks a real device needs.

Timeouts and malformed replies drop the connection (a late reply would otherwise be taken
for the next request's); exception responses keep it and mark only the points they cover.

Request timeouts are the driver's own: the pymodbus client is made without one (its per-request
`asyncio.wait_for` cost a timer, a waiter future and an extra loop hop per request, about a
tenth of the console's CPU at 1,000 devices: bench/bench_modbus_poll.py). One timer per driver
watches the request in flight and is re-armed only when it fires; when it finds that request
past its deadline it cancels it, and the cancel is taken back as a timeout.

Soft deadline: before that, the same timer fires at the measured round trip plus a margin
(drivers/rtt.py: SRTT + max(4 RTTVAR, `min_timeout_s`), at most `timeout_s`; each answer,
an exception response too, is a round trip). A request still unanswered then shows the
device as not answering, as a timeout does (RECONNECTING "no answer within ...", code
"timeout", every point Bad_Timeout), but it waits on: an answer before `timeout_s` gives
the points back at once (those read in this cycle, the others their last sample) and the
link is CONNECTED again, without a reconnect; only `timeout_s` drops the connection.

Deadlines count time the loop was running (drivers/rtt.py): when the watchdog runs more than
`STALL_SLACK_S` late (a GUI stall), or finds the reply already taken off the socket, it
gives the loop one more pass (it re-arms at now + slack) before acting, and the round trip
of that request is no RTT sample.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from pymodbus.client import AsyncModbusTcpClient

from .allowlist import install_modbus_guard
from .backoff import Backoff
from .base import (
    BAD_NOT_CONNECTED,
    BAD_TIMEOUT,
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
from .rtt import STALL_SLACK_S, RttEstimator, stalled
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
        # The request in flight: its deadline (loop time) and task; the watchdog timer and
        # the deadline it was armed for; whether it cancelled the request (see `_ask`).
        self._deadline: float | None = None
        self._asking: asyncio.Task[Any] | None = None
        self._watchdog: asyncio.TimerHandle | None = None
        self._armed_for = 0.0
        self._expired = False
        # The watchdog put off acting once for the request in flight (a loop stall, or its
        # reply already read); the loop was late for it (no RTT sample); close() was called.
        self._deferred = False
        self._stalled = False
        self._closed = False
        # The soft deadline of the request in flight (None: none, or already passed) and
        # the estimator it comes from; while a request is overdue, each point's sample from
        # before (see the module doc).
        self._soft_at: float | None = None
        self.rtt = RttEstimator(config.timeout_s, config.min_timeout_s)
        self._unanswered: dict[str, Sample] | None = None
        # Where in the poll period this device's cycles fall. Consoles start all their
        # drivers at once: without a phase of its own each, every device would be read in
        # the same instant of every period, and with 1,000 devices the last answers of that
        # burst arrived up to half a period late (bench/bench_modbus_poll.py).
        # `phase` (a fraction of the period, random by default) is for tests.
        self._phase_s = (random.random() if phase is None else phase % 1.0) * self._poll_s
        # One slot of this device's schedule (monotonic s), set at the first cycle; every
        # cycle falls on it plus whole periods, after a reconnect too (`_slot`).
        self._grid: float | None = None

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
        their requests through the monitor's own connection, never a second one. They get
        it with pymodbus' own request timeout on, as on a client of their own."""
        async with self._lock:
            client = self._client
            if not client.connected:
                yield None
                return
            # pymodbus reads the copy of the parameters its protocol object (`ctx`) made,
            # not `client.comm_params` (transaction.py `execute`).
            params = client.ctx.comm_params
            params.timeout_connect = self.config.timeout_s
            try:
                yield client
            except TimeoutError:
                # A late reply would be taken for the next poll's: drop the connection
                # (the next poll finds it closed and reconnects).
                client.close()
                raise
            finally:
                params.timeout_connect = None

    @property
    def blocks(self) -> list[ReadBlock]:
        return list(self._blocks)

    def add_sample_listener(self, cb: SampleListener) -> Unsubscribe:
        return self._link.add_sample_listener(cb)

    def add_status_listener(self, cb: StatusListener) -> Unsubscribe:
        return self._link.add_status_listener(cb)

    async def start(self) -> None:
        if self._task is None:
            self._closed = False
            self._link.set_status(LinkState.CONNECTING)
            self._task = asyncio.create_task(self._run(), name=self._client.comm_params.comm_name)
            self._link.supervise(self._task)

    async def close(self) -> None:
        self._closed = True  # a one-shot read() waiting for the lock sends nothing more
        if self._task is not None:
            await stop_task(self._task)
            self._task = None
        asking = self._asking
        if asking is not None and not asking.done():
            # A one-shot read() in flight: without the watchdog its request (no pymodbus
            # timeout) would never end. Cancelled as the watchdog does, taken back in `_ask`.
            self._expired = True
            asking.cancel()
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
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
            timeout=None,  # type: ignore[arg-type]  # requests: `_ask`; connect: `_connect`
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
        ok = await asyncio.wait_for(self._client.connect(), self.config.timeout_s)
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
            at_once, was_connected = was_connected, True
            try:
                await self._poll_forever(at_once)
            except LinkLost as lost:
                msg, code = str(lost), lost.code
            self._client.close()
            self._unanswered = None
            self._link.set_status(LinkState.RECONNECTING, msg, code)
            self._link.mark_all_bad(quality_for(code))
            await asyncio.sleep(self._backoff.next_delay())

    def _slot(self, t: float) -> float:
        """The first slot of this device's schedule at or after `t`."""
        assert self._grid is not None
        return t + (self._grid - t) % self._poll_s

    async def _poll_forever(self, at_once: bool = False) -> None:
        """Poll until the link is lost. Cycles fall on the device's own slots; after a
        reconnect (`at_once`) the first read goes out at once and the next one on the first
        slot a period later: devices that come back together (a switch recovers, the
        console's start) keep their phases, they do not poll in the same instant from then
        on. A cycle that ends after its next slot skips it, never reads twice to catch up.
        """
        if not self._identity_tried:
            self._identity_tried = True
            await self._read_identity()
        now = time.monotonic()
        if self._grid is None:
            self._grid = now + self._phase_s
        next_at = now if at_once else self._slot(now)
        if next_at > now:
            await asyncio.sleep(next_at - now)
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
            now = time.monotonic()
            if at_once:  # the read after a reconnect: back onto the device's slots
                at_once, next_at = False, self._slot(next_at + self._poll_s)
            else:
                next_at += self._poll_s
            if next_at < now:  # fell behind (slow device): skip, never burst
                next_at = self._slot(now)
            await asyncio.sleep(next_at - now)

    async def _read_blocks(
        self, blocks: Sequence[ReadBlock]
    ) -> tuple[list[Sample], list[tuple[str, str]]]:
        samples: list[Sample] = []
        errors: list[tuple[str, str]] = []
        client, unit, ask = self._client, self.config.unit_id, self._ask
        async with self._lock:
            if not client.connected:  # closed after a diagnostic's timeout (`exclusive`)
                raise LinkLost(f"no answer within {seconds(self.config.timeout_s)} s", "timeout")
            for block in list(blocks):
                method = getattr(client, _READ_METHOD[block.table])
                reply = await ask(method, block.start, count=block.count, device_id=unit)
                error = self._take(block, reply, samples)
                if error is not None:
                    errors.append(error)
                if self._unanswered is not None:  # a late answer (module doc)
                    self._answering_again(samples)
        return samples, errors

    async def _ask(self, method: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
        """One request, bounded by `config.timeout_s` (LinkLost "timeout" past it); any
        other failure is LinkLost too. One request at a time (`_lock`)."""
        if self._closed:
            raise LinkLost("connection closed", "closed")
        loop = asyncio.get_running_loop()
        started = loop.time()
        timeout_s = self.config.timeout_s
        self._deadline = deadline = started + timeout_s
        wait_s = self.rtt.timeout()
        if wait_s < timeout_s:
            self._soft_at = first = started + wait_s
        else:
            self._soft_at, first = None, deadline
        self._asking = asyncio.current_task()
        self._deferred = self._stalled = False
        watchdog = self._watchdog
        if watchdog is None or first < self._armed_for:  # later only after a soft deadline
            if watchdog is not None:
                watchdog.cancel()
            self._armed_for = first
            self._watchdog = loop.call_at(first, self._on_deadline)
        try:
            reply = await method(*args, **kwargs)
            # A round trip across a loop stall is no sample: the watchdog found the loop
            # late, or is itself overdue now (the stall came after the reply was read).
            now = loop.time()
            if not self._stalled and now - self._armed_for <= STALL_SLACK_S:
                self.rtt.answered(now - started)
            return reply
        except asyncio.CancelledError:
            self._take_back_cancel()
            if being_cancelled():  # close() of the driver task
                raise
            if self._closed:  # close() during a one-shot read()
                raise LinkLost("connection closed", "closed") from None
            raise self._lost(TimeoutError("no answer")) from None  # ours, or leaked by pymodbus
        except Exception as exc:
            self._take_back_cancel()
            if being_cancelled():
                raise asyncio.CancelledError() from exc
            raise self._lost(exc) from exc
        finally:
            self._deadline = self._asking = self._soft_at = None
            self._take_back_cancel()  # a library that swallowed it must not leave it counted

    def _on_deadline(self) -> None:
        """The watchdog timer: past the soft deadline of the request in flight, show the
        device as not answering; past its deadline, cancel it; then follow the request in
        flight to its next deadline (none: disarm). Run late (a loop stall) or with the
        reply already read, it first gives the loop one more pass (module doc)."""
        self._watchdog = None
        deadline, task = self._deadline, self._asking
        if deadline is None or task is None:
            return
        loop = asyncio.get_running_loop()
        armed, soft, now = self._armed_for, self._soft_at, loop.time()
        late = stalled(armed, now)
        self._stalled = self._stalled or late
        due = deadline <= armed or (soft is not None and soft <= armed)
        if due and not self._deferred and (late or self._client.ctx.response_future.done()):
            self._deferred = True
            self._armed_for = now + STALL_SLACK_S
            self._watchdog = loop.call_at(self._armed_for, self._on_deadline)
            return
        self._deferred = False
        if soft is not None and soft <= armed:
            self._soft_at = None
            self._not_answering(soft - (deadline - self.config.timeout_s))
            soft = None
        if deadline <= armed:
            if self._client.ctx.response_future.done():  # answered: never cancel a reply
                self._armed_for = now + STALL_SLACK_S
                self._watchdog = loop.call_at(self._armed_for, self._on_deadline)
                return
            self._deadline = None
            self._expired = True
            task.cancel()
            return
        self._armed_for = nxt = deadline if soft is None else soft
        self._watchdog = asyncio.get_running_loop().call_at(nxt, self._on_deadline)

    def _not_answering(self, wait_s: float) -> None:
        """The request in flight is past its soft deadline: the device is shown as not
        answering, its points' samples kept to be given back if the answer still comes."""
        self.rtt.timed_out()
        if self._unanswered is not None:
            return
        link = self._link
        self._unanswered = {s.point: s for s in link.current()}
        hint = "" if self._answered else " (wrong unit id?)"
        error = f"no answer within {seconds(round(wait_s, 3))} s{hint}"
        link.set_status(LinkState.RECONNECTING, error, "timeout")
        link.mark_all_bad(BAD_TIMEOUT)

    def _answering_again(self, samples: Sequence[Sample]) -> None:
        """The overdue request was answered: the points read in this cycle so far get their
        new samples, the others their last one from before; the link is CONNECTED again."""
        kept, self._unanswered = self._unanswered, None
        if kept is None:
            return
        for s in samples:
            kept.pop(s.point, None)
        self._link.publish([*kept.values(), *samples])
        self._link.set_status(LinkState.CONNECTED)

    def _take_back_cancel(self) -> None:
        """Undo the watchdog's cancel of the current task, once (`being_cancelled()` then
        tells only of a cancel from elsewhere: close())."""
        if self._expired:
            self._expired = False
            task = asyncio.current_task()
            if task is not None:
                task.uncancel()

    def _lost(self, exc: BaseException) -> LinkLost:
        text = str(exc)
        if isinstance(exc, TimeoutError) or "No response received" in text:
            hint = "" if self._answered else " (wrong unit id?)"
            return LinkLost(f"no answer within {seconds(self.config.timeout_s)} s{hint}", "timeout")
        if "device id" in text or "transaction id" in text:
            return LinkLost(f"reply does not match the request: {text}", "malformed")
        msg, code = describe(exc, self.config.timeout_s)
        return LinkLost(msg, code)

    def _take(self, block: ReadBlock, reply: Any, out: list[Sample]) -> tuple[str, str] | None:
        """Append the samples of one reply to `out`; the error of an exception response."""
        now = time.monotonic()
        self._answered = True
        if reply.isError():
            code = int(getattr(reply, "exception_code", 0) or 0)
            if code == 2 and len(block.points) > 1:
                self._replace(block, split(block))  # learn: the gap holds an address it lacks
            msg, err_code, quality = describe_exception(code)
            out.extend(bad_sample(p.name, quality, now) for p in block.points)
            return msg, err_code
        bits = block.table in BIT_TABLES
        values: Sequence[Any] = (
            list(reply.bits or [])[: block.count] if bits else (reply.registers or [])
        )
        if len(values) < block.count:
            noun = "bits" if bits else "registers"
            raise LinkLost(
                f"malformed reply: {len(values)} {noun} for {block.count} asked at "
                f"{block.table} {block.start}",
                "malformed",
            )
        decode = decode_bits if bits else decode_registers
        start = block.start
        for spec in block.points:
            value, quality = decode(spec, values, start)
            out.append(Sample(spec.name, value, quality, None, now))
        return None

    def _replace(self, block: ReadBlock, parts: list[ReadBlock]) -> None:
        with contextlib.suppress(ValueError):
            i = self._blocks.index(block)
            self._blocks[i : i + 1] = parts

    async def _read_identity(self) -> None:
        """Function 43/14 (Read Device Identification) where the device supports it."""
        async with self._lock:
            reply = await self._ask(
                self._client.read_device_information, device_id=self.config.unit_id
            )
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
