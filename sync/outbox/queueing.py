"""Queueing: a submission and its attachments committed to disk, encrypted, exactly once.

The resident waits for this (the confirmation shows once it returns), so it runs in plain SQL on
the DB-API connection, one ``BEGIN IMMEDIATE`` transaction per call
(:mod:`sync.outbox.raw_transaction`), not through the ORM: the models' session set-up, the
primary-key look-up and the flushes cost several times the commit itself. It writes exactly
the rows the models would (every column of :class:`~sync.outbox.schema.OutboxRow`, the stored
forms of :mod:`sync.outbox.rows`); names come from the models.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from kiosk.submission import Submission
from sync.errors import OutboxConflict
from sync.outbox.raw_transaction import immediate_transaction
from sync.outbox.records import OutboxRecord, OutboxState
from sync.outbox.rows import OUTBOX, SELECT_ROWS, OutboxSqlRow, marks, sql_time
from sync.outbox.schema import AttachmentRow, OutboxAttachmentRow
from sync.outbox.storage import OutboxStore, logger

_ATTACHMENTS = cast(Table, AttachmentRow.__table__)
_LINKS = cast(Table, OutboxAttachmentRow.__table__)

_SELECT_ROW = f"{SELECT_ROWS} WHERE {OUTBOX.c.local_id.name} = ?"
_INSERT_ROW = (
    f"INSERT INTO {OUTBOX.name} ({', '.join(OutboxSqlRow._fields)})"
    f" VALUES ({marks(len(OutboxSqlRow._fields))})"
)
_SHA = _ATTACHMENTS.c.sha256.name
_INSERT_LINK = (
    f"INSERT INTO {_LINKS.name}"
    f" ({_LINKS.c.local_id.name}, {_LINKS.c.sha256.name}, {_LINKS.c.position.name})"
    " VALUES (?, ?, ?)"
)
_ATTACHMENT_STORED = f"SELECT 1 FROM {_ATTACHMENTS.name} WHERE {_SHA} = ?"
_INSERT_ATTACHMENT = (
    f"INSERT INTO {_ATTACHMENTS.name} ({_SHA}, {_ATTACHMENTS.c.size.name},"
    f" {_ATTACHMENTS.c.content.name}, {_ATTACHMENTS.c.created_at.name}) VALUES (?, ?, ?, ?)"
)


def _stored(row: OutboxSqlRow) -> tuple[Any, ...]:
    """The values of ``row`` as the file holds them (datetimes as naive UTC text)."""
    return tuple(sql_time(v) if isinstance(v, datetime) else v for v in row)


class OutboxQueueing(OutboxStore):
    """Taking submissions and their attachments in (the UI thread's side of the outbox)."""

    def enqueue(self, submission: Submission, attachments: Sequence[str] = ()) -> OutboxRecord:
        """Queue a submission; it is committed to disk when this returns.

        ``attachments`` are hashes returned by :meth:`put_attachment`. Queuing the same local
        id again with the identical payload returns the existing row (a double tap must not
        create two dossiers); a different payload raises ``OutboxConflict``. A damaged file or
        a full disk raises :class:`QueueUnavailableError` (and raises the operator's alarm).
        """
        self._require_available()
        payload = submission.payload_json()
        hashes = tuple(dict.fromkeys(attachments))
        now = self._clock()
        row = OutboxSqlRow(
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
            accepted_at=None,
            failure_status=None,
            portal_status=None,
            status_history=None,
            status_checked_at=None,
            next_poll_at=None,
            poll_attempts=0,
            purged_at=None,
        )
        values = _stored(row)
        try:
            with immediate_transaction(self._engine) as db:
                found = db.execute(_SELECT_ROW, (submission.local_id,)).fetchone()
                if found is not None:
                    return self._same_or_conflict(OutboxSqlRow.from_sql(found), payload)
                db.execute(_INSERT_ROW, values)
                self._link_attachments(db, submission.local_id, hashes)
        except IntegrityError as exc:
            # The primary key was checked above, so this is the tracking code: already used
            # by another submission.
            raise OutboxConflict(
                f"tracking code {submission.tracking_code} is already queued under another local id"
            ) from exc
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            self._write_failed(exc)
        record = self._record(row, payload, hashes)
        self._clear_passing_alarm()
        logger.info(
            "queued %s (%s)",
            record.local_id,
            record.tracking_code,
            extra={"event": "outbox.enqueued"},
        )
        return record

    @staticmethod
    def _link_attachments(db: sqlite3.Connection, local_id: str, hashes: tuple[str, ...]) -> None:
        """The submission's attachments, in order; each must have been stored first."""
        if not hashes:
            return
        stored = {
            sha
            for (sha,) in db.execute(
                f"SELECT {_SHA} FROM {_ATTACHMENTS.name} WHERE {_SHA} IN ({marks(len(hashes))})",
                hashes,
            )
        }
        for sha in hashes:
            if sha not in stored:
                raise ValueError(f"attachment {sha} was not stored first")
        db.executemany(
            _INSERT_LINK, [(local_id, sha, position) for position, sha in enumerate(hashes)]
        )

    def _same_or_conflict(self, existing: OutboxSqlRow, payload: str) -> OutboxRecord:
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
            with immediate_transaction(self._engine) as db:
                if db.execute(_ATTACHMENT_STORED, (sha,)).fetchone() is None:
                    db.execute(
                        _INSERT_ATTACHMENT,
                        (
                            sha,
                            len(content),
                            self._cipher.seal_bytes(content, sha),
                            sql_time(self._clock()),
                        ),
                    )
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            self._write_failed(exc)
        return sha

    def get_attachment(self, sha256: str) -> bytes | None:
        """The plain bytes of a stored attachment, or None (unknown or purged)."""
        with self._sessions.begin() as session:
            row = session.get(AttachmentRow, sha256)
            return None if row is None else self._cipher.open_bytes(row.content, sha256)
