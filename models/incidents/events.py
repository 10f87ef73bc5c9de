"""Incident events: the append-only, versioned log every console and the server share.

An `Event` is valid by construction: a known type's payload is checked against its
schema (`EventError` says what is wrong); an unknown type or a newer version is kept
verbatim and later shown as a "newer event". `to_json` is canonical (sorted keys, no
spaces), so the same event is the same bytes on every console.
"""

from __future__ import annotations

import builtins
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import ValidationError

from models.incidents.hlc import Hlc, HlcClock
from models.incidents.ids import UUID_PATTERN, is_uuid, uuid7
from models.incidents.payloads import CURRENT_VERSION, PAYLOADS, VALIDATORS, Payload
from models.plant_schema import ID_PATTERN

MAX_EVENT_BYTES = 64 * 1024
MAX_VERSION = 2**31 - 1
"""An event's schema version fits SQLite's and PostgreSQL's integer columns."""
ENVELOPE = ("id", "incident_id", "type", "version", "hlc", "console_id", "user", "payload")
_TYPE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_CONSOLE = re.compile(ID_PATTERN)
_ENVELOPE = frozenset(ENVELOPE)
_SET = object.__setattr__
_NEW = object.__new__
_string: Callable[[str], str] = json.encoder.encode_basestring
"""A str as JSON text, non-ASCII kept (what `canonical_json` writes for strings)."""
_c_encoder = getattr(json.encoder, "c_make_encoder", None)
_PLAIN_ENCODER: Callable[[object, int], Any] | None = (
    None
    if _c_encoder is None  # the C accelerator is missing: canonical_json does it
    else _c_encoder(None, None, _string, None, ":", ",", True, False, False)
)
"""`canonical_json` for fresh `json.loads` output (no cycles, so no cycle bookkeeping),
made once instead of per call; still refuses NaN and infinity (ValueError)."""
P = TypeVar("P", bound=Payload)


def _utf8(text: str) -> bool:
    """True when `text` encodes as UTF-8 (no lone surrogates: a database refuses them)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class EventError(ValueError):
    """An event that fails the schema: the server quarantines it, a console refuses it."""


_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def canonical_json(value: object) -> str:
    """Sorted keys, no spaces, UTF-8 text as is; NaN and infinity refused."""
    return _CANONICAL.encode(value)  # = json.dumps(value, those options), minus a new encoder


@dataclass(frozen=True)
class Event:
    """One fact about one incident. Sorts by (hlc, console_id, id)."""

    id: str
    incident_id: str
    type: str
    version: int
    hlc: Hlc
    console_id: str
    user: str
    payload: Mapping[str, Any]
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Envelope keys written by a newer schema, kept so the event round-trips unchanged."""
    body: Payload | None = field(default=None, init=False, repr=False, compare=False)
    """The validated payload of a known type and version, else None."""
    _payload_json: str | None = field(default=None, init=False, repr=False, compare=False)
    """The payload's canonical JSON, kept from the checks so `to_json` need not redo it."""
    _json: str | None = field(default=None, init=False, repr=False, compare=False)
    """The event's canonical JSON once `to_json` built it (or the text it was read from)."""
    _hlc_text: str | None = field(default=None, init=False, repr=False, compare=False)
    """`str(hlc)` as the event came with it (a feed page, a stored row), else None."""

    def __post_init__(self) -> None:
        _validate(self, owned=False)

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def known(self) -> bool:
        """A type and version this code understands (else: shown as a newer event)."""
        return self.type in PAYLOADS and self.version in PAYLOADS[self.type]

    @property
    def sort_key(self) -> tuple[Hlc, str, str]:
        return (self.hlc, self.console_id, self.id)

    def payload_as(self, model: builtins.type[P]) -> P:
        """The validated payload as `model` (TypeError if the event holds another)."""
        if not isinstance(self.body, model):
            raise TypeError(f"{self.type} v{self.version} event has no {model.__name__} payload")
        return self.body


