"""The server's tables (SQLAlchemy Core): events and their feed, identity, audit, outbox.

Times are Unix milliseconds (BIGINT) so SQLite and PostgreSQL behave alike. Event
bodies are their canonical JSON text, stored and served byte for byte.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

ID = String(36)
NAME = String(128)

counters = Table(
    "counters",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)
"""'seq' (the feed's last sequence number) and 'incident' (last incident number)."""

events = Table(
    "events",
    metadata,
    Column("id", ID, primary_key=True),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("incident_id", ID, nullable=False, index=True),
    Column("type", String(64), nullable=False),
    Column("hlc", String(21), nullable=False),
    Column("console_id", String(64), nullable=False),
    Column("author", NAME, nullable=False),
    Column("uploaded_by_console", String(64), nullable=True),
    Column("uploaded_by_user", NAME, nullable=True),
    Column("received_ms", BigInteger, nullable=False),
    Column("flags", String(256), nullable=False, default=""),
    Column("body", Text, nullable=False),
)

incident_numbers = Table(
    "incident_numbers",
    metadata,
    Column("incident_id", ID, primary_key=True),
    Column("number", String(32), nullable=False, unique=True),
    Column("event_id", ID, nullable=False),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("qid", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=True, index=True),
    Column("code", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("console_id", String(64), nullable=True),
    Column("user", NAME, nullable=True),
    Column("received_ms", BigInteger, nullable=False),
    Column("body", Text, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("name", NAME, primary_key=True),
    Column("password_hash", String(256), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_ms", BigInteger, nullable=False),
)

role_grants = Table(
    "role_grants",
    metadata,
    Column("gid", Integer, primary_key=True, autoincrement=True),
    Column("user", NAME, ForeignKey("users.name"), nullable=False, index=True),
    Column("site", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("granted_ms", BigInteger, nullable=False),
    Column("revoked_ms", BigInteger, nullable=True),
)
"""Role history: a grant is current while revoked_ms is NULL (rights at an event's time)."""

consoles = Table(
    "consoles",
    metadata,
    Column("console_id", String(64), primary_key=True),
    Column("site", String(64), nullable=False),
    Column("secret_hash", String(256), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_ms", BigInteger, nullable=False),
)

tokens = Table(
    "tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user", NAME, nullable=True, index=True),
    Column("console_id", String(64), nullable=True, index=True),
    Column("issued_ms", BigInteger, nullable=False),
    Column("expires_ms", BigInteger, nullable=False),
    Column("revoked_ms", BigInteger, nullable=True),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("fid", Integer, primary_key=True, autoincrement=True),
    Column("principal", NAME, nullable=False),
    Column("ip", String(64), nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Index("ix_login_failures_key", "principal", "ip", "at_ms"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("aid", Integer, primary_key=True, autoincrement=True),
    Column("at_ms", BigInteger, nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("user", NAME, nullable=True),
    Column("console_id", String(64), nullable=True),
    Column("ip", String(64), nullable=True),
    Column("detail", Text, nullable=False, default=""),
)

plant_versions = Table(
    "plant_versions",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("uploaded_by", NAME, nullable=False),
    Column("uploaded_ms", BigInteger, nullable=False),
)

incident_watch = Table(
    "incident_watch",
    metadata,
    Column("incident_id", ID, primary_key=True),
    Column("dirty", Boolean, nullable=False, default=True),
    Column("open", Boolean, nullable=False, default=True),
)
"""Incidents the escalation worker looks at: dirty after new events, open for SLA scans."""

notifications = Table(
    "notifications",
    metadata,
    Column("nid", Integer, primary_key=True, autoincrement=True),
    Column("key", String(160), nullable=False),
    Column("url", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_ms", BigInteger, nullable=False),
    Column("claimed_until_ms", BigInteger, nullable=True),
    Column("sent_ms", BigInteger, nullable=True),
    Column("last_error", Text, nullable=True),
    UniqueConstraint("key", "url", name="uq_notifications_key_url"),
)
"""The webhook outbox: one row per (incident + kind, webhook), retried with backoff."""

diagnostic_records = Table(
    "diagnostic_records",
    metadata,
    Column("rid", Integer, primary_key=True, autoincrement=True),
    Column("id", ID, nullable=False, unique=True),
    Column("at_ms", BigInteger, nullable=False, index=True),
    Column("user", NAME, nullable=False),
    Column("console_id", String(64), nullable=False),
    Column("ci", String(64), nullable=False, index=True),
    Column("kind", String(64), nullable=False),
    Column("target", Text, nullable=False),
    Column("result", String(32), nullable=False),
    Column("result_summary", Text, nullable=False),
    Column("result_json", Text, nullable=False),
    Column("duration_ms", BigInteger, nullable=False),
    Column("uploaded_by_console", String(64), nullable=False),
    Column("received_ms", BigInteger, nullable=False),
    Column("flags", String(256), nullable=False, default=""),
)
"""The consoles' diagnostic audit (who ran what on which CI, when, result), each record
once by its id; `rid` orders them as they arrived (the listing's cursor)."""

maintenance_records = Table(
    "maintenance_records",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("kind", String(8), nullable=False),
    Column("updated_hlc", String(21), nullable=False),
    Column("console_id", String(64), nullable=False),
    Column("user", NAME, nullable=False),
    Column("body", Text, nullable=False),
    Column("uploaded_by_console", String(64), nullable=False),
    Column("received_ms", BigInteger, nullable=False),
    Column("flags", String(256), nullable=False, default=""),
)
"""Maintenance windows and shelvings of every console (`server.maintenance`): the
latest version of each record (last writer by (updated_hlc, console_id)); `seq` (from
the counters row 'maintenance', in commit order) is the feed's cursor."""
