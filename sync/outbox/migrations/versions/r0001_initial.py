"""The outbox as the walking skeleton created it (before Alembic).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """One table of submissions."""
    op.create_table(
        "outbox",
        sa.Column("local_id", sa.String(26), primary_key=True),
        sa.Column("tracking_code", sa.String(32), nullable=False, unique=True),
        sa.Column("procedure_code", sa.String(64), nullable=False),
        sa.Column("procedure_version", sa.Integer, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("dossier_code", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_outbox_state_due", "outbox", ["state", "next_attempt_at", "created_at"])


def downgrade() -> None:
    """Drop it all."""
    op.drop_index("ix_outbox_state_due", "outbox")
    op.drop_table("outbox")