def _validate(event: Event, owned: bool) -> None:
    """The envelope, size, plain-JSON and payload checks of a new event.

    `owned`: payload and extra are fresh `json.loads` output nobody else holds (a
    request or feed page just parsed), so they already are the JSON data model and
    need no detaching copy; they are still dumped (size, NaN, lone surrogates).
    """
    _check_envelope(event)
    state = vars(event)
    try:  # detach from the caller's dicts and reduce them to the JSON data model
        payload = event.payload
        text = canonical_json(payload if type(payload) is dict else dict(payload))
        size = len(text.encode("utf-8"))  # also refuses lone surrogates
        if not owned:
            state["payload"] = json.loads(text)
        if event.extra:
            extra = canonical_json(dict(event.extra))
            size += len(extra.encode("utf-8"))
            if not owned:
                state["extra"] = json.loads(extra)
    except (TypeError, ValueError) as exc:
        msg = f"{event.type} event {event.id}: payload is not plain JSON: {exc}"
        raise EventError(msg) from None
    if size > MAX_EVENT_BYTES:
        raise EventError(f"{event.type} event {event.id}: {size} bytes, over {MAX_EVENT_BYTES}")
    state["_payload_json"] = text
    validate = VALIDATORS.get(event.type, {}).get(event.version)
    if validate is not None:
        try:
            state["body"] = validate(event.payload)
        except ValidationError as exc:
            raise EventError(f"{event.type} event {event.id}: bad payload: {exc}") from None


def _check_envelope(event: Event) -> None:
    where = f"event {event.id!r}"
    if not isinstance(event.id, str) or not is_uuid(event.id):
        raise EventError(f"{where}: id must be a lower-case UUID")
    if not isinstance(event.incident_id, str) or not is_uuid(event.incident_id):
        raise EventError(f"{where}: incident_id must be a lower-case UUID")
    if not isinstance(event.type, str) or not _TYPE.fullmatch(event.type):
        raise EventError(f"{where}: type must be lower_snake_case")
    if type(event.version) is not int or not 1 <= event.version <= MAX_VERSION:
        raise EventError(f"{where}: version must be an integer from 1 to {MAX_VERSION}")
    if not isinstance(event.hlc, Hlc):
        raise EventError(f"{where}: hlc must be an Hlc")
    if not isinstance(event.console_id, str) or not _CONSOLE.fullmatch(event.console_id):
        raise EventError(f"{where}: console_id must match {ID_PATTERN}")
    if not isinstance(event.user, str) or not 1 <= len(event.user) <= 128:
        raise EventError(f"{where}: user must be 1-128 characters")
    if not event.user.isascii() and not _utf8(event.user):
        raise EventError(f"{where}: user is not valid text (a lone surrogate)")
    if not isinstance(event.payload, Mapping) or not isinstance(event.extra, Mapping):
        raise EventError(f"{where}: payload must be a JSON object")
    known = PAYLOADS.get(event.type, {})
    if known and event.version < CURRENT_VERSION[event.type] and event.version not in known:
        raise EventError(f"{where}: {event.type} has no version {event.version}")
    if clash := set(event.extra) & set(ENVELOPE):
        raise EventError(f"{where}: extra keys {sorted(clash)} clash with the envelope")


def hlc_text(event: Event) -> str:
    """`str(event.hlc)`, the text it arrived with when there is one (no formatting)."""
    text: str | None = vars(event).get("_hlc_text")
    return str(event.hlc) if text is None else text


def to_dict(event: Event) -> dict[str, Any]:
    return {
        **event.extra,
        "id": event.id,
        "incident_id": event.incident_id,
        "type": event.type,
        "version": event.version,
        "hlc": hlc_text(event),
        "console_id": event.console_id,
        "user": event.user,
        "payload": event.payload,
    }


def to_json(event: Event) -> str:
    """The canonical text of an event: byte-identical on every console and the server."""
    state = vars(event)
    text: str | None = state.get("_json")
    if text is None:
        text = state["_json"] = _canonical_text(event)
    return text


def _canonical_text(event: Event) -> str:
    """`canonical_json(to_dict(event))`, assembled around the payload text the checks made
    (the envelope keys in sorted order; an event with extra keys takes the long way)."""
    payload: str | None = vars(event).get("_payload_json")
    if event.extra or payload is None:
        return canonical_json(to_dict(event))
    return (
        f'{{"console_id":{_string(event.console_id)},"hlc":"{hlc_text(event)}",'
        f'"id":{_string(event.id)},"incident_id":{_string(event.incident_id)},'
        f'"payload":{payload},"type":{_string(event.type)},"user":{_string(event.user)},'
        f'"version":{int(event.version)}}}'
    )


