"""Per-event checks before storing: schema, uploading console, the author's rights.

Only these reject an event (422 schema, 403 rights); a clock far ahead or an author
who has since lost the role only flags it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from models.incidents.events import Event, EventError, from_dict
from server.identity import Grant, best_role
from server.security.roles import SERVER_ONLY_EVENTS, role_needed


@dataclass(frozen=True)
class Uploader:
    """The console that uploads a batch (and the user logged in there, if any)."""

    console_id: str
    site: str
    user: str | None


@dataclass
class Checked:
    """One uploaded item after the checks: an event to store, or a rejection."""

    index: int
    raw: Any
    event: Event | None = None
    code: int | None = None  # 422 or 403 when rejected
    reason: str | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def event_id(self) -> str | None:
        if self.event is not None:
            return self.event.id
        raw_id = self.raw.get("id") if isinstance(self.raw, Mapping) else None
        return raw_id[:64] if isinstance(raw_id, str) else None

    def reject(self, code: int, reason: str) -> Checked:
        self.code, self.reason = code, reason
        return self


def parse(
    index: int, raw: Any, uploader: Uploader, now_ms: int, ahead_ms: int, *, owned: bool = False
) -> Checked:
    """Schema and console checks (no database needed); `owned` as in `from_dict`."""
    item = Checked(index, raw)
    if not isinstance(raw, Mapping):
        return item.reject(422, "an event must be a JSON object")
    try:
        event = from_dict(raw, owned=owned)
    except EventError as exc:
        return item.reject(422, str(exc))
    item.event = event
    if not event.user.isprintable():
        return item.reject(422, "the event's user must be printable text")
    if event.type in SERVER_ONLY_EVENTS:
        return item.reject(403, f"{event.type} events are written by the server only")
    if event.console_id != uploader.console_id:
        return item.reject(
            403,
            f"event written on console {event.console_id!r} uploaded by {uploader.console_id!r}",
        )
    if event.hlc.wall_ms > now_ms + ahead_ms:
        item.flags.append("clock_ahead")
    return item


def check_author(item: Checked, grants: Mapping[str, list[Grant]], site: str) -> None:
    """The author needs the event type's role at the console's site: now, or at least
    when the event was written (then it is flagged `author_lost_role`)."""
    event = item.event
    if event is None or item.code is not None:
        return
    needed = role_needed(event.type)
    mine = grants.get(event.user, [])
    now = best_role(mine, site)
    if now is not None and now >= needed:
        return
    then = best_role(mine, site, event.hlc.wall_ms)
    if then is not None and then >= needed:
        if "author_lost_role" not in item.flags:  # checked again if a group commit is retried
            item.flags.append("author_lost_role")
        return
    item.reject(403, f"user {event.user!r} may not write {event.type} events at site {site!r}")
