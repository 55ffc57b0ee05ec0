"""Queueing: a submission and its attachments committed to disk, encrypted, exactly once."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from kiosk.submission import Submission
from sync.errors import OutboxConflict
from sync.outbox.records import OutboxRecord, OutboxState
from sync.outbox.schema import AttachmentRow, OutboxAttachmentRow, OutboxRow
from sync.outbox.storage import OutboxStore, logger


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
