"""Registrations, their status history and daily attendance.

Revision ID: 0002_registration
Revises: 0001_initial
Create Date: 2026-11-28 19:39:59.612249
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0002_registration"
down_revision: str | Sequence[str] | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("full_name", sa.String(length=256), nullable=True),
        sa.Column("economy", sa.String(length=16), nullable=True),
        sa.Column("organisation", sa.String(length=256), nullable=True),
        sa.Column("sector", sa.String(length=32), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.Column("gender", sa.String(length=24), nullable=True),
        sa.Column("email", sa.String(length=256), nullable=True),
        sa.Column("funding_requested", sa.Boolean(), nullable=False),
        sa.Column("funding", sa.String(length=16), nullable=False),
        sa.Column("focal_point", sa.Boolean(), nullable=False),
        sa.Column("consent_version", sa.String(length=32), nullable=False),
        sa.Column("consent_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("checkin_token", sa.String(length=48), nullable=True),
        sa.Column("created_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", storage.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_registrations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registrations")),
        sa.UniqueConstraint("checkin_token", name=op.f("uq_registrations_checkin_token")),
        sa.UniqueConstraint("user_id", name=op.f("uq_registrations_user_id")),
    )
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.create_index("ix_registrations_economy", ["economy"], unique=False)
        batch_op.create_index("ix_registrations_status", ["status"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("by_user_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_attendance_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("registration_id", "day", name=op.f("uq_attendance_registration_id")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attendance_registration_id"), ["registration_id"], unique=False
        )

    op.create_table(
        "registration_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_registration_changes_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_changes")),
    )
    with op.batch_alter_table("registration_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registration_changes_registration_id"), ["registration_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("registration_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_changes_registration_id"))

    op.drop_table("registration_changes")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_registration_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index("ix_registrations_status")
        batch_op.drop_index("ix_registrations_economy")

    op.drop_table("registrations")
