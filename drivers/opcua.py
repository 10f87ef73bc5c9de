"""OPC UA driver (asyncua, never its sync wrapper): one session per server, subscriptions,
batched reads within OperationLimits, trust-on-first-person security, own reconnect loop.

Why not asyncua 2.x's `auto_reconnect` supervisor: it works (it re-creates subscriptions),
but its attempts start at 1 s without jitter, their failure reasons only reach its log (we
must show "connection refused" while retrying), and it keeps the namespace indexes of the
first session, while the spec lets a restarted server renumber its NamespaceArray. So each
attempt here builds a fresh client, re-resolves `nsu=` node ids and re-subscribes.

Liveness: a subscription says nothing when nothing changes (keep-alives come every 10 s)
and asyncua's watchdog reads the server state only every `watchdog_s` (5 s), so a server
behind a dead switch went unnoticed for seconds. The driver reads the server's State once
every publishing interval. Like a reachability probe (drivers/reachability.py), that read
counts as unanswered after the measured round trip plus a margin (drivers/rtt.py: SRTT +
max(4 RTTVAR, `min_timeout_s`), at most `timeout_s`): the server is then shown as not
answering (status RECONNECTING "no answer within ...", code "timeout", every point
Bad_Timeout: what a lost session shows), but the session is kept and the read waits on
until `timeout_s`. An answer before then restores the server at once (the points get their
values back; the round trip teaches the estimator); only a read unanswered at `timeout_s`
drops the session and reconnects, as a lost connection does. Keeping the session past that
was tried: after the simulator's dead switch (which loses the bytes sent meanwhile, as a
link down for longer than TCP retries does) the server refused every later message for its
sequence-number gap, and the server stayed "no answer" until asyncua's watchdog, seconds
after the switch was back.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from collections.abc import Sequence
from datetime import UTC
from typing import Any

from .allowlist import WriteForbidden, install_opcua_guard
from .backoff import Backoff
from .base import (
    BAD_NODE_ID_UNKNOWN,
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
from .config import OpcuaConfig
from .errors import being_cancelled, describe, quality_for, seconds
from .link import Link, bad_sample
from .opcua_browse import (
    AttributeReading,
    BrowseEntry,
    EndpointInfo,
    browse_children,
    endpoint_info,
    read_node_attributes,
)
from .opcua_nodes import (
    _QUALITIES,
    NodeIdSyntaxError,
    ParsedNodeId,
    parse_node_id,
    quality_of,
    to_value,
    utc,
)
from .opcua_security import SecuritySetupError, application_uri, apply_security, security_label
from .opcua_services import (
    OperationLimits,
    chunks,
    namespace_array,
    operation_limits,
    read_values,
    server_identity,
)
from .rtt import RttEstimator, soft_deadline
from .tasks import stop_task
from .uatypes import Client, NodeId, UaStatusCodeError, ua

_log = logging.getLogger(__name__)
# Value types a Variant carries that `to_value` passes through unchanged (exact types;
# anything else, subclasses included, takes the general path).
_PLAIN = frozenset({bool, int, float, str})
# `Sample(...)` runs the NamedTuple's Python-level __new__; building the tuple directly
# gives the same object without that call, for every value change (bench/ingest_replay.py).
_new_tuple = tuple.__new__

_AUTH_CODES = {
    "BadUserAccessDenied",
    "BadIdentityTokenInvalid",
    "BadIdentityTokenRejected",
    "BadUserSignatureInvalid",
}


def classify(exc: BaseException, timeout_s: float) -> tuple[str, str, bool]:
    """(error sentence, error code, needs a person) for a failed attempt or a lost link."""
    if isinstance(exc, SecuritySetupError):
        return str(exc), exc.code, True
    if isinstance(exc, WriteForbidden):
        return str(exc), "forbidden", True
    if isinstance(exc, UaStatusCodeError):
        name = quality_of(int(getattr(exc, "code", 0x80010000))).name
        if name in _AUTH_CODES:
            return f"login refused by server: {name}", "auth_failed", True
        if name.startswith("BadCertificate") or name == "BadSecurityChecksFailed":
            return f"server refused the console's certificate: {name}", "certificate_rejected", True
        if name == "BadTimeout":
            return (*describe(TimeoutError(), timeout_s), False)
        return f"server answered {name}", f"status:{name}", False
    return (*describe(exc, timeout_s), False)


class OpcuaDriver:
    """Driver for one OPC UA server endpoint (many CIs may share it through this one session)."""

    def __init__(
        self,
        config: OpcuaConfig,
        *,
        backoff: Backoff | None = None,
        min_publish_ms: int = 0,
        watchdog_s: float = 5.0,
    ) -> None:
        self.config = config
        self._publish_ms = max(config.publish_ms, min_publish_ms)
        self._sampling_ms = max(config.sampling_ms, min_publish_ms)
        self._backoff = backoff or Backoff()
        self._watchdog_s = watchdog_s
        self._link = Link([p.name for p in config.points], security_label(config))
        self._parsed: dict[str, ParsedNodeId | NodeIdSyntaxError] = {}
        for spec in config.points:
            try:
                self._parsed[spec.name] = parse_node_id(spec.node_id)
            except NodeIdSyntaxError as exc:
                self._parsed[spec.name] = exc
        self._client: Any = None
        self._task: asyncio.Task[None] | None = None
        self._lost = asyncio.Event()
        self._loss: tuple[str, str] = ("connection lost", "closed")
        self._generation = 0
        self._identity: DeviceIdentity | None = None
        self._namespaces: list[str] = []
        self._limits = OperationLimits()
        self._resolved: dict[str, NodeId] = {}
        self._handles: dict[int, str] = {}
        self.rtt = RttEstimator(config.timeout_s, config.min_timeout_s)
        self._unanswered: dict[str, Sample] | None = None
        """While a liveness read is overdue: each point's sample from before (module doc)."""
        self._state_read = _state_read()

    # -- Driver protocol -------------------------------------------------------------------

    @property
    def status(self) -> LinkStatus:
        return self._link.status

    @property
    def identity(self) -> DeviceIdentity | None:
        return self._identity

    @property
    def limits(self) -> OperationLimits:
        """The OperationLimits read from the server at the last connect."""
        return self._limits

    @property
    def namespaces(self) -> list[str]:
        """The server's NamespaceArray as read at the last connect."""
        return list(self._namespaces)

    @property
    def raw_client(self) -> Any:
        """The guarded asyncua Client of the current session (None while disconnected)."""
        return self._client if self.connected else None

    @property
    def connected(self) -> bool:
        """A session is up (it may be waiting for an overdue answer)."""
        return self._client is not None and (
            self._link.status.state is LinkState.CONNECTED or self._unanswered is not None
        )

    def add_sample_listener(self, cb: SampleListener) -> Unsubscribe:
        return self._link.add_sample_listener(cb)

    def add_status_listener(self, cb: StatusListener) -> Unsubscribe:
        return self._link.add_status_listener(cb)

    async def start(self) -> None:
        if self._task is not None:
            return
        self._link.set_status(LinkState.CONNECTING)
        self._task = asyncio.create_task(self._run(), name=f"opcua {self.config.endpoint}")
        self._link.supervise(self._task)

    async def close(self) -> None:
        if self._task is not None:
            await stop_task(self._task)
            self._task = None
        await self._drop_client()
        self._link.set_status(LinkState.CLOSED)
        self._link.mark_all_bad(BAD_NOT_CONNECTED)

    async def read(self, points: Sequence[str] | None = None) -> list[Sample]:
        wanted = list(self._link.points if points is None else points)
        client = self.raw_client
        if client is None:
            return [bad_sample(p, BAD_NOT_CONNECTED) for p in wanted]
        known = [p for p in wanted if p in self._resolved]
        try:
            dvs = await asyncio.wait_for(
                read_values(client.uaclient, [self._resolved[p] for p in known], self._batch()),
                self.config.timeout_s * (1 + len(known) // self._batch()),
            )
        except Exception as exc:
            _msg, code, _ = classify(exc, self.config.timeout_s)
            return [bad_sample(p, quality_for(code)) for p in wanted]
        now = time.monotonic()
        by_point = {p: self._sample(p, dv, now) for p, dv in zip(known, dvs, strict=True)}
        return [by_point.get(p) or bad_sample(p, BAD_NODE_ID_UNKNOWN, now) for p in wanted]

    # -- diagnostics -----------------------------------------------------------------------

    async def browse(self, node_id: str = "i=85") -> list[BrowseEntry]:
        """Children of a node (default: the Objects folder). ConnectionError when offline."""
        client = self._require_client()
        nid = parse_node_id(node_id).resolve(self._namespaces)
        return await browse_children(client.uaclient, nid, self._namespaces)

    async def read_attributes(self, node_id: str) -> list[AttributeReading]:
        client = self._require_client()
        nid = parse_node_id(node_id).resolve(self._namespaces)
        return await read_node_attributes(client.uaclient, nid)

    async def get_endpoints(self) -> list[EndpointInfo]:
        """The server's endpoints, through the session if there is one, else a bare channel."""
        client = self.raw_client
        if client is not None:
            eps = await client.get_endpoints()
        else:
            temp = self._new_client()
            eps = await asyncio.wait_for(
                temp.connect_and_get_server_endpoints(), self.config.timeout_s * 3
            )
        return [endpoint_info(ep) for ep in eps]

    # -- the link --------------------------------------------------------------------------

    def _batch(self) -> int:
        return self._limits.max_nodes_per_read

    def _require_client(self) -> Any:
        client = self.raw_client
        if client is None:
            raise ConnectionError(f"not connected to {self.config.endpoint}")
        return client

    def _new_client(self) -> Any:
        client = Client(
            self.config.endpoint, timeout=self.config.timeout_s, watchdog_intervall=self._watchdog_s
        )
        install_opcua_guard(client)
        client.application_uri = application_uri()
        client.name = client.description = "PlantConsole"
        client.session_timeout = 120_000
        return client

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
                msg, code, person = classify(exc, self.config.timeout_s)
                _log.info("%s: connect failed: %s", self.config.endpoint, msg)
                await self._drop_client()
                state = LinkState.RECONNECTING if was_connected else LinkState.CONNECTING
                self._link.set_status(LinkState.FAILED if person else state, msg, code)
                self._link.mark_all_bad(quality_for(code))
                await asyncio.sleep(self._backoff.next_delay())
                continue
            was_connected = True
            self._backoff.reset()
            self._link.set_status(LinkState.CONNECTED)
            watch = asyncio.create_task(
                self._watch(self._client.uaclient, self._generation),
                name=f"opcua liveness {self.config.endpoint}",
            )
            try:
                await self._lost.wait()
            finally:
                await stop_task(watch)
            msg, code = self._loss
            await self._drop_client()
            self._link.set_status(LinkState.RECONNECTING, msg, code)
            self._link.mark_all_bad(quality_for(code))
            await asyncio.sleep(self._backoff.next_delay())

    async def _drop_client(self) -> None:
        client, self._client = self._client, None
        self._generation += 1
        self._resolved = {}
        self._unanswered = None
        if client is None:
            return
        protocol = getattr(getattr(client, "uaclient", None), "protocol", None)
        try:
            await asyncio.wait_for(client.disconnect(), self.config.timeout_s)
        except Exception:  # a dead link cannot be closed politely
            _log.debug("disconnect of %s failed", self.config.endpoint, exc_info=True)
            with contextlib.suppress(Exception):
                client.disconnect_socket()
        finally:
            # asyncua leaves the socket open when its own (now cancelled) disconnect was
            # "in flight", and when connect failed after the socket was made: its
            # connect_socket then marks itself DISCONNECTED and disconnect_socket does
            # nothing (CPython 3.11's wait_for can even drop a connection that completed
            # as its timeout fired). Close the transport ourselves, or the socket leaks.
            transport = getattr(protocol, "transport", None)
            if transport is not None:
                with contextlib.suppress(Exception):
                    transport.close()

    async def _watch(self, uac: Any, generation: int) -> None:
        """Read the server's State every publishing interval, soft deadline first (module
        doc). Ends by reporting the session lost when a read fails or times out."""
        interval_s, timeout_s = self._publish_ms / 1000, self.config.timeout_s
        while True:
            await asyncio.sleep(interval_s)
            try:
                _, _, round_trip = await soft_deadline(
                    uac.read(self._state_read),  # bounded by the client's `timeout_s`
                    self.rtt,
                    timeout_s,
                    lambda wait_s: self._not_answering(generation, wait_s),
                )
            except (Exception, asyncio.CancelledError) as exc:
                if being_cancelled():
                    raise
                if isinstance(exc, asyncio.CancelledError):  # the library gave up the request
                    exc = ConnectionError("request cancelled")
                msg, code, _ = classify(exc, timeout_s)
                self._on_lost(generation, (msg, code))
                return
            if round_trip is not None:  # a round trip across a loop stall is no sample
                self.rtt.answered(round_trip)
            if self._unanswered is not None:
                self._answering_again(generation)

    def _not_answering(self, generation: int, wait_s: float) -> None:
        """The liveness read is overdue: the server is shown as not answering, the session
        stays. Each point's sample is kept to be given back when the answer comes."""
        if generation != self._generation or self._unanswered is not None:
            return
        self._unanswered = {s.point: s for s in self._link.current()}
        error = f"no answer within {seconds(round(wait_s, 3))} s"
        self._link.set_status(LinkState.RECONNECTING, error, "timeout")
        self._link.mark_all_bad(BAD_TIMEOUT)

    def _answering_again(self, generation: int) -> None:
        """The overdue read was answered: the points get back their samples (those that
        no notification replaced meanwhile), then the link is CONNECTED again."""
        kept, self._unanswered = self._unanswered, None
        if kept is None or generation != self._generation:
            return
        now = time.monotonic()
        self._link.publish([s._replace(received=now) for s in kept.values()])
        self._link.set_status(LinkState.CONNECTED)

    def _on_lost(self, generation: int, reason: tuple[str, str]) -> None:
        if generation == self._generation and not self._lost.is_set():
            self._loss = reason
            self._lost.set()

    async def _connect(self) -> None:
        self._generation += 1
        generation = self._generation
        self._lost = asyncio.Event()
        client = self._new_client()
        self._client = client
        await apply_security(client, self.config)
        if self.config.username:
            client.set_user(self.config.username)
            client.set_password(self.config.password or "")

        async def lost(exc: Exception) -> None:
            msg, code, _ = classify(exc, self.config.timeout_s)
            self._on_lost(generation, (msg, code))

        client.connection_lost_callback = lost
        await client.connect()
        uac = client.uaclient
        self._namespaces = await namespace_array(uac)
        try:
            self._limits = await operation_limits(uac)
        except UaStatusCodeError:
            self._limits = OperationLimits()
        try:
            self._identity = await server_identity(uac)
        except UaStatusCodeError:
            self._identity = None
        self._resolve()
        await self._subscribe(uac, generation)

    def _resolve(self) -> None:
        self._resolved = {}
        bad: list[Sample] = []
        for name, parsed in self._parsed.items():
            if isinstance(parsed, NodeIdSyntaxError):
                bad.append(bad_sample(name, BAD_NODE_ID_UNKNOWN))
                continue
            try:
                self._resolved[name] = parsed.resolve(self._namespaces)
            except KeyError:
                bad.append(bad_sample(name, BAD_NODE_ID_UNKNOWN))
        self._link.publish(bad)

    async def _subscribe(self, uac: Any, generation: int) -> None:
        if not self._resolved:
            return
        keepalive = max(1, int(10_000 / max(self._publish_ms, 1)))
        params = ua.CreateSubscriptionParameters()
        params.RequestedPublishingInterval = float(self._publish_ms)
        params.RequestedMaxKeepAliveCount = keepalive
        params.RequestedLifetimeCount = keepalive * 6
        params.MaxNotificationsPerPublish = 0
        params.PublishingEnabled = True
        params.Priority = 0

        def on_publish(result: Any) -> None:
            self._on_publish(generation, result)

        sub = await uac.create_subscription(params, on_publish)
        self._handles = {}
        items = list(self._resolved.items())
        for batch in chunks(items, self._limits.max_monitored_items_per_call):
            mparams = ua.CreateMonitoredItemsParameters()
            mparams.SubscriptionId = sub.SubscriptionId
            mparams.TimestampsToReturn = ua.TimestampsToReturn.Both
            for point, nid in batch:
                handle = len(self._handles) + 1
                self._handles[handle] = point
                mparams.ItemsToCreate.append(self._item_request(nid, handle))
            results = await uac.create_monitored_items(mparams)
            failed = [
                bad_sample(point, quality_of(res.StatusCode))
                for (point, _nid), res in zip(batch, results, strict=True)
                if not res.StatusCode.is_good()
            ]
            self._link.publish(failed)

    def _item_request(self, nid: NodeId, handle: int) -> Any:
        rv = ua.ReadValueId()
        rv.NodeId = nid
        rv.AttributeId = ua.AttributeIds.Value
        mp = ua.MonitoringParameters()
        mp.ClientHandle = handle
        mp.SamplingInterval = float(self._sampling_ms)
        mp.QueueSize = 1
        mp.DiscardOldest = True
        req = ua.MonitoredItemCreateRequest()
        req.ItemToMonitor = rv
        req.MonitoringMode = ua.MonitoringMode.Reporting
        req.RequestedParameters = mp
        return req

    def _on_publish(self, generation: int, result: Any) -> None:
        """One PublishResult: its samples to the link and its listeners.

        The cyclic collector is paused meanwhile: a result of thousands of changes makes
        as many samples, which live only until the listeners return, and each pass they
        set off would walk them and the decoded result for nothing (models/gc_pause.py
        does the same for parsing; drivers/ may not import it)."""
        if generation != self._generation:
            return
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._take(generation, result)  # its samples are freed when it returns
        finally:
            if enabled:
                gc.enable()

    def _take(self, generation: int, result: Any) -> None:
        now = time.monotonic()
        samples: list[Sample] = []
        handles = self._handles
        for notif in result.NotificationMessage.NotificationData or []:
            if isinstance(notif, ua.DataChangeNotification):
                # inlined `_sample` for the common case: this runs for every value change
                append, qualities = samples.append, _QUALITIES
                for item in notif.MonitoredItems:
                    point = handles.get(item.ClientHandle)
                    if point is None:
                        continue
                    dv = item.Value
                    if dv is None:
                        append(self._sample(point, dv, now))
                        continue
                    variant, status = dv.Value, dv.StatusCode
                    value = variant.Value if variant is not None else None
                    if status is None or type(value) not in _PLAIN:
                        append(self._sample(point, dv, now))
                        continue
                    ts = dv.SourceTimestamp
                    if ts is not None and ts.tzinfo is None:
                        ts = ts.replace(tzinfo=UTC)
                    quality = qualities.get(status.value) or quality_of(status)
                    append(_new_tuple(Sample, (point, value, quality, ts, now)))
            elif isinstance(notif, ua.StatusChangeNotification):
                name = quality_of(notif.Status).name
                self._on_lost(generation, (f"subscription ended: {name}", f"status:{name}"))
        kept = self._unanswered
        if kept is not None:  # newer than what the points get back when the server answers
            for s in samples:
                kept.pop(s.point, None)
        self._link.publish(samples)

    @staticmethod
    def _sample(point: str, dv: Any, now: float) -> Sample:
        raw = dv.Value.Value if dv is not None and dv.Value is not None else None
        status = dv.StatusCode if dv is not None else None
        when = utc(dv.SourceTimestamp) if dv is not None else None
        return Sample(point, to_value(raw), quality_of(status), when, now)


def _state_read() -> Any:
    """The liveness request: the Value of Server.ServerStatus.State."""
    params = ua.ReadParameters()
    rv = ua.ReadValueId()
    rv.NodeId = ua.NodeId(ua.ObjectIds.Server_ServerStatus_State)
    rv.AttributeId = ua.AttributeIds.Value
    params.NodesToRead.append(rv)
    return params
