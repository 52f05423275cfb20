"""Invitation letters, venue check-in codes and the anonymous counts of erased registrations.

Revision ID: 0003_registration_extra
Revises: 0002_registration
Create Date: 2026-11-29 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0003_registration_extra"
down_revision: str | Sequence[str] | None = "0002_registration"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invitation_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("passport_number", sa.String(length=32), nullable=False),
        sa.Column("citizenship", sa.String(length=128), nullable=False),
        sa.Column("requested_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", storage.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_invitation_letters_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation_letters")),
        sa.UniqueConstraint("registration_id", name=op.f("uq_invitation_letters_registration_id")),
    )
    op.create_table(
        "venue_codes",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_venue_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_venue_codes_code")),
    )
    op.create_table(
        "erased_registration_counts",
        sa.Column("dimension", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("dimension", "value", name=op.f("pk_erased_registration_counts")),
    )


def downgrade() -> None:
    op.drop_table("erased_registration_counts")
    op.drop_table("venue_codes")
    op.drop_table("invitation_letters")
