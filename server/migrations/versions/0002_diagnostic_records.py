"""diagnostic audit records uploaded by the consoles

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 23:30:00.000000
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
        "diagnostic_records",
        sa.Column("rid", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.Column("user", sa.String(length=128), nullable=False),
        sa.Column("console_id", sa.String(length=64), nullable=False),
        sa.Column("ci", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("result", sa.String(length=32), nullable=False),
        sa.Column("result_summary", sa.Text(), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.Column("duration_ms", sa.BigInteger(), nullable=False),
        sa.Column("uploaded_by_console", sa.String(length=64), nullable=False),
        sa.Column("received_ms", sa.BigInteger(), nullable=False),
        sa.Column("flags", sa.String(length=256), nullable=False),
        sa.PrimaryKeyConstraint("rid"),
        sa.UniqueConstraint("id"),
    )
    with op.batch_alter_table("diagnostic_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_diagnostic_records_at_ms"), ["at_ms"], unique=False)
        batch_op.create_index(batch_op.f("ix_diagnostic_records_ci"), ["ci"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("diagnostic_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diagnostic_records_ci"))
        batch_op.drop_index(batch_op.f("ix_diagnostic_records_at_ms"))
    op.drop_table("diagnostic_records")