def from_dict(data: Mapping[str, Any], *, owned: bool = False) -> Event:
    """The event of a parsed envelope (EventError says what is wrong). `owned`: `data` is
    fresh `json.loads` output the caller hands over (see `_validate`)."""
    if owned and len(data) == 8 and type(data) is dict:
        try:
            fast = _owned_event(data)  # checks the HLC's form itself: no Hlc.parse first
        except KeyError:  # not the envelope's 8 keys: named below
            fast = None
        if fast is not None:
            return fast  # else the full checks below find and name what is wrong
    missing = [key for key in ENVELOPE if key not in data]
    if missing:
        raise EventError(f"event {data.get('id')!r}: missing {', '.join(missing)}")
    hlc = data["hlc"]
    try:
        parsed = Hlc.parse(hlc) if isinstance(hlc, str) else None
    except ValueError as exc:
        raise EventError(f"event {data.get('id')!r}: {exc}") from None
    if parsed is None:
        raise EventError(f"event {data.get('id')!r}: hlc must be text")
    extra = {k: v for k, v in data.items() if k not in _ENVELOPE} if len(data) > 8 else {}
    if not owned:
        return Event(
            id=data["id"],
            incident_id=data["incident_id"],
            type=data["type"],
            version=data["version"],
            hlc=parsed,
            console_id=data["console_id"],
            user=data["user"],
            payload=data["payload"],
            extra=extra,
        )
    event = object.__new__(Event)
    vars(event).update(
        id=data["id"],
        incident_id=data["incident_id"],
        type=data["type"],
        version=data["version"],
        hlc=parsed,
        console_id=data["console_id"],
        user=data["user"],
        payload=data["payload"],
        extra=extra,
        body=None,
        _payload_json=None,
        _json=None,
        _hlc_text=None,
    )
    _validate(event, owned=True)
    return event


_CONSOLE_JSON: dict[str, str] = {}
"""console_id texts that passed `_CONSOLE` -> their JSON text (a plant has a few dozen)."""
_CHECKED_INCIDENTS: set[str] = set()
"""incident_id texts that passed `UUID_PATTERN` (bounded: cleared when it grows large)."""
_KNOWN_JSON = {kind: _string(kind) for kind in PAYLOADS}
"""Known type names as JSON text."""


def from_values(
    event_id: Any,
    incident_id: Any,
    kind: Any,
    version: Any,
    hlc: Any,
    console_id: Any,
    user: Any,
    payload: Any,
) -> Event:
    """The event of the envelope's 8 values in `ENVELOPE` order, fresh `json.loads` output
    the caller hands over (a compact feed row): exactly `from_dict(dict(zip(ENVELOPE,
    values)), owned=True)`, the same event or the same EventError, without the dict."""
    fast = _owned_parts(event_id, incident_id, kind, version, hlc, console_id, user, payload)
    if fast is not None:
        return fast
    values = (event_id, incident_id, kind, version, hlc, console_id, user, payload)
    return from_dict(dict(zip(ENVELOPE, values, strict=True)), owned=True)


def _owned_event(data: Mapping[str, Any]) -> Event | None:
    """`_owned_parts` of a freshly parsed envelope's 8 values (KeyError: one is missing)."""
    return _owned_parts(
        data["id"],
        data["incident_id"],
        data["type"],
        data["version"],
        data["hlc"],
        data["console_id"],
        data["user"],
        data["payload"],
    )


