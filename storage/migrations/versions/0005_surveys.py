"""Survey responses, anonymous answers and completions.

Revision ID: 0005_surveys
Revises: 0002_registration
Create Date: 2026-11-28 19:42:39.398429
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0005_surveys"
down_revision: str | Sequence[str] | None = "0002_registration"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "survey_anonymous_responses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("survey_id", sa.String(length=32), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_anonymous_responses")),
    )
    with op.batch_alter_table("survey_anonymous_responses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_survey_anonymous_responses_survey_id", ["survey_id"], unique=False
        )

    op.create_table(
        "survey_completions",
        sa.Column("survey_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_survey_completions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("survey_id", "user_id", name=op.f("pk_survey_completions")),
    )
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.String(length=32), nullable=False),
        sa.Column("owner", sa.String(length=48), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("economy", sa.String(length=16), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("position", sa.String(length=32), nullable=True),
        sa.Column("started_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", storage.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_survey_responses_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint("survey_id", "owner", name=op.f("uq_survey_responses_survey_id")),
    )
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.create_index("ix_survey_responses_user_id", ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_responses_user_id")

    op.drop_table("survey_responses")
    op.drop_table("survey_completions")
    with op.batch_alter_table("survey_anonymous_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_anonymous_responses_survey_id")

    op.drop_table("survey_anonymous_responses")
