"""Maintenance windows and shelvings travel through sync: version columns (issue 6).

Each window and shelving becomes a versioned record: `updated_hlc` + `console_id`
decide the last writer; shelvings get a client-generated `record_id` (existing rows
get a random one here, so every record has an id).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ADD COLUMN (no table copy): nullable, NULL = written before sync existed
    op.add_column("maintenance_window", sa.Column("updated_hlc", sa.String(length=21)))
    op.add_column("maintenance_window", sa.Column("console_id", sa.String()))
    op.add_column("maintenance_window", sa.Column("updated_by", sa.String()))
    op.add_column("shelve", sa.Column("record_id", sa.String()))
    op.add_column("shelve", sa.Column("updated_hlc", sa.String(length=21)))
    op.execute(
        "UPDATE shelve SET record_id = lower(hex(randomblob(4)) || '-' || hex(randomblob(2))"
        " || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))"
        " WHERE record_id IS NULL"
    )
    op.create_index("ix_shelve_record_id", "shelve", ["record_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_shelve_record_id", table_name="shelve")
    with op.batch_alter_table("shelve", schema=None) as batch_op:
        batch_op.drop_column("updated_hlc")
        batch_op.drop_column("record_id")
    with op.batch_alter_table("maintenance_window", schema=None) as batch_op:
        batch_op.drop_column("updated_by")
        batch_op.drop_column("console_id")
        batch_op.drop_column("updated_hlc")
