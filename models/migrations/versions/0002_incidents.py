"""Incidents, outbox, sync state, maintenance windows, shelving, diagnostic audit.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "diagnostic_audit",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("at_ms", sa.Integer(), nullable=False),
        sa.Column("user", sa.String(), nullable=False),
        sa.Column("console_id", sa.String(), nullable=False),
        sa.Column("ci", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("result", sa.String(), nullable=False),
        sa.Column("result_summary", sa.String(), nullable=False),
        sa.Column("result_json", sa.JSON(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnostic_audit")),
    )
    with op.batch_alter_table("diagnostic_audit", schema=None) as batch_op:
        batch_op.create_index("ix_diagnostic_audit_ci_at_ms", ["ci", "at_ms"], unique=False)

    op.create_table(
        "incident_event",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=21), nullable=False),
        sa.Column("console_id", sa.String(), nullable=False),
        sa.Column("user", sa.String(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("origin", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_event")),
    )
    with op.batch_alter_table("incident_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incident_event_incident_id_hlc", ["incident_id", "hlc"], unique=False
        )

    op.create_table(
        "incident_head",
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("created", sa.Boolean(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("number_final", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("priority", sa.String(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("urgency", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("root_ci", sa.String(), nullable=False),
        sa.Column("fault_code", sa.String(), nullable=True),
        sa.Column("fault_text", sa.String(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("cost_per_hour", sa.Float(), nullable=False),
        sa.Column("units_per_shift", sa.Integer(), nullable=False),
        sa.Column("assignee", sa.String(), nullable=True),
        sa.Column("opened_ms", sa.Integer(), nullable=True),
        sa.Column("acknowledged_ms", sa.Integer(), nullable=True),
        sa.Column("on_site_ms", sa.Integer(), nullable=True),
        sa.Column("recovered_ms", sa.Integer(), nullable=True),
        sa.Column("resolved_ms", sa.Integer(), nullable=True),
        sa.Column("closed_ms", sa.Integer(), nullable=True),
        sa.Column("down_since_ms", sa.Integer(), nullable=True),
        sa.Column("on_hold_since_ms", sa.Integer(), nullable=True),
        sa.Column("repeat_count", sa.Integer(), nullable=False),
        sa.Column("note_count", sa.Integer(), nullable=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("dedup_key", sa.String(), nullable=False),
        sa.Column("duplicate_of", sa.String(), nullable=True),
        sa.Column("problem_id", sa.String(), nullable=True),
        sa.Column("updated_hlc", sa.String(length=21), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_incident_head")),
    )
    with op.batch_alter_table("incident_head", schema=None) as batch_op:
        batch_op.create_index("ix_incident_head_dedup_key", ["dedup_key"], unique=False)
        batch_op.create_index("ix_incident_head_number", ["number"], unique=False)
        batch_op.create_index(
            "ix_incident_head_status_opened_ms", ["status", "opened_ms"], unique=False
        )

    op.create_table(
        "maintenance_window",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("cis", sa.JSON(), nullable=False),
        sa.Column("planned_start_ms", sa.Integer(), nullable=False),
        sa.Column("planned_end_ms", sa.Integer(), nullable=False),
        sa.Column("rollback_note", sa.String(), nullable=False),
        sa.Column("approved_by", sa.JSON(), nullable=False),
        sa.Column("ended_ms", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_window")),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("item_id", name=op.f("uq_outbox_item_id")),
    )
    op.create_table(
        "shelve",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ci", sa.String(), nullable=False),
        sa.Column("user", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("start_ms", sa.Integer(), nullable=False),
        sa.Column("until_ms", sa.Integer(), nullable=False),
        sa.Column("cleared_ms", sa.Integer(), nullable=True),
        sa.Column("cleared_by", sa.String(), nullable=True),
        sa.Column("console_id", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shelve")),
    )
    with op.batch_alter_table("shelve", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shelve_ci"), ["ci"], unique=False)

    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_state")),
    )


def downgrade() -> None:
    op.drop_table("sync_state")
    with op.batch_alter_table("shelve", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shelve_ci"))

    op.drop_table("shelve")
    op.drop_table("outbox")
    op.drop_table("maintenance_window")
    with op.batch_alter_table("incident_head", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_head_status_opened_ms")
        batch_op.drop_index("ix_incident_head_number")
        batch_op.drop_index("ix_incident_head_dedup_key")

    op.drop_table("incident_head")
    with op.batch_alter_table("incident_event", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_event_incident_id_hlc")

    op.drop_table("incident_event")
    with op.batch_alter_table("diagnostic_audit", schema=None) as batch_op:
        batch_op.drop_index("ix_diagnostic_audit_ci_at_ms")

    op.drop_table("diagnostic_audit")
