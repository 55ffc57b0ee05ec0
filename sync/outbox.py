"""The outbox: every submission is kept in a local SQLite file until the portal has it.

A submission is committed (``synchronous=FULL``) before the resident is told it was
received, so a power cut or a crash never loses one. The row carries the frozen JSON payload
exactly as it will be sent, encrypted at rest (AES-GCM, :mod:`sync.outbox_crypto`); retries
resend the same bytes with the same ``Idempotency-Key``, so the portal can recognise them.

Life cycle::

    QUEUED --claim_next--> SENDING --mark_accepted--> ACCEPTED   (final; status then polled)
       ^                      |------mark_failed----> FAILED     (final, kept with the reason)
       +------mark_retry------+
       +--requeue_interrupted-+   (after a crash left it SENDING)

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import (
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
from sync.outbox_schema import AttachmentRow, OutboxAttachmentRow, OutboxRow

__all__ = [
    "FINAL_PORTAL_STATUSES",
    "DossierEvent",
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
class OutboxHealth:
    """What the operator's screen shows about the outbox itself."""

    available: bool
    alarm: str | None = None
    """Why submissions cannot be queued (or the last write that failed), if any."""


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
    def _open_payload(self, row: OutboxRow) -> str:
        return self._cipher.open_text(row.payload, row.local_id) if row.payload else ""

    def _record(
        self, row: OutboxRow, payload: str | None = None, attachments: tuple[str, ...] = ()
    ) -> OutboxRecord:
        return OutboxRecord(
            local_id=row.local_id,
            tracking_code=row.tracking_code,
            procedure_code=row.procedure_code,
            procedure_version=row.procedure_version,
            state=OutboxState(row.state),
            attempts=row.attempts,
            last_error=row.last_error,
            dossier_code=row.dossier_code,
            created_at=row.created_at,
            updated_at=row.updated_at,
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

        One row is read per call (``LIMIT 1`` on an index), however long the queue. ``after``
        (the ``(created_at, local_id)`` of the last item claimed) lets one drain round walk the
        queue once without remembering what it tried.
        """
        if not self.health.available:
            return None
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
            if after is not None:
                created, local_id = after
                query = query.where(
                    or_(
                        OutboxRow.created_at > created,
                        and_(OutboxRow.created_at == created, OutboxRow.local_id > local_id),
                    )
                )
            row = session.scalars(query).first()
            if row is None:
                return None
            # BEGIN IMMEDIATE holds the write lock, so nobody can claim it in between.
            row.state = OutboxState.SENDING.value
            row.updated_at = now
            session.flush()
            record = self._full_record(session, row)
        logger.debug(
            "claimed %s (attempt %d)",
            record.local_id,
            record.attempts + 1,
            extra={"event": "outbox.claimed"},
        )
        return record

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
            # A FAILED row can still be accepted: the portal is the source of truth if a
            # manual resend got through.
            row.state = OutboxState.ACCEPTED.value
            row.dossier_code = dossier_code
            row.last_error = None
            row.failure_status = None
            row.next_attempt_at = None
            row.accepted_at = now
            row.updated_at = now
            if portal_status:
                row.portal_status = portal_status
                row.status_history = json.dumps([{"status": portal_status, "at": now.isoformat()}])
            row.next_poll_at = next_poll_at
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

    def oldest_unsent_age_s(self, now: datetime) -> float | None:
        """Seconds since the oldest submission not yet at the portal was queued (None: none)."""
        with self._sessions.begin() as session:
            oldest = session.scalars(
                select(OutboxRow.created_at)
                .where(OutboxRow.state.in_([OutboxState.QUEUED.value, OutboxState.SENDING.value]))
                .order_by(OutboxRow.created_at)
                .limit(1)
            ).first()
        return None if oldest is None else max(0.0, (now - oldest).total_seconds())

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
