"""Residents' ratings, queued for the portal apart from any submission.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A new table; submissions already queued are untouched."""
    op.create_table(
        "ratings",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("rating_key", sa.String(64), nullable=False, unique=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("next_attempt_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_ratings_state_due", "ratings", ["state", "next_attempt_at"])


def downgrade() -> None:
    """Back to revision 0002 (queued ratings are dropped)."""
    op.drop_index("ix_ratings_state_due", "ratings")
    op.drop_table("ratings")
