"""The outbox: every submission is kept in a local SQLite file until the portal has it.

A submission is committed (``synchronous=FULL``) before the resident is told it was
received, so a power cut or a crash never loses one. The row carries the frozen JSON payload
exactly as it will be sent; retries resend the same bytes with the same ``Idempotency-Key``,
so the portal can recognise them.

Life cycle::

    QUEUED --claim_next--> SENDING --mark_accepted--> ACCEPTED   (final)
       ^                      |------mark_failed----> FAILED     (final, kept with the reason)
       +------mark_retry------+
       +--requeue_interrupted-+   (after a crash left it SENDING)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import (
    DateTime,
    Dialect,
    Index,
    Integer,
    String,
    Text,
    create_engine,
    event,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

from kiosk.submission import Submission
from sync.errors import InvalidTransitionError, OutboxConflict, SyncError, UnknownRecordError

__all__ = [
    "InvalidTransitionError",
    "Outbox",
    "OutboxConflict",
    "OutboxRecord",
    "OutboxState",
    "SyncError",
    "UnknownRecordError",
    "utc_now",
]

logger = logging.getLogger(__name__)

# How long a connection waits for another one's write lock before giving up. The UI thread
# (enqueue) and the worker thread (claim, mark) share the file; their transactions are short.
BUSY_TIMEOUT_MS = 10_000

# last_error / reasons come from the portal; keep the row bounded whatever it sends.
MAX_ERROR_CHARS = 1000


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC (the outbox's default clock)."""
    return datetime.now(UTC)


class OutboxState(StrEnum):
    """Where a queued submission is in its journey to the portal."""

    QUEUED = "queued"
    SENDING = "sending"
    ACCEPTED = "accepted"
    FAILED = "failed"


@dataclass(frozen=True)
class OutboxRecord:
    """A read-only snapshot of one outbox row.

    ``payload_json`` holds citizen data: never log it.
    """

    local_id: str
    tracking_code: str
    procedure_code: str
    procedure_version: int
    state: OutboxState
    attempts: int
    last_error: str | None
    dossier_code: str | None
    created_at: datetime
    updated_at: datetime
    payload_json: str
    next_attempt_at: datetime | None = None


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
    """The ``outbox`` table: one row per submission, never deleted."""

    __tablename__ = "outbox"

    local_id: Mapped[str] = mapped_column(String(26), primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(32), unique=True)
    procedure_code: Mapped[str] = mapped_column(String(64))
    procedure_version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=OutboxState.QUEUED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    dossier_code: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_outbox_state_due", "state", "next_attempt_at", "created_at"),)

    def to_record(self) -> OutboxRecord:
        """A detached, immutable copy safe to hand to other threads."""
        return OutboxRecord(
            local_id=self.local_id,
            tracking_code=self.tracking_code,
            procedure_code=self.procedure_code,
            procedure_version=self.procedure_version,
            state=OutboxState(self.state),
            attempts=self.attempts,
            last_error=self.last_error,
            dossier_code=self.dossier_code,
            created_at=self.created_at,
            updated_at=self.updated_at,
            payload_json=self.payload,
            next_attempt_at=self.next_attempt_at,
        )


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Autocommit at the driver level so that SQLAlchemy's "begin" hook below decides how a
    # transaction starts (the legacy sqlite3 mode would skip BEGIN for SELECTs).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _begin_immediate(connection: Connection) -> None:
    # Take the write lock up front: a deferred transaction that reads and then writes can get
    # SQLITE_BUSY without waiting when another connection committed in between.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _make_engine(db_path: Path) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{db_path}",
        # Statement parameters hold payloads (citizen data): keep them out of exception
        # messages, which end up in logs.
        hide_parameters=True,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _clip(text: str) -> str:
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


