"""Dossier status tracking, purge of personal data, attachments stored once by hash.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """New columns are nullable (or defaulted) so rows already queued stay as they are."""
    op.add_column("outbox", sa.Column("accepted_at", sa.DateTime, nullable=True))
    op.add_column("outbox", sa.Column("failure_status", sa.Integer, nullable=True))
    op.add_column("outbox", sa.Column("portal_status", sa.String(40), nullable=True))
    op.add_column("outbox", sa.Column("status_history", sa.Text, nullable=True))
    op.add_column("outbox", sa.Column("status_checked_at", sa.DateTime, nullable=True))
    op.add_column("outbox", sa.Column("next_poll_at", sa.DateTime, nullable=True))
    op.add_column(
        "outbox", sa.Column("poll_attempts", sa.Integer, nullable=False, server_default="0")
    )
    op.add_column("outbox", sa.Column("purged_at", sa.DateTime, nullable=True))
    op.execute("UPDATE outbox SET accepted_at = updated_at WHERE state = 'accepted'")
    op.create_index("ix_outbox_poll_due", "outbox", ["state", "next_poll_at"])
    # claim_next walks the queue in this order: one index step per claim, however long it is.
    op.create_index("ix_outbox_queue_order", "outbox", ["state", "created_at", "local_id"])
    op.create_table(
        "attachments",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "outbox_attachments",
        sa.Column(
            "local_id",
            sa.String(26),
            sa.ForeignKey("outbox.local_id"),
            primary_key=True,
        ),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("attachments.sha256"), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    """Back to revision 0001 (drops status tracking and attachments)."""
    op.drop_table("outbox_attachments")
    op.drop_table("attachments")
    op.drop_index("ix_outbox_queue_order", "outbox")
    op.drop_index("ix_outbox_poll_due", "outbox")
    with op.batch_alter_table("outbox") as batch:
        for name in (
            "purged_at",
            "poll_attempts",
            "next_poll_at",
            "status_checked_at",
            "status_history",
            "portal_status",
            "failure_status",
            "accepted_at",
        ):
            batch.drop_column(name)
