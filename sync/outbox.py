"""The outbox: every submission is kept in a local SQLite file until the portal has it.

A submission is committed (``synchronous=FULL``) before the resident is told it was
received, so a power cut or a crash never loses one. The row carries the frozen JSON payload
exactly as it will be sent, encrypted at rest (AES-GCM, :mod:`sync.outbox_crypto`); retries
resend the same bytes with the same ``Idempotency-Key``, so the portal can recognise them.

Life cycle::

    QUEUED --claim_batch--> SENDING --mark_accepted(_many)--> ACCEPTED  (final; status polled)
       ^                       |------mark_failed-----------> FAILED    (final, with the reason)
       +------mark_retry-------+
       +------release----------+   (claimed but not sent: the round ended first)
       +--requeue_interrupted--+   (after a crash left it SENDING)

The worker claims a small batch per transaction and writes acceptances in batches: a crash
between the portal's answer and the write only means a resend under the same
``Idempotency-Key``, which the portal answers with the same dossier.

Once accepted and older than the retention, the personal data (payload, attachments) is
deleted (:meth:`Outbox.purge_personal_data`); the tracking code, dossier code and status stay.

The file is checked (``PRAGMA integrity_check``) and migrated (Alembic) when the outbox
opens. A damaged file or a full disk does not crash the kiosk: ``enqueue`` raises
:class:`kiosk.ports.QueueUnavailableError`, :attr:`Outbox.health` carries the alarm for the
operator, and an ``outbox.alarm`` event is logged; what is already queued is left untouched.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import (
    Table,
    and_,
    create_engine,
    delete,
    event,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.ports import QueueUnavailableError
from kiosk.submission import Submission
from sync import outbox_migrations
from sync.dossier import DossierEvent
from sync.errors import InvalidTransitionError, OutboxConflict, SyncError, UnknownRecordError
from sync.outbox_crypto import (
    CannotDecryptError,
    KeyFileError,
    PayloadCipher,
    is_sealed,
    load_or_create_key,
)
from sync.outbox_schema import AttachmentRow, OutboxAttachmentRow, OutboxRow, UTCDateTime

__all__ = [
    "FINAL_PORTAL_STATUSES",
    "Acceptance",
    "DossierEvent",
    "FailedSubmission",
    "InvalidTransitionError",
    "Outbox",
    "OutboxConflict",
    "OutboxHealth",
    "OutboxRecord",
    "OutboxState",
    "QueueUnavailableError",
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

DEFAULT_RETENTION = timedelta(days=30)
"""How long personal data stays on the kiosk after the portal accepted the dossier. A guess
until the city's data-protection officer gives the figure (Nghị định 13/2023 asks for the
shortest time needed)."""

FINAL_PORTAL_STATUSES = frozenset({"result_ready", "additional_documents_needed", "rejected"})
"""Portal statuses after which the kiosk stops asking (the resident acts, not the kiosk)."""

# The outbox table for Core statements (the drain's hot path).
OUTBOX = cast(Table, OutboxRow.__table__)

# Legacy plaintext rows are sealed in batches at start, so one transaction stays short.
SEAL_BATCH = 200


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

    ``payload_json`` holds citizen data (decrypted): never log it. It is ``""`` once purged.
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
    accepted_at: datetime | None = None
    failure_status: int | None = None
    portal_status: str | None = None
    status_history: tuple[DossierEvent, ...] = ()
    status_checked_at: datetime | None = None
    next_poll_at: datetime | None = None
    poll_attempts: int = 0
    purged_at: datetime | None = None
    attachments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Acceptance:
    """The portal took a submission: what :meth:`Outbox.mark_accepted_many` writes down."""

    local_id: str
    dossier_code: str
    portal_status: str | None = None
    next_poll_at: datetime | None = None
    claimed: OutboxRecord | None = field(default=None, compare=False, repr=False)
    """The record as claimed, if the caller holds it: the fresh record is then derived from
    it rather than read back from the file (the drain's hot path)."""


@dataclass(frozen=True)
class FailedSubmission:
    """A submission the portal refused for good, as the operator sees it: no personal data."""

    local_id: str
    tracking_code: str
    procedure_code: str
    procedure_version: int
    http_status: int | None
    reason: str
    failed_at: datetime
    attempts: int


@dataclass(frozen=True)
class OutboxHealth:
    """What the operator's screen shows about the outbox itself."""

    available: bool
    alarm: str | None = None
    """Why submissions cannot be queued (or the last write that failed), if any."""


def unsent_age_s(oldest_unsent: OutboxRecord | None, now: datetime) -> float | None:
    """Seconds since ``oldest_unsent`` was queued (None when nothing waits)."""
    if oldest_unsent is None:
        return None
    return max(0.0, (now - oldest_unsent.created_at).total_seconds())


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Autocommit at the driver level so that SQLAlchemy's "begin" hook below decides how a
    # transaction starts (the legacy sqlite3 mode would skip BEGIN for SELECTs).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Purged personal data is overwritten with zeros, not left in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
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


def _is_disk_full(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    return (
        code == sqlite3.SQLITE_FULL
        or "disk is full" in str(orig)
        or (isinstance(orig, OSError) and orig.errno == 28)
    )


# --- the drain's hot path in plain SQL --------------------------------------------------
# Claiming a batch and writing its acceptances run once per few dozen submissions; building
# SQLAlchemy statements and processing every column cost several times the commit there, so
# these few statements are written out. They read and write exactly what the models do:
# datetimes as naive UTC text "YYYY-MM-DD HH:MM:SS.ffffff" (UTCDateTime over SQLite's
# DATETIME), which also keeps them sortable in SQL.
_COLUMNS = tuple(column.name for column in OUTBOX.columns)
_TIME_COLUMNS = frozenset(
    column.name for column in OUTBOX.columns if isinstance(column.type, UTCDateTime)
)
_SELECT_ROWS = f"SELECT {', '.join(_COLUMNS)} FROM outbox"


def _sql_time(value: datetime | None) -> str | None:
    """An aware datetime as the outbox stores it."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("the outbox only stores timezone-aware datetimes")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _row_from_sql(values: Sequence[Any]) -> SimpleNamespace:
    """A row read with :data:`_SELECT_ROWS`, with its datetimes aware again."""
    row = dict(zip(_COLUMNS, values, strict=True))
    for name in _TIME_COLUMNS:
        text = row[name]
        row[name] = None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)
    return SimpleNamespace(**row)


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _history(text: str | None) -> tuple[DossierEvent, ...]:
    if not text:
        return ()
    try:
        items = json.loads(text)
    except ValueError:
        return ()
    return tuple(
        DossierEvent(str(i.get("status", "")), str(i.get("at", "")), str(i.get("note", "")))
        for i in items
        if isinstance(i, dict)
    )


class Outbox:
    """Durable queue of submissions waiting for (or done with) the portal.

    Thread-safe: every method is its own short transaction on a pooled connection, so the
    UI thread can enqueue while the sync worker claims and marks.
    """

    def __init__(
        self,
        db_path: Path,
        clock: Callable[[], datetime] = utc_now,
        *,
        key_path: Path | None = None,
        retention: timedelta = DEFAULT_RETENTION,
    ) -> None:
        """Open (create, check and migrate) the outbox at ``db_path``.

        ``key_path`` is the AES key file (created 0600 if missing); by default it is
        ``<db_path>.key`` next to the database. Never raises for a damaged file or a full
        disk: the outbox opens unavailable instead (see :attr:`health`).
        """
        self._db_path = db_path
        self._clock = clock
        self._retention = retention
        self._key_path = key_path or db_path.with_name(db_path.name + ".key")
        self._health_lock = threading.Lock()
        self._health = OutboxHealth(available=True)
        db_path.parent.mkdir(parents=True, exist_ok=True)
        self._engine = _make_engine(db_path)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        try:
            self._cipher = PayloadCipher(load_or_create_key(self._key_path))
        except (KeyFileError, OSError) as exc:
            # A throw-away key keeps the object usable; nothing is written with it.
            self._cipher = PayloadCipher(bytes(32))
            self._raise_alarm(f"the outbox key cannot be used: {type(exc).__name__}")
            return
        self._open()

    def _open(self) -> None:
        try:
            with self._engine.connect() as connection:
                verdict = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA integrity_check")]
                connection.rollback()
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            self._raise_alarm(f"the outbox file cannot be opened: {type(exc).__name__}", exc)
            return
        if verdict != ["ok"]:
            self._raise_alarm(f"the outbox file is damaged: {'; '.join(verdict[:3])[:300]}")
            return
        try:
            outbox_migrations.upgrade(self._engine)
            self._seal_legacy_payloads()
            self._check_key()
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            self._raise_alarm(f"the outbox could not be prepared: {type(exc).__name__}", exc)

    # --- health -----------------------------------------------------------------------
    @property
    def health(self) -> OutboxHealth:
        """Whether submissions can be queued, and the alarm if not."""
        with self._health_lock:
            return self._health

    def _raise_alarm(
        self, reason: str, exc: BaseException | None = None, *, sticky: bool = True
    ) -> None:
        with self._health_lock:
            self._health = OutboxHealth(available=not sticky, alarm=reason)
        logger.critical(
            "OUTBOX ALARM: %s (%s)",
            reason,
            self._db_path,
            extra={"event": "outbox.alarm", "reason": reason},
            exc_info=exc is not None and not isinstance(exc, DBAPIError),
        )

    def _clear_passing_alarm(self) -> None:
        with self._health_lock:
            if self._health.available and self._health.alarm is not None:
                self._health = OutboxHealth(available=True)
                logger.warning("outbox writes again", extra={"event": "outbox.alarm_cleared"})

    def _require_available(self) -> None:
        health = self.health
        if not health.available:
            raise QueueUnavailableError(health.alarm or "outbox unavailable")

    @property
    def db_path(self) -> Path:
        """Where the SQLite file lives."""
        return self._db_path

    @property
    def key_path(self) -> Path:
        """Where the encryption key lives."""
        return self._key_path

    # --- queuing ------------------------------------------------------------------------
    def enqueue(self, submission: Submission, attachments: Sequence[str] = ()) -> OutboxRecord:
        """Queue a submission; it is committed to disk when this returns.

        ``attachments`` are hashes returned by :meth:`put_attachment`. Queuing the same local
        id again with the identical payload returns the existing row (a double tap must not
        create two dossiers); a different payload raises ``OutboxConflict``. A damaged file or
        a full disk raises :class:`QueueUnavailableError` (and raises the operator's alarm).
        """
        self._require_available()
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
                    payload=self._cipher.seal_text(payload, submission.local_id),
                    state=OutboxState.QUEUED.value,
                    attempts=0,
                    last_error=None,
                    dossier_code=None,
                    created_at=now,
                    updated_at=now,
                    next_attempt_at=None,
                    poll_attempts=0,
                )
                session.add(row)
                session.flush()
                for position, sha in enumerate(dict.fromkeys(attachments)):
                    if session.get(AttachmentRow, sha) is None:
                        raise ValueError(f"attachment {sha} was not stored first")
                    session.add(
                        OutboxAttachmentRow(local_id=row.local_id, sha256=sha, position=position)
                    )
                session.flush()
                record = self._record(row, payload, tuple(dict.fromkeys(attachments)))
        except IntegrityError as exc:
            # The primary key was checked above, so this is the tracking code: already used
            # by another submission.
            raise OutboxConflict(
                f"tracking code {submission.tracking_code} is already queued under another local id"
            ) from exc
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            self._write_failed(exc)
        self._clear_passing_alarm()
        logger.info(
            "queued %s (%s)",
            record.local_id,
            record.tracking_code,
            extra={"event": "outbox.enqueued"},
        )
        return record

    def _write_failed(self, exc: BaseException) -> Any:
        if _is_disk_full(exc):
            # Passing: the next successful write clears it. Nothing was written (rolled back).
            self._raise_alarm("the disk is full: submissions cannot be stored", exc, sticky=False)
            raise QueueUnavailableError("disk full") from exc
        self._raise_alarm(f"the outbox file failed: {type(exc).__name__}", exc)
        raise QueueUnavailableError(type(exc).__name__) from exc

    def _same_or_conflict(self, existing: OutboxRow, payload: str) -> OutboxRecord:
        stored = self._open_payload(existing)
        if stored != payload:
            raise OutboxConflict(
                f"local id {existing.local_id} is already queued with a different payload"
            )
        logger.info(
            "already queued %s",
            existing.local_id,
            extra={"event": "outbox.enqueue_repeated"},
        )
        return self._record(existing, stored)

    def put_attachment(self, content: bytes) -> str:
        """Store a file once (encrypted), whatever number of submissions carry it; its hash."""
        self._require_available()
        sha = hashlib.sha256(content).hexdigest()
        try:
            with self._sessions.begin() as session:
                if session.get(AttachmentRow, sha) is None:
                    session.add(
                        AttachmentRow(
                            sha256=sha,
                            size=len(content),
                            content=self._cipher.seal_bytes(content, sha),
                            created_at=self._clock(),
                        )
                    )
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            self._write_failed(exc)
        return sha

    def get_attachment(self, sha256: str) -> bytes | None:
        """The plain bytes of a stored attachment, or None (unknown or purged)."""
        with self._sessions.begin() as session:
            row = session.get(AttachmentRow, sha256)
            return None if row is None else self._cipher.open_bytes(row.content, sha256)

    # --- reading ------------------------------------------------------------------------
    def _open_payload(self, row: OutboxRow | SimpleNamespace) -> str:
        return self._cipher.open_text(row.payload, row.local_id) if row.payload else ""

    def _record(
        self,
        row: OutboxRow | SimpleNamespace,
        payload: str | None = None,
        attachments: tuple[str, ...] = (),
        *,
        state: OutboxState | None = None,
        updated_at: datetime | None = None,
    ) -> OutboxRecord:
        """A snapshot of an ORM row or a row read with :data:`_SELECT_ROWS`; ``state`` and
        ``updated_at`` override what was read (a row just updated in bulk)."""
        return OutboxRecord(
            local_id=row.local_id,
            tracking_code=row.tracking_code,
            procedure_code=row.procedure_code,
            procedure_version=row.procedure_version,
            state=state or OutboxState(row.state),
            attempts=row.attempts,
            last_error=row.last_error,
            dossier_code=row.dossier_code,
            created_at=row.created_at,
            updated_at=updated_at or row.updated_at,
            payload_json=self._open_payload(row) if payload is None else payload,
            next_attempt_at=row.next_attempt_at,
            accepted_at=row.accepted_at,
            failure_status=row.failure_status,
            portal_status=row.portal_status,
            status_history=_history(row.status_history),
            status_checked_at=row.status_checked_at,
            next_poll_at=row.next_poll_at,
            poll_attempts=row.poll_attempts or 0,
            purged_at=row.purged_at,
            attachments=attachments,
        )

    def _full_record(self, session: Session, row: OutboxRow) -> OutboxRecord:
        hashes = session.scalars(
            select(OutboxAttachmentRow.sha256)
            .where(OutboxAttachmentRow.local_id == row.local_id)
            .order_by(OutboxAttachmentRow.position)
        ).all()
        return self._record(row, attachments=tuple(hashes))

    @staticmethod
    def _attachments_of(connection: Connection, local_ids: list[str]) -> dict[str, tuple[str, ...]]:
        """The attachment hashes of a few rows, in order, by local id (one query)."""
        found: dict[str, list[str]] = {}
        for local_id, sha in connection.exec_driver_sql(
            "SELECT local_id, sha256 FROM outbox_attachments"
            f" WHERE local_id IN ({_marks(len(local_ids))}) ORDER BY local_id, position",
            tuple(local_ids),
        ):
            found.setdefault(local_id, []).append(sha)
        return {local_id: tuple(hashes) for local_id, hashes in found.items()}

    def get(self, local_id: str) -> OutboxRecord | None:
        """The row for ``local_id``, or None."""
        with self._sessions.begin() as session:
            row = session.get(OutboxRow, local_id)
            return None if row is None else self._full_record(session, row)

    def find_by_tracking_code(self, tracking_code: str) -> OutboxRecord | None:
        """The row the resident's tracking code names (what the staff screen looks up)."""
        with self._sessions.begin() as session:
            row = session.scalars(
                select(OutboxRow).where(OutboxRow.tracking_code == tracking_code).limit(1)
            ).first()
            return None if row is None else self._full_record(session, row)

    # --- sending --------------------------------------------------------------------------
    def claim_next(
        self,
        *,
        after: tuple[datetime, str] | None = None,
    ) -> OutboxRecord | None:
        """Move the oldest due QUEUED row to SENDING and return it (None if nothing is due).

        ``after`` (the ``(created_at, local_id)`` of the last item claimed) lets one drain
        round walk the queue once without remembering what it tried.
        """
        claimed = self.claim_batch(1, after=after)
        return claimed[0] if claimed else None

    def claim_batch(
        self, limit: int, *, after: tuple[datetime, str] | None = None
    ) -> list[OutboxRecord]:
        """Move up to ``limit`` of the oldest due QUEUED rows to SENDING, in one transaction,
        and return them oldest first (empty when nothing is due).

        At most ``limit`` rows are read (``LIMIT`` on an index), however long the queue, so
        memory stays flat. Rows the caller does not get to send go back with
        :meth:`release`; after a crash, :meth:`requeue_interrupted` does it.
        """
        if limit < 1:
            raise ValueError("limit must be at least 1")
        return self.accept_and_claim((), limit, after=after)[1]

    def accept_and_claim(
        self,
        acceptances: Sequence[Acceptance],
        limit: int,
        *,
        after: tuple[datetime, str] | None = None,
    ) -> tuple[list[OutboxRecord], list[OutboxRecord]]:
        """:meth:`mark_accepted_many` then :meth:`claim_batch` (``limit`` 0: claim nothing),
        in one transaction (one fsync): the drain's step from one batch to the next.
        Returns ``(accepted, claimed)``.
        """
        if limit < 0:
            raise ValueError("limit must not be negative")
        if not self.health.available:
            # Nothing can be written: the acceptances stay unwritten (their rows SENDING).
            return [], []
        now = self._clock()
        # Plain SQL (see "the drain's hot path" above): this runs once per batch of the drain.
        with self._engine.begin() as connection:
            accepted = self._accept_rows(connection, acceptances, now)
            claimed = self._claim_rows(connection, limit, after, now)
        if accepted:
            self._log_accepted(acceptances, len(accepted))
        if claimed:
            logger.debug(
                "claimed %d (first %s)",
                len(claimed),
                claimed[0].local_id,
                extra={"event": "outbox.claimed"},
            )
        return accepted, claimed

    def _claim_rows(
        self,
        connection: Connection,
        limit: int,
        after: tuple[datetime, str] | None,
        now: datetime,
    ) -> list[OutboxRecord]:
        if limit == 0:
            return []
        stamp = _sql_time(now)
        sql = (
            f"{_SELECT_ROWS} WHERE state = ? AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
        )
        params: tuple[Any, ...] = (OutboxState.QUEUED.value, stamp)
        if after is not None:
            created = _sql_time(after[0])
            sql += " AND (created_at > ? OR (created_at = ? AND local_id > ?))"
            params += (created, created, after[1])
        sql += " ORDER BY created_at, local_id LIMIT ?"
        rows = [_row_from_sql(v) for v in connection.exec_driver_sql(sql, (*params, limit))]
        if not rows:
            return []
        ids = [row.local_id for row in rows]
        # BEGIN IMMEDIATE holds the write lock, so nobody can claim them in between.
        connection.exec_driver_sql(
            f"UPDATE outbox SET state = ?, updated_at = ? WHERE local_id IN ({_marks(len(ids))})",
            (OutboxState.SENDING.value, stamp, *ids),
        )
        hashes = self._attachments_of(connection, ids)
        return [
            self._record(
                row,
                attachments=hashes.get(row.local_id, ()),
                state=OutboxState.SENDING,
                updated_at=now,
            )
            for row in rows
        ]

    def release(self, local_ids: Sequence[str]) -> int:
        """Claimed rows that were not sent go back to QUEUED as they were (no attempt is
        counted, due at once). Rows no longer SENDING are left alone. Returns how many."""
        if not local_ids:
            return 0
        with self._sessions.begin() as session:
            result = session.execute(
                update(OutboxRow)
                .where(
                    OutboxRow.local_id.in_(list(local_ids)),
                    OutboxRow.state == OutboxState.SENDING.value,
                )
                .values(state=OutboxState.QUEUED.value, updated_at=self._clock())
                .execution_options(synchronize_session=False)
            )
            count: int = getattr(result, "rowcount", 0)
        logger.debug("released %d unsent", count, extra={"event": "outbox.released"})
        return count

    def mark_accepted(
        self,
        local_id: str,
        dossier_code: str,
        *,
        portal_status: str | None = None,
        next_poll_at: datetime | None = None,
    ) -> None:
        """The portal has it: remember the dossier code (and when to ask for its status)."""
        now = self._clock()
        with self._sessions.begin() as session:
            row = self._row(session, local_id)
            if row.state == OutboxState.ACCEPTED.value:
                if row.dossier_code == dossier_code:
                    return
                raise InvalidTransitionError(
                    f"{local_id} is already accepted as {row.dossier_code}, not {dossier_code}"
                )
            self._accept(row, Acceptance(local_id, dossier_code, portal_status, next_poll_at), now)
        logger.info(
            "accepted %s as dossier %s",
            local_id,
            dossier_code,
            extra={"event": "outbox.accepted"},
        )

    def mark_accepted_many(self, acceptances: Sequence[Acceptance]) -> list[OutboxRecord]:
        """Write down several acceptances in one transaction; the fresh records, in order.

        A row already accepted under the same dossier code is returned unchanged; one
        accepted under another code is left as it is, logged, and not returned (the portal
        is the source of truth, and a second answer for one key is the portal's bug).
        An unknown local id is a bug: :class:`UnknownRecordError`, nothing written.
        """
        if not acceptances:
            return []
        now = self._clock()
        with self._engine.begin() as connection:
            records = self._accept_rows(connection, acceptances, now)
        self._log_accepted(acceptances, len(records))
        return records

    def _accept_rows(
        self, connection: Connection, acceptances: Sequence[Acceptance], now: datetime
    ) -> list[OutboxRecord]:
        if not acceptances:
            return []
        ids = [a.local_id for a in acceptances]
        marks = _marks(len(ids))
        current = {
            values[0]: SimpleNamespace(
                state=values[1],
                dossier_code=values[2],
                portal_status=values[3],
                status_history=values[4],
            )
            for values in connection.exec_driver_sql(
                "SELECT local_id, state, dossier_code, portal_status, status_history"
                f" FROM outbox WHERE local_id IN ({marks})",
                tuple(ids),
            )
        }
        missing = [i for i in ids if i not in current]
        if missing:
            raise UnknownRecordError(f"no outbox row {missing[0]}")
        # Whole rows are read back only where the caller does not hold the claimed record,
        # or where the file already says accepted (then the file is the truth).
        unheld = [
            a.local_id
            for a in acceptances
            if a.claimed is None or current[a.local_id].state == OutboxState.ACCEPTED.value
        ]
        read: dict[str, OutboxRecord] = {}
        if unheld:
            hashes = self._attachments_of(connection, unheld)
            for values in connection.exec_driver_sql(
                f"{_SELECT_ROWS} WHERE local_id IN ({_marks(len(unheld))})", tuple(unheld)
            ):
                row = _row_from_sql(values)
                read[row.local_id] = self._record(row, attachments=hashes.get(row.local_id, ()))
        stamp = _sql_time(now)
        now_text = now.isoformat()
        first_events: dict[str, str] = {}  # the history of a dossier just accepted, by status
        records: list[OutboxRecord] = []
        changes: list[tuple[Any, ...]] = []
        for acceptance in acceptances:
            row = current[acceptance.local_id]
            if row.state == OutboxState.ACCEPTED.value:
                if row.dossier_code == acceptance.dossier_code:
                    records.append(read[acceptance.local_id])  # nothing to write
                else:
                    logger.error(
                        "%s is already accepted as %s, not %s",
                        acceptance.local_id,
                        row.dossier_code,
                        acceptance.dossier_code,
                        extra={"event": "outbox.accept_conflict"},
                    )
                continue
            status, history = row.portal_status, row.status_history
            if acceptance.portal_status:
                status = acceptance.portal_status
                if status not in first_events:
                    first_events[status] = json.dumps([{"status": status, "at": now_text}])
                history = first_events[status]
            changes.append(
                (
                    OutboxState.ACCEPTED.value,
                    acceptance.dossier_code,
                    stamp,
                    stamp,
                    status,
                    history,
                    _sql_time(acceptance.next_poll_at),
                    acceptance.local_id,
                )
            )
            before = acceptance.claimed or read[acceptance.local_id]
            records.append(
                replace(
                    before,
                    state=OutboxState.ACCEPTED,
                    dossier_code=acceptance.dossier_code,
                    last_error=None,
                    failure_status=None,
                    next_attempt_at=None,
                    accepted_at=now,
                    updated_at=now,
                    portal_status=status,
                    status_history=_history(history),
                    next_poll_at=acceptance.next_poll_at,
                )
            )
        if changes:
            # The same columns as mark_accepted / _accept (ORM) write.
            connection.exec_driver_sql(
                "UPDATE outbox SET state = ?, dossier_code = ?, last_error = NULL,"
                " failure_status = NULL, next_attempt_at = NULL, accepted_at = ?,"
                " updated_at = ?, portal_status = ?, status_history = ?, next_poll_at = ?"
                " WHERE local_id = ?",
                changes,
            )
        return records

    @staticmethod
    def _log_accepted(acceptances: Sequence[Acceptance], count: int) -> None:
        if not acceptances:
            return
        logger.info(
            "accepted %d (last %s as dossier %s)",
            count,
            acceptances[-1].local_id,
            acceptances[-1].dossier_code,
            extra={"event": "outbox.accepted"},
        )

    @staticmethod
    def _accept(row: OutboxRow, acceptance: Acceptance, now: datetime) -> None:
        # A FAILED row can still be accepted: the portal is the source of truth if a
        # manual resend got through.
        row.state = OutboxState.ACCEPTED.value
        row.dossier_code = acceptance.dossier_code
        row.last_error = None
        row.failure_status = None
        row.next_attempt_at = None
        row.accepted_at = now
        row.updated_at = now
        if acceptance.portal_status:
            row.portal_status = acceptance.portal_status
            row.status_history = json.dumps(
                [{"status": acceptance.portal_status, "at": now.isoformat()}]
            )
        row.next_poll_at = acceptance.next_poll_at

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

    def mark_failed(self, local_id: str, reason: str, http_status: int | None = None) -> None:
        """The portal refused it for good; the row is kept forever with the reason."""
        with self._sessions.begin() as session:
            row = self._row(session, local_id)
            self._require_open(row, "failed")
            row.state = OutboxState.FAILED.value
            row.attempts += 1
            row.last_error = _clip(reason)
            row.failure_status = http_status
            row.next_attempt_at = None
            row.updated_at = self._clock()
        logger.warning("failed %s for good", local_id, extra={"event": "outbox.failed"})

    def requeue_interrupted(self) -> int:
        """Rows left SENDING by a crash go back to QUEUED, due now. Returns how many.

        Call once at start, before any worker runs: resending is safe because the portal
        deduplicates on the Idempotency-Key.
        """
        if not self.health.available:
            return 0
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

    # --- status of accepted dossiers ------------------------------------------------------
    def next_to_poll(self, after: str | None = None) -> OutboxRecord | None:
        """The next accepted dossier (by local id, after ``after``) whose status is due."""
        if not self.health.available:
            return None
        now = self._clock()
        with self._sessions.begin() as session:
            query = (
                select(OutboxRow)
                .where(
                    OutboxRow.state == OutboxState.ACCEPTED.value,
                    OutboxRow.next_poll_at.is_not(None),
                    OutboxRow.next_poll_at <= now,
                )
                .order_by(OutboxRow.local_id)
                .limit(1)
            )
            if after is not None:
                query = query.where(OutboxRow.local_id > after)
            row = session.scalars(query).first()
            # The payload is not needed to ask for a status: do not decrypt it.
            return None if row is None else self._record(row, payload="")

    def record_status(
        self,
        local_id: str,
        status: str,
        history: Sequence[DossierEvent],
        next_poll_at: datetime | None,
    ) -> None:
        """Store what the portal says about a dossier; ``next_poll_at`` None stops polling."""
        now = self._clock()
        with self._sessions.begin() as session:
            row = self._row(session, local_id)
            changed = row.portal_status != status
            row.portal_status = status
            row.status_history = json.dumps(
                [{"status": e.status, "at": e.at, "note": e.note} for e in history],
                ensure_ascii=False,
            )
            row.status_checked_at = now
            row.poll_attempts = 0 if changed else (row.poll_attempts or 0) + 1
            row.next_poll_at = next_poll_at
        if changed:
            logger.info(
                "dossier of %s is now %s",
                local_id,
                status,
                extra={"event": "outbox.portal_status"},
            )

    def postpone_poll(self, local_id: str, next_poll_at: datetime) -> None:
        """Asking for the status failed for a passing reason: ask again later."""
        with self._sessions.begin() as session:
            row = self._row(session, local_id)
            row.poll_attempts = (row.poll_attempts or 0) + 1
            row.next_poll_at = next_poll_at

    # --- personal data ------------------------------------------------------------------
    def purge_personal_data(self, now: datetime) -> int:
        """Delete the payload and attachments of dossiers accepted more than the retention
        ago; tracking code, dossier code and status stay. Returns how many rows were purged."""
        if not self.health.available:
            return 0
        cutoff = now - self._retention
        with self._sessions.begin() as session:
            due = (
                select(OutboxRow.local_id)
                .where(
                    OutboxRow.state == OutboxState.ACCEPTED.value,
                    OutboxRow.purged_at.is_(None),
                    OutboxRow.accepted_at <= cutoff,
                )
                .scalar_subquery()
            )
            hashes = set(
                session.scalars(
                    select(OutboxAttachmentRow.sha256).where(OutboxAttachmentRow.local_id.in_(due))
                ).all()
            )
            session.execute(
                delete(OutboxAttachmentRow).where(OutboxAttachmentRow.local_id.in_(due))
            )
            result = session.execute(
                update(OutboxRow)
                .where(OutboxRow.local_id.in_(due))
                .values(payload="", purged_at=now)
                .execution_options(synchronize_session=False)
            )
            count: int = getattr(result, "rowcount", 0)
            if hashes:
                still_used = select(OutboxAttachmentRow.sha256)
                session.execute(
                    delete(AttachmentRow).where(
                        and_(
                            AttachmentRow.sha256.in_(hashes),
                            AttachmentRow.sha256.not_in(still_used),
                        )
                    )
                )
        if count:
            logger.info(
                "purged personal data of %d accepted submissions",
                count,
                extra={"event": "outbox.purged"},
            )
        return count

    def _check_key(self) -> None:
        # A replaced or lost key would make every queued submission unsendable: say so now,
        # not at the first send.
        with self._sessions.begin() as session:
            row = session.scalars(
                select(OutboxRow).where(OutboxRow.payload.like("gcm1:%")).limit(1)
            ).first()
            if row is None:
                return
            try:
                self._open_payload(row)
            except CannotDecryptError:
                self._raise_alarm(f"the key {self._key_path} does not open the queued submissions")

    def _seal_legacy_payloads(self) -> None:
        # Rows written before encryption existed hold plain JSON: seal them in place.
        sealed = 0
        while True:
            with self._sessions.begin() as session:
                rows = session.scalars(
                    select(OutboxRow)
                    .where(OutboxRow.payload != "", OutboxRow.payload.not_like("gcm1:%"))
                    .limit(SEAL_BATCH)
                ).all()
                for row in rows:
                    if not is_sealed(row.payload):
                        row.payload = self._cipher.seal_text(row.payload, row.local_id)
                sealed += len(rows)
            if len(rows) < SEAL_BATCH:
                break
        if sealed:
            logger.info(
                "encrypted %d payloads stored in plain text by an older version",
                sealed,
                extra={"event": "outbox.sealed_legacy"},
            )

    # --- for the operator -----------------------------------------------------------------
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

    def failures(self, page_size: int = 200) -> Iterator[FailedSubmission]:
        """Every submission the portal refused for good, oldest failure first, read a page at
        a time (memory stays flat however many there are). No payload is read."""
        after: tuple[datetime, str] | None = None
        while True:
            with self._sessions.begin() as session:
                query = (
                    select(
                        OutboxRow.local_id,
                        OutboxRow.tracking_code,
                        OutboxRow.procedure_code,
                        OutboxRow.procedure_version,
                        OutboxRow.failure_status,
                        OutboxRow.last_error,
                        OutboxRow.updated_at,
                        OutboxRow.attempts,
                    )
                    .where(OutboxRow.state == OutboxState.FAILED.value)
                    .order_by(OutboxRow.updated_at, OutboxRow.local_id)
                    .limit(page_size)
                )
                if after is not None:
                    query = query.where(
                        or_(
                            OutboxRow.updated_at > after[0],
                            and_(OutboxRow.updated_at == after[0], OutboxRow.local_id > after[1]),
                        )
                    )
                page = session.execute(query).all()
            for row in page:
                # A FAILED row is not written again (only a later acceptance would change
                # it), so its updated_at is when it failed.
                yield FailedSubmission(
                    local_id=row.local_id,
                    tracking_code=row.tracking_code,
                    procedure_code=row.procedure_code,
                    procedure_version=row.procedure_version,
                    http_status=row.failure_status,
                    reason=row.last_error or "",
                    failed_at=row.updated_at,
                    attempts=row.attempts,
                )
            if len(page) < page_size:
                return
            after = (page[-1].updated_at, page[-1].local_id)

    def oldest_unsent_age_s(self, now: datetime) -> float | None:
        """Seconds since the oldest submission not yet at the portal was queued (None: none)."""
        return unsent_age_s(self.oldest_unsent(), now)

    def oldest_unsent(self) -> OutboxRecord | None:
        """The oldest submission not yet at the portal, without its payload: why it waits
        (attempts, last error, next attempt) is what the operator looks at first."""
        with self._sessions.begin() as session:
            row = session.scalars(
                select(OutboxRow)
                .where(OutboxRow.state.in_([OutboxState.QUEUED.value, OutboxState.SENDING.value]))
                .order_by(OutboxRow.created_at)
                .limit(1)
            ).first()
            return None if row is None else self._record(row, payload="")

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