def _owned_parts(
    event_id: Any,
    incident_id: Any,
    kind: Any,
    version: Any,
    hlc_raw: Any,
    console_id: Any,
    user: Any,
    payload: Any,
) -> Event | None:
    """The event of a freshly parsed envelope without extra keys, checked like
    `_check_envelope` + `_validate` do but without their generality: None when any
    check fails or the input is not the plain shape (the caller then runs the full
    checks, which name the problem, or take an odd but valid form such as a text that
    ends in a line feed). A feed page holds thousands of these, and each is stored, so
    its canonical text (`to_json`) is assembled here, from the parts just checked."""
    if (
        type(event_id) is not str
        or type(incident_id) is not str
        or type(kind) is not str
        or type(version) is not int
        or type(hlc_raw) is not str
        or type(console_id) is not str
        or type(user) is not str
        or type(payload) is not dict
        or not 1 <= version <= MAX_VERSION
        or not 1 <= len(user) <= 128
        or not (user.isascii() or _utf8(user))
        or len(event_id) != 36  # a UUID's length: no line feed for `$` to let through
        or len(incident_id) != 36
        or len(hlc_raw) != 21
        or not UUID_PATTERN.fullmatch(event_id)
    ):
        return None
    if incident_id not in _CHECKED_INCIDENTS:  # a page holds ~10 events per incident
        if not UUID_PATTERN.fullmatch(incident_id):
            return None
        if len(_CHECKED_INCIDENTS) > 65536:
            _CHECKED_INCIDENTS.clear()
        _CHECKED_INCIDENTS.add(incident_id)
    known = VALIDATORS.get(kind)
    if known is None:
        if not _TYPE.fullmatch(kind):
            return None
        kind_json = _string(kind)
    elif version < CURRENT_VERSION[kind] and version not in known:
        return None
    else:
        kind_json = _KNOWN_JSON[kind]
    console_json = _CONSOLE_JSON.get(console_id)
    if console_json is None:
        if not _CONSOLE.fullmatch(console_id):
            return None
        if len(_CONSOLE_JSON) > 4096:
            _CONSOLE_JSON.clear()
        console_json = _CONSOLE_JSON[console_id] = _string(console_id)
    wall, counter = hlc_raw[:16], hlc_raw[17:]  # Hlc.parse's form, ASCII digits only
    if not (hlc_raw.isascii() and hlc_raw[16] == "-" and wall.isdigit() and counter.isdigit()):
        return None
    text = _payload_text(payload)
    if text is None:
        return None
    if text.isascii():
        size = len(text)
    else:
        try:
            size = len(text.encode("utf-8"))  # also refuses lone surrogates
        except UnicodeEncodeError:
            return None
    if size > MAX_EVENT_BYTES:
        return None
    validate = known.get(version) if known is not None else None
    body: Payload | None = None
    if validate is not None:
        try:
            body = validate(payload)
        except ValidationError:
            return None
    hlc = _NEW(Hlc)  # \d{16}-\d{4}: inside Hlc's range by its form
    _SET(hlc, "wall_ms", int(wall))
    _SET(hlc, "counter", int(counter))
    event = _NEW(Event)
    _SET(
        event,
        "__dict__",
        {
            "id": event_id,
            "incident_id": incident_id,
            "type": kind,
            "version": version,
            "hlc": hlc,
            "console_id": console_id,
            "user": user,
            "payload": payload,
            "extra": {},
            "body": body,
            "_payload_json": text,
            # = _canonical_text(event): the ids are 36 characters of [0-9a-f-], the type
            # and console id were checked, so only the user's text needs escaping
            "_json": f'{{"console_id":{console_json},"hlc":"{hlc_raw}","id":"{event_id}",'
            f'"incident_id":"{incident_id}","payload":{text},"type":{kind_json},'
            f'"user":{_string(user)},"version":{version}}}',
            "_hlc_text": hlc_raw,
        },
    )
    return event


def _payload_text(payload: dict[str, Any]) -> str | None:
    """`canonical_json` of fresh `json.loads` output (None where it refuses: NaN, ...).
    A payload of one text field (a comment, a work note, a number) is written directly:
    the C encoder's general path took ~5,000 instructions for `{"text":"note 1"}`."""
    if len(payload) == 1:
        ((key, value),) = payload.items()
        if type(key) is str and type(value) is str:
            return f"{{{_string(key)}:{_string(value)}}}"
    if _PLAIN_ENCODER is None:
        try:
            return canonical_json(payload)
        except (TypeError, ValueError):
            return None
    try:
        return "".join(_PLAIN_ENCODER(payload, 0))
    except (TypeError, ValueError):
        return None


def from_json(text: str | bytes) -> Event:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise EventError(f"event is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise EventError("event is not a JSON object")
    return from_dict(data, owned=True)


def new_event(
    clock: HlcClock,
    *,
    incident_id: str,
    type: str,
    payload: Mapping[str, Any],
    console_id: str,
    user: str,
) -> Event:
    """A fresh event of the current version, stamped by the console's clock."""
    hlc = clock.tick()
    version = CURRENT_VERSION.get(type, 1)
    return Event(uuid7(hlc.wall_ms), incident_id, type, version, hlc, console_id, user, payload)
