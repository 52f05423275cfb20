"""The travel stage of the registration: how many travel details an approved delegate has
still to give (`registrations.travel_missing`, read by the reminder audience
`travel_missing`).

Revision ID: 0012_travel_stage
Revises: 0003_registration_extra
Create Date: 2026-12-05 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_travel_stage"
down_revision: str | Sequence[str] | None = "0003_registration_extra"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("travel_missing", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        batch.drop_column("travel_missing")