class Outbox:
    """Durable queue of submissions waiting for (or done with) the portal.

    Thread-safe: every method is its own short transaction on a pooled connection, so the
    UI thread can enqueue while the sync worker claims and marks.
    """

    def __init__(self, db_path: Path, clock: Callable[[], datetime] = utc_now) -> None:
        """Open (and create if missing) the outbox at ``db_path``."""
        self._db_path = db_path
        self._clock = clock
        db_path.parent.mkdir(parents=True, exist_ok=True)
        self._engine = _make_engine(db_path)
        Base.metadata.create_all(self._engine)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    @property
    def db_path(self) -> Path:
        """Where the SQLite file lives."""
        return self._db_path

    def enqueue(self, submission: Submission) -> OutboxRecord:
        """Queue a submission; it is committed to disk when this returns.

        Queuing the same local id again with the identical payload returns the existing row
        (a double tap must not create two dossiers); a different payload raises
        ``OutboxConflict``.
        """
        payload = submission.payload_json()
        now = self._clock()
        try:
            with self._sessions.begin() as session:
                existing = session.get(OutboxRow, submission.local_id)
                if existing is not None:
                    return self._same_or_conflict(existing, payload)
                row = OutboxRow(
                    local_id=submission.local_id,
                    tracking_code=submission.tracking_code,
                    procedure_code=submission.procedure_code,
                    procedure_version=submission.procedure_version,
                    payload=payload,
                    state=OutboxState.QUEUED.value,
                    attempts=0,
                    last_error=None,
                    dossier_code=None,
                    created_at=now,
                    updated_at=now,
                    next_attempt_at=None,
                )
                session.add(row)
                session.flush()
                record = row.to_record()
        except IntegrityError as exc:
            # The primary key was checked above, so this is the tracking code: already used
            # by another submission.
            raise OutboxConflict(
                f"tracking code {submission.tracking_code} is already queued under another local id"
            ) from exc
        logger.info(
            "queued %s (%s)",
            record.local_id,
            record.tracking_code,
            extra={"event": "outbox.enqueued"},
        )
        return record

    @staticmethod
    def _same_or_conflict(existing: OutboxRow, payload: str) -> OutboxRecord:
        if existing.payload != payload:
            raise OutboxConflict(
                f"local id {existing.local_id} is already queued with a different payload"
            )
        logger.info(
            "already queued %s",
            existing.local_id,
            extra={"event": "outbox.enqueue_repeated"},
        )
        return existing.to_record()

    def get(self, local_id: str) -> OutboxRecord | None:
        """The row for ``local_id``, or None."""
        with self._sessions.begin() as session:
            row = session.get(OutboxRow, local_id)
            return None if row is None else row.to_record()

    def claim_next(self, *, exclude: Collection[str] = ()) -> OutboxRecord | None:
        """Move the oldest due QUEUED row to SENDING and return it (None if nothing is due).

        ``exclude`` lets one drain round skip items it already tried, so an item whose retry
        is due at once is not sent twice in the same round.
        """
        now = self._clock()
        with self._sessions.begin() as session:
            query = (
                select(OutboxRow)
                .where(
                    OutboxRow.state == OutboxState.QUEUED.value,
                    or_(OutboxRow.next_attempt_at.is_(None), OutboxRow.next_attempt_at <= now),
                )
                .order_by(OutboxRow.created_at, OutboxRow.local_id)
                .limit(1)
            )
            if exclude:
                query = query.where(OutboxRow.local_id.not_in(list(exclude)))
            row = session.scalars(query).first()
            if row is None:
                return None
            # BEGIN IMMEDIATE holds the write lock, so nobody can claim it in between.
            row.state = OutboxState.SENDING.value
            row.updated_at = now
            session.flush()
            record = row.to_record()
        logger.debug(
            "claimed %s (attempt %d)",
            record.local_id,
            record.attempts + 1,
            extra={"event": "outbox.claimed"},
        )
        return record

    def mark_accepted(self, local_id: str, dossier_code: str) -> None:
        """The portal has it: remember the dossier code. Final."""
        with self._sessions.begin() as session:
            row = self._row(session, local_id)
            if row.state == OutboxState.ACCEPTED.value:
                if row.dossier_code == dossier_code:
                    return
                raise InvalidTransitionError(
                    f"{local_id} is already accepted as {row.dossier_code}, not {dossier_code}"
                )
            # A FAILED row can still be accepted: the portal is the source of truth if a
            # manual resend got through.
            row.state = OutboxState.ACCEPTED.value
            row.dossier_code = dossier_code
            row.last_error = None
            row.next_attempt_at = None
            row.updated_at = self._clock()
        logger.info(
            "accepted %s as dossier %s",
            local_id,
            dossier_code,
            extra={"event": "outbox.accepted"},
        )

    def mark_retry(self, local_id: str, error: str, next_attempt_at: datetime) -> None:
        """Sending failed for a passing reason: back to QUEUED, due at ``next_attempt_at``."""
        if next_attempt_at.tzinfo is None:
            raise ValueError("next_attempt_at must be timezone-aware")
        with self._sessions.begin() as session:
            row = self._row(session, local_id)
            self._require_open(row, "retried")
            row.state = OutboxState.QUEUED.value
            row.attempts += 1
            row.last_error = _clip(error)
            row.next_attempt_at = next_attempt_at
            row.updated_at = self._clock()
            attempts = row.attempts
        logger.info(
            "retry %s later (attempts %d)",
            local_id,
            attempts,
            extra={"event": "outbox.retry_scheduled"},
        )

    def mark_failed(self, local_id: str, reason: str) -> None:
        """The portal refused it for good; the row is kept forever with the reason."""
        with self._sessions.begin() as session:
            row = self._row(session, local_id)
            self._require_open(row, "failed")
            row.state = OutboxState.FAILED.value
            row.attempts += 1
            row.last_error = _clip(reason)
            row.next_attempt_at = None
            row.updated_at = self._clock()
        logger.warning("failed %s for good", local_id, extra={"event": "outbox.failed"})

    def requeue_interrupted(self) -> int:
        """Rows left SENDING by a crash go back to QUEUED, due now. Returns how many.

        Call once at start, before any worker runs: resending is safe because the portal
        deduplicates on the Idempotency-Key.
        """
        now = self._clock()
        with self._sessions.begin() as session:
            result = session.execute(
                update(OutboxRow)
                .where(OutboxRow.state == OutboxState.SENDING.value)
                .values(
                    state=OutboxState.QUEUED.value,
                    next_attempt_at=None,
                    last_error="interrupted while sending",
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )
            count: int = getattr(result, "rowcount", 0)
        if count:
            logger.warning(
                "requeued %d interrupted submissions",
                count,
                extra={"event": "outbox.requeued_interrupted"},
            )
        return count

    def counts(self) -> dict[str, int]:
        """How many rows are in each state; every state is present (0 if none)."""
        totals = {state.value: 0 for state in OutboxState}
        with self._sessions.begin() as session:
            rows = session.execute(
                select(OutboxRow.state, func.count()).group_by(OutboxRow.state)
            ).all()
        for state, count in rows:
            totals[str(state)] = int(count)
        return totals

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    @staticmethod
    def _row(session: Session, local_id: str) -> OutboxRow:
        row = session.get(OutboxRow, local_id)
        if row is None:
            raise UnknownRecordError(f"no outbox row {local_id}")
        return row

    @staticmethod
    def _require_open(row: OutboxRow, verb: str) -> None:
        if row.state in (OutboxState.ACCEPTED.value, OutboxState.FAILED.value):
            raise InvalidTransitionError(f"{row.local_id} is {row.state} and cannot be {verb}")
