"""Retention: the scheduled erasure of personal data and the report's frozen aggregates.

Revision ID: 0011_retention
Revises: 0009_claims
Create Date: 2026-11-29 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0011_retention"
down_revision: str | Sequence[str] | None = "0009_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "retention_runs",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("due_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("notice_14_at", storage.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("notice_2_at", storage.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("erased_at", storage.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=True),
        sa.Column("updated_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_retention_runs")),
    )
    op.create_table(
        "report_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("taken_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_snapshots")),
    )


def downgrade() -> None:
    op.drop_table("report_snapshots")
    op.drop_table("retention_runs")
