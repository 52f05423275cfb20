"""The update ledger holds leases and the polling inbox (exactly-once updates, bot/dedup.py).

Revision ID: 0010_update_leases
Revises: 0008_runtime
Create Date: 2026-11-30 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0010_update_leases"
down_revision: str | Sequence[str] | None = "0008_runtime"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner", sa.String(length=36), nullable=True))
        batch_op.add_column(
            sa.Column("lease_until", storage.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("payload", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.drop_column("payload")
        batch_op.drop_column("lease_until")
        batch_op.drop_column("owner")
