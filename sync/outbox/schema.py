"""The outbox's tables as SQLAlchemy models (the schema at the newest Alembic revision).

Alembic owns the file's schema (``migrations/`` beside this module); these models must match
its head, which ``tests/sync/test_outbox_upgrades_and_safety.py`` checks.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as naive UTC text, read back as aware UTC.

    SQLite has no time zones; normalising to UTC keeps the stored text sortable, so
    ``next_attempt_at <= now`` can be compared in SQL.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Aware → naive UTC; a naive datetime is a bug (we could not know its zone)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the outbox only stores timezone-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Naive UTC → aware UTC."""
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base of the outbox schema."""


class OutboxRow(Base):
    """The ``outbox`` table: one row per submission, never deleted (personal data is)."""

    __tablename__ = "outbox"

    local_id: Mapped[str] = mapped_column(String(26), primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(32), unique=True)
    procedure_code: Mapped[str] = mapped_column(String(64))
    procedure_version: Mapped[int] = mapped_column(Integer)
    # Ciphertext ("gcm1:..."), or "" once purged. Never log it.
    payload: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    dossier_code: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failure_status: Mapped[int | None] = mapped_column(Integer)
    portal_status: Mapped[str | None] = mapped_column(String(40))
    status_history: Mapped[str | None] = mapped_column(Text)
    status_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_poll_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    poll_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_outbox_state_due", "state", "next_attempt_at", "created_at"),
        Index("ix_outbox_poll_due", "state", "next_poll_at"),
        Index("ix_outbox_queue_order", "state", "created_at", "local_id"),
    )


class AttachmentRow(Base):
    """``attachments``: each distinct file once, named by the SHA-256 of its plain bytes."""

    __tablename__ = "attachments"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    # nonce ‖ AES-GCM ciphertext ‖ tag, bound to the hash.
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxAttachmentRow(Base):
    """``outbox_attachments``: which submission carries which attachment, in order."""

    __tablename__ = "outbox_attachments"

    local_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("outbox.local_id"), primary_key=True
    )
    sha256: Mapped[str] = mapped_column(
        String(64), ForeignKey("attachments.sha256"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer)


class RatingRow(Base):
    """``ratings``: residents' ratings waiting for the portal, linked to nothing.

    No submission, no person, no time finer than the day (``day``, Hanoi's); deleted once the
    portal has it. The payload is the rating's JSON (nothing personal, so not encrypted).
    """

    __tablename__ = "ratings"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rating_key: Mapped[str] = mapped_column(String(64), unique=True)
    payload: Mapped[str] = mapped_column(Text)
    day: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_ratings_state_due", "state", "next_attempt_at"),)
