"""Request and response bodies: only ids, enums and sizes are validated; text is kept."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from models.plant_schema import ID_PATTERN

USER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.@\-]{0,127}$"
SITE_PATTERN = r"^(\*|[A-Za-z0-9][A-Za-z0-9_.\-]{0,63})$"
MAX_BATCH = 1000
Responses = dict[int | str, dict[str, Any]]
"""OpenAPI extra responses of a route."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginRequest(Strict):
    user: str | None = Field(default=None, pattern=USER_PATTERN)
    password: str | None = Field(default=None, min_length=1, max_length=1024)
    console_id: str | None = Field(default=None, pattern=ID_PATTERN)
    console_secret: str | None = Field(default=None, min_length=1, max_length=1024)
    ttl_s: int | None = Field(default=None, ge=1, le=7 * 24 * 3600)


class LoginResponse(BaseModel):
    token: str
    expires_ms: int
    user: str | None
    console_id: str | None
    site: str | None
    roles: dict[str, str]


class Me(BaseModel):
    user: str | None
    console_id: str | None
    site: str | None
    roles: dict[str, str]


class RoleGrant(Strict):
    site: str = Field(pattern=SITE_PATTERN)
    role: Literal["viewer", "technician", "supervisor", "admin"]


class NewUser(Strict):
    name: str = Field(pattern=USER_PATTERN)
    password: str = Field(min_length=8, max_length=1024)
    roles: list[RoleGrant] = Field(default_factory=list, max_length=100)


class RolesUpdate(Strict):
    roles: list[RoleGrant] = Field(max_length=100)


class NewConsole(Strict):
    console_id: str = Field(pattern=ID_PATTERN)
    site: str = Field(pattern=SITE_PATTERN)
    secret: str | None = Field(default=None, min_length=16, max_length=1024)


class ConsoleCredential(BaseModel):
    console_id: str
    site: str
    secret: str


class UploadBatch(Strict):
    events: list[dict[str, Any]] = Field(max_length=MAX_BATCH)


class EventResult(BaseModel):
    id: str | None
    index: int
    status: Literal["accepted", "duplicate", "rejected"]
    seq: int | None = None
    code: int | None = None
    reason: str | None = None
    flags: list[str] = Field(default_factory=list)


class UploadResult(BaseModel):
    results: list[EventResult]
    head: int


class FeedItem(BaseModel):
    seq: int
    flags: list[str]
    event: dict[str, Any]


class FeedPage(BaseModel):
    events: list[FeedItem]
    cursor: int
    head: int
    more: bool


class QuarantinedEvent(BaseModel):
    qid: int
    event_id: str | None
    code: int
    reason: str
    console_id: str | None
    user: str | None
    received_ms: int
    body: str


class AuditEntry(BaseModel):
    aid: int
    at_ms: int
    kind: str
    user: str | None
    console_id: str | None
    ip: str | None
    detail: str


class PlantMeta(BaseModel):
    version: int
    sha256: str
    uploaded_by: str
    uploaded_ms: int
    bytes: int


class Health(BaseModel):
    status: Literal["ok"]
    database: str
    head: int
